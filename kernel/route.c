// SPDX-License-Identifier: GPL-2.0
/*
 * Sending a packet on from PRE_ROUTING ourselves, for the methods whose
 * packet normal forwarding cannot carry: direct routing (the destination
 * address stays the service's, the next hop is the real server), tunnels
 * (a new outer header from the director) and full NAT (a source address
 * of the director, which input routing would refuse as martian).
 *
 * Such packets leave like the director's own, through OUTPUT and
 * POSTROUTING, as IPVS's do; conntrack is told to leave them alone.
 */
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/skbuff.h>
#include "compat.h"
#include <net/icmp.h>
#include <net/ip.h>
#include <net/route.h>

#include "nflb.h"

/*
 * The route to daddr. known_nh makes daddr the next hop even on a
 * directly connected network, where the packet's own destination (the
 * service address) would otherwise be resolved. *saddr, when given,
 * receives the source address the route prefers.
 */
struct rtable *nflb_route_ipv4(struct net *net, __be32 daddr, bool known_nh,
			       __be32 *saddr)
{
	struct flowi4 fl4;
	struct rtable *rt;

	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = daddr;
	fl4.flowi4_flags = known_nh ? FLOWI_FLAG_KNOWN_NH : 0;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return rt;
	if (saddr)
		*saddr = fl4.saddr;
	return rt;
}

/*
 * Give skb the route to daddr (see nflb_route_ipv4): 0, or NFLB_LOCAL when
 * daddr is the director's own and skb should be delivered as it is, or a
 * negative error.
 */
int nflb_route_skb_ipv4(struct net *net, struct sk_buff *skb, __be32 daddr,
			bool known_nh, __be32 *saddr)
{
	struct rtable *rt;

	rt = nflb_route_ipv4(net, daddr, known_nh, saddr);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	if (rt->rt_type == RTN_LOCAL) {
		ip_rt_put(rt);
		return NFLB_LOCAL;
	}
	skb_dst_drop(skb);
	skb_dst_set(skb, &rt->dst);
	return 0;
}

/*
 * Whether skb, once sent on its route, fits mtu; if not and it may not be
 * fragmented, the sender learns the size that fits (path-MTU discovery).
 */
bool nflb_fits_mtu_ipv4(struct sk_buff *skb, unsigned int mtu)
{
	if (!(ip_hdr(skb)->frag_off & htons(IP_DF)))
		return true;
	if (skb_is_gso(skb) ? skb_gso_validate_network_len(skb, mtu) :
			      skb->len <= mtu)
		return true;
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
	return false;
}

/* skb has its route: send it as the director's own packet. */
int nflb_output_ipv4(struct net *net, struct sk_buff *skb)
{
	nf_reset_ct(skb);
	skb_set_nfct(skb, IP_CT_UNTRACKED);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	skb_clear_tstamp(skb);
	skb->ignore_df = 1;
	return ip_local_out(net, NULL, skb);
}
