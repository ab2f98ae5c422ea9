/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types for the logic that is compiled both into the module and into the
 * user-space unit tests (schedulers, connection state machine).
 */
#ifndef _NFLB_PURE_H
#define _NFLB_PURE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef int32_t s32;
typedef uint64_t u64;
#endif

#endif /* _NFLB_PURE_H */
