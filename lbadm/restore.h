/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_LBADM_RESTORE_H
#define _NFLB_LBADM_RESTORE_H

#include <stdio.h>

#include "libnflb.h"

/* As ipvsadm: 2 for a usage error, 255 when the kernel refuses. */
#define LBADM_EXIT_REFUSED 255

/*
 * lbadm -R: the commands of in, one per line, as one batch; check_only
 * (--test): checked by the kernel, not applied. Returns the exit status.
 */
int lbadm_restore(struct nflb_handle *h, FILE *in, int check_only);

#endif /* _NFLB_LBADM_RESTORE_H */
