/* SPDX-License-Identifier: GPL-2.0 */
/* lbd's configuration file: the services and backends it should apply. */
#ifndef _NFLB_LBD_CONFIG_H
#define _NFLB_LBD_CONFIG_H

#include <stddef.h>

#include "libnflb.h"

/*
 * Read and validate path into the desired table. Returns 0, or -1 with
 * "FILE:LINE: reason" in err; the table is then empty.
 */
int lbd_config_load(const char *path, struct nflb_table *want, char *err,
		    size_t errlen);

#endif /* _NFLB_LBD_CONFIG_H */
