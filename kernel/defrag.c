// SPDX-License-Identifier: GPL-2.0
/*
 * Reassembly before the hooks, while the namespace has services. Past
 * the first, a fragment carries no ports: no service or connection can
 * be found for it, so without reassembly the fragments of a big UDP
 * datagram to a service (DNS with EDNS, SIP) would go to the director's
 * own stack. conntrack reassembles for itself, but a director need not
 * use it: nf_defrag_ipv4 and nf_defrag_ipv6 alone do the same, at their
 * priority ahead of our hooks (IPVS turns on the IPv6 one for its IPv6
 * services and counts on conntrack for IPv4). The packets leave in
 * fragments again, no larger than they came in (route.c, nflb_output()).
 *
 * Turning them on registers hooks: it sleeps and may fail, so it is done
 * under nn->lock before a batch applies anything (change.c), and undone
 * once the last service is gone.
 */
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "nflb.h"

/* Reassembly is on in nn's namespace from now on, or an error. */
int nflb_defrag_need(struct nflb_net *nn)
{
	int err;

	lockdep_assert_held(&nn->lock);
	if (nn->defrag)
		return 0;
	err = nf_defrag_ipv4_enable(nn->net);
	if (err)
		return err;
	err = nf_defrag_ipv6_enable(nn->net);
	if (err) {
		nf_defrag_ipv4_disable(nn->net);
		return err;
	}
	nn->defrag = true;
	return 0;
}

/* Reassembly stops once no service is left. */
void nflb_defrag_idle(struct nflb_net *nn)
{
	lockdep_assert_held(&nn->lock);
	if (!nn->defrag || nn->svc_count)
		return;
	nf_defrag_ipv6_disable(nn->net);
	nf_defrag_ipv4_disable(nn->net);
	nn->defrag = false;
}
