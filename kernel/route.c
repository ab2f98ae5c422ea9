// SPDX-License-Identifier: GPL-2.0
/*
 * Sending a packet on from PRE_ROUTING ourselves, for the methods whose
 * packet normal forwarding cannot carry: direct routing (the destination
 * address stays the service's, the next hop is the real server), tunnels
 * (a new outer header from the director), full NAT (a source address
 * of the director, which input routing would refuse as martian) and NAT
 * for a client on the director itself (the same: its packets come over
 * the loopback device from an address of the director).
 *
 * Such packets leave like the director's own, through OUTPUT and
 * POSTROUTING, as IPVS's do; conntrack is told to leave them alone. As
 * IPVS, nflb does a router's part on the way: TTL and path MTU.
 */
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/skbuff.h>
#include "compat.h"
#include <net/addrconf.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>

#include "nflb.h"

static struct dst_entry *route_ipv4(struct net *net, __be32 daddr,
				    bool known_nh, __be32 *saddr, bool *local)
{
	struct flowi4 fl4;
	struct rtable *rt;

	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = daddr;
	fl4.flowi4_flags = known_nh ? FLOWI_FLAG_KNOWN_NH : 0;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return ERR_CAST(rt);
	if (saddr)
		*saddr = fl4.saddr;
	*local = rt->rt_type == RTN_LOCAL;
	return &rt->dst;
}

/*
 * IPv6 honours FLOWI_FLAG_KNOWN_NH too: the route it gives has daddr as
 * its next hop whatever the packet's own destination.
 */
static struct dst_entry *route_ipv6(struct net *net,
				    const struct in6_addr *daddr, bool known_nh,
				    struct in6_addr *saddr, bool *local)
{
	struct flowi6 fl6;
	struct dst_entry *dst;
	int err;

	memset(&fl6, 0, sizeof(fl6));
	fl6.daddr = *daddr;
	fl6.flowi6_flags = known_nh ? FLOWI_FLAG_KNOWN_NH : 0;
	dst = ip6_route_output(net, NULL, &fl6);
	err = dst->error;
	if (err)
		goto fail;
	*local = dst->dev->flags & IFF_LOOPBACK;
	/* A packet delivered here can do without a source address. */
	if (saddr && ipv6_dev_get_saddr(net, dst->dev, daddr, 0, saddr) &&
	    !*local) {
		err = -EADDRNOTAVAIL;
		goto fail;
	}
	return dst;
fail:
	dst_release(dst);
	return ERR_PTR(err);
}

/*
 * The route to daddr of family af. known_nh makes daddr the next hop even
 * on a directly connected network, where the packet's own destination
 * (the service address) would otherwise be resolved. *saddr, unless NULL,
 * receives the source address the route prefers; *local whether daddr is
 * the director's own.
 */
struct dst_entry *nflb_route(struct net *net, u8 af,
			     const union nf_inet_addr *daddr, bool known_nh,
			     union nf_inet_addr *saddr, bool *local)
{
	if (saddr)
		memset(saddr, 0, sizeof(*saddr));
	if (af == AF_INET6)
		return route_ipv6(net, &daddr->in6, known_nh,
				  saddr ? &saddr->in6 : NULL, local);
	return route_ipv4(net, daddr->ip, known_nh, saddr ? &saddr->ip : NULL,
			  local);
}

/*
 * Whether skb leaves in packets of mtu at most: a reassembled one
 * (frag_max, the largest fragment it came in) when its fragments did, a
 * segmentation-offloaded one when its segments will.
 */
static bool leaves_in(const struct sk_buff *skb, u16 frag_max, unsigned int mtu)
{
	if (frag_max)
		return frag_max <= mtu;
	if (skb_is_gso(skb))
		return skb_gso_validate_network_len(skb, mtu);
	return skb->len <= mtu;
}

static bool fits_ipv4(struct sk_buff *skb, unsigned int mtu)
{
	if (!(ip_hdr(skb)->frag_off & htons(IP_DF)) ||
	    leaves_in(skb, IPCB(skb)->frag_max_size, mtu))
		return true;
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
	return false;
}

/* IPv6 routers never fragment; a reassembled packet leaves as it came. */
static bool fits_ipv6(struct sk_buff *skb, unsigned int mtu)
{
	if (leaves_in(skb, IP6CB(skb)->frag_max_size, mtu))
		return true;
	icmpv6_send(skb, ICMPV6_PKT_TOOBIG, 0,
		    max_t(unsigned int, mtu, IPV6_MIN_MTU));
	return false;
}

/*
 * Whether skb, once sent on its route, fits mtu; if not and it may not be
 * fragmented, the sender learns the size that fits (path-MTU discovery).
 */
bool nflb_fits_mtu(struct sk_buff *skb, u8 af, unsigned int mtu)
{
	return af == AF_INET6 ? fits_ipv6(skb, mtu) : fits_ipv4(skb, mtu);
}

/*
 * A router's duty to what it forwards: one hop less, or, at the last hop,
 * ICMP time exceeded to the sender instead, as IPVS does for every method
 * that sends packets itself (Linux's own forwarding does the same for
 * plain NAT). skb has its route out already: icmp_send() needs one.
 */
static bool hop(struct sk_buff *skb, u8 af)
{
	unsigned int nh = skb_network_offset(skb);

	if (af == AF_INET6) {
		if (ipv6_hdr(skb)->hop_limit <= 1) {
			icmpv6_send(skb, ICMPV6_TIME_EXCEED,
				    ICMPV6_EXC_HOPLIMIT, 0);
			return false;
		}
		/* A clone's header may be another's too. */
		if (skb_ensure_writable(skb, nh + sizeof(struct ipv6hdr)))
			return false;
		ipv6_hdr(skb)->hop_limit--;
		return true;
	}
	if (ip_hdr(skb)->ttl <= 1) {
		icmp_send(skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0);
		return false;
	}
	if (skb_ensure_writable(skb, nh + sizeof(struct iphdr)))
		return false;
	ip_decrease_ttl(ip_hdr(skb)); /* keeps the header checksum right */
	return true;
}

/* A loopback source must not leave the host (RFC 1122, RFC 4291). */
static bool loopback_source(const struct sk_buff *skb, u8 af)
{
	if (af == AF_INET6)
		return ipv6_addr_loopback(&ipv6_hdr(skb)->saddr);
	return ipv4_is_loopback(ip_hdr(skb)->saddr);
}

/*
 * Give skb the route to daddr (see nflb_route), to be sent on from
 * PRE_ROUTING as a router forwards it: one hop less (hop()) and no bigger
 * than the path allows once overhead bytes of tunnel headers are added
 * (nflb_fits_mtu()). The senders hear of either as ICMP errors, so call
 * this before the packet is rewritten: the errors must quote what they
 * sent.
 *
 * Returns 0; or NFLB_LOCAL when daddr is the director's own: the packet
 * is not forwarded, but delivered here with the local route, which input
 * routing would not give it when its source is an address of this host
 * (a client on the director, or a full-NAT reply to it: a "martian"); or a
 * negative error. saddr may be NULL.
 */
int nflb_route_skb(struct net *net, struct sk_buff *skb, u8 af,
		   const union nf_inet_addr *daddr, bool known_nh,
		   unsigned int overhead, union nf_inet_addr *saddr)
{
	struct dst_entry *dst;
	bool local;

	dst = nflb_route(net, af, daddr, known_nh, saddr, &local);
	if (IS_ERR(dst))
		return PTR_ERR(dst);
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	if (local)
		return NFLB_LOCAL;
	if (loopback_source(skb, af))
		return -EINVAL;
	/* As ip_forward(): a received full checksum no longer holds. */
	skb_forward_csum(skb);
	if (!hop(skb, af))
		return -ETIMEDOUT;
	if (!nflb_fits_mtu(skb, af, dst_mtu(dst) - overhead))
		return -EMSGSIZE;
	return 0;
}

/*
 * skb has its route: send it as the director's own packet. Of what input
 * left in its control block, only the size of the largest fragment of a
 * reassembled packet stays: output splits it again into fragments no
 * larger, as forwarding does.
 */
int nflb_output(struct net *net, struct sk_buff *skb, u8 af)
{
	u16 frag_max;

	nf_reset_ct(skb);
	skb_set_nfct(skb, IP_CT_UNTRACKED);
	skb_clear_tstamp(skb);
	skb->ignore_df = 1;
	if (af == AF_INET6) {
		frag_max = IP6CB(skb)->frag_max_size;
		memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
		IP6CB(skb)->frag_max_size = frag_max;
		return ip6_local_out(net, NULL, skb);
	}
	frag_max = IPCB(skb)->frag_max_size;
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	IPCB(skb)->frag_max_size = frag_max;
	return ip_local_out(net, NULL, skb);
}
