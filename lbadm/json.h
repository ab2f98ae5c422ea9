/* SPDX-License-Identifier: GPL-2.0 */
/* lbadm --json: listings for scripts. */
#ifndef _NFLB_LBADM_JSON_H
#define _NFLB_LBADM_JSON_H

#include <stdio.h>

#include "libnflb.h"

/* The services of t (only that one when only is set), with servers. */
void lbadm_json_table(FILE *out, const struct nflb_table *t,
		      const struct nflb_svc_entry *only);
void lbadm_json_conns(FILE *out, const struct nflb_conn_list *list);
/* --info and --timeout. */
void lbadm_json_info(FILE *out, const struct nflb_info *info);

#endif /* _NFLB_LBADM_JSON_H */
