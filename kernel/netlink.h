/* SPDX-License-Identifier: GPL-2.0 */
/* What netlink.c shares with the other netlink files. */
#ifndef _NFLB_NETLINK_H
#define _NFLB_NETLINK_H

#include <net/genetlink.h>

#include "nflb.h"

extern const struct nla_policy nflb_dest_policy[NFLB_DEST_A_MAX + 1];
extern const struct nla_policy nflb_conn_policy[NFLB_CONN_A_MAX + 1];

int nflb_nl_parse_addr(const struct nlattr *attr, u8 af,
		       union nf_inet_addr *addr,
		       struct netlink_ext_ack *extack);
u8 nflb_nl_addr_af(const struct nlattr *attr);
unsigned int nflb_nl_addr_len(u8 af);
int nflb_nl_parse_svc(struct nlattr *nest, struct nlattr **tb,
		      struct nflb_svc_key *key, struct netlink_ext_ack *extack);
int nflb_nl_put_addr(struct sk_buff *skb, int type, u8 af,
		     const union nf_inet_addr *addr);
void *nflb_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb,
		       u8 cmd);

/* netlink_conn.c */
int nflb_nl_conn_dump_start(struct netlink_callback *cb);
int nflb_nl_conn_dump(struct sk_buff *skb, struct netlink_callback *cb);
int nflb_nl_conn_dump_done(struct netlink_callback *cb);
int nflb_nl_del_conn(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_flush_conn(struct sk_buff *skb, struct genl_info *info);

#endif /* _NFLB_NETLINK_H */
