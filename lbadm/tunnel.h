/* SPDX-License-Identifier: GPL-2.0 */
/* Tunnel options of a real server: --tun-type, --tun-port, --tun-*csum. */
#ifndef _NFLB_LBADM_TUNNEL_H
#define _NFLB_LBADM_TUNNEL_H

#include <stddef.h>

#include "cmd.h"

/* "ipip", "gue" or "gre" ("?" for an unknown type)... */
const char *lbadm_tun_type_name(uint8_t type);
/* ...and back; 2 with a message in err otherwise. */
int lbadm_parse_tun_type(const char *text, uint8_t *type, char *err,
			 size_t errlen);

/*
 * Once the forwarding method is known: the tunnel options must fit it and
 * each other (ipvsadm's rules and wording). Returns 0 or 2.
 */
int lbadm_check_tunnel(const struct lbadm_cmd *cmd, char *err, size_t errlen);

/* ipvsadm's TunnelInfo column: "n/a", "ipip", "gue:6080:+c", "gre:-c". */
void lbadm_format_tun_info(char *buf, size_t len, const struct nflb_dest *d);

#endif /* _NFLB_LBADM_TUNNEL_H */
