/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Changes of the service table. A request carries one, a batch many;
 * both are committed the same way (change.c): all checked first, then
 * all applied, so that a refused batch changes nothing.
 */
#ifndef _NFLB_CHANGE_H
#define _NFLB_CHANGE_H

#include "nflb.h"

struct nflb_change {
	u8 cmd; /* NFLB_CMD_{NEW,SET,DEL}_{SERVICE,DEST}, NFLB_CMD_FLUSH */
	const struct nlattr *attr; /* what a refusal points at, or NULL */
	struct nflb_svc_key key;
	struct nflb_svc_conf svc;
	u32 svc_which; /* enum nflb_svc_conf_bits */
	struct nflb_dest_req dest;
};

/* Point a refusal at attr unless it points somewhere already. */
static inline void nflb_point_at(struct netlink_ext_ack *extack,
				 const struct nlattr *attr)
{
	if (extack && !extack->bad_attr)
		extack->bad_attr = attr;
}

/*
 * Check the n changes of c in order against the table as the earlier
 * ones leave it; unless check_only, then apply them. The caller holds
 * nn->lock. On a refusal, extack names the reason and points at the
 * refused change's attributes.
 */
int nflb_changes_commit(struct nflb_net *nn, const struct nflb_change *c, u32 n,
			bool check_only, struct netlink_ext_ack *extack);

/* netlink.c: announce an applied change to NFLB_MCGRP_EVENTS. */
void nflb_nl_notify(struct nflb_net *nn, u8 cmd, const struct nflb_svc_key *key,
		    const struct nflb_svc_conf *conf, struct nflb_dest *dest);

#endif /* _NFLB_CHANGE_H */
