/* SPDX-License-Identifier: GPL-2.0 */
/* ipvsadm-compatible listings. */
#ifndef _NFLB_LBADM_LIST_H
#define _NFLB_LBADM_LIST_H

#include <stdio.h>

#include "cmd.h"

void lbadm_sort_table(struct nflb_table *table);
/* The first line of a full listing (ipvsadm omits it for one service). */
void lbadm_print_version(FILE *out, const struct nflb_info *info);
void lbadm_print_title(FILE *out, unsigned int format);
void lbadm_print_service(FILE *out, const struct nflb_svc_entry *entry,
			 unsigned int format);

#endif /* _NFLB_LBADM_LIST_H */
