// SPDX-License-Identifier: GPL-2.0
/*
 * Connection tracking, when the network namespace uses it, sees every
 * flow of a service as client <-> real server: the first hook translates
 * packets before conntrack looks at them. A flow of a firewall-mark
 * service is scheduled after the mangle table has marked it, when
 * conntrack has already taken its first packet as client -> service;
 * that packet is tracked again once translated, so the entry is the one
 * the first hook would have given.
 *
 * nflb does not depend on the conntrack module: its entry point is taken
 * the first time a packet shows that conntrack is in use, and kept until
 * nflb is unloaded.
 */
#include <linux/module.h>
#include <net/netfilter/nf_conntrack_core.h>

#include "nflb.h"

static typeof(&nf_conntrack_in) conntrack_in;

bool nflb_conntrack_forget(struct sk_buff *skb)
{
	/* An untracked packet (raw table NOTRACK) stays untracked. */
	if (!skb_nfct(skb))
		return false;
	nf_reset_ct(skb);
	return true;
}

unsigned int nflb_conntrack_again(struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	typeof(&nf_conntrack_in) fn = READ_ONCE(conntrack_in);

	if (!fn) {
		fn = symbol_get(nf_conntrack_in);
		if (!fn)
			return NF_ACCEPT;
		if (cmpxchg(&conntrack_in, NULL, fn)) {
			symbol_put(nf_conntrack_in);
			fn = READ_ONCE(conntrack_in);
		}
	}
	return fn(skb, state);
}

void nflb_conntrack_exit(void)
{
	if (conntrack_in)
		symbol_put(nf_conntrack_in);
}
