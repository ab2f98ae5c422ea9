// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnel forwarding: the client's packet, unchanged, inside a new IP
 * header (of the packet's own family) from the director to the real
 * server, which decapsulates it and answers the client directly. Three
 * encapsulations, as IPVS offers: plain IP-in-IP (IPv6-in-IPv6), GUE
 * (UDP, optionally with an outer or a remote checksum) and GRE
 * (optionally with a checksum). Segmentation offload keeps working: big
 * packets are marked for the stack to split later.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/gre.h>
#include <net/gue.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/ip_tunnels.h>
#include <net/route.h>
#include <net/udp.h>
#include <uapi/linux/if_tunnel.h>

#include "nflb.h"

struct encap {
	u8 af; /* of both headers */
	u8 proto; /* of the outer IP header */
	u8 inner; /* IPPROTO_IPIP or IPPROTO_IPV6 */
	int gso_type;
	unsigned int len; /* between the outer IP header and the packet */
	unsigned int gue_optlen;
	bool csum;
	bool remcsum;
};

static void plan_encap(const struct nflb_dest *dest, const struct sk_buff *skb,
		       struct encap *e)
{
	u16 flags = READ_ONCE(dest->tun_flags);

	memset(e, 0, sizeof(*e));
	e->af = dest->af;
	e->inner = e->af == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IPIP;
	e->csum = flags & (NFLB_TUN_F_CSUM | NFLB_TUN_F_REMCSUM);
	switch (READ_ONCE(dest->tun_type)) {
	case NFLB_TUN_GUE:
		e->proto = IPPROTO_UDP;
		e->gso_type = e->csum ? SKB_GSO_UDP_TUNNEL_CSUM :
					SKB_GSO_UDP_TUNNEL;
		/* Remote checksum offload only helps a partial checksum. */
		e->remcsum = (flags & NFLB_TUN_F_REMCSUM) &&
			     skb->ip_summed == CHECKSUM_PARTIAL &&
			     !skb_is_gso(skb);
		if (e->remcsum)
			e->gue_optlen = GUE_LEN_PRIV + GUE_PLEN_REMCSUM;
		e->len = sizeof(struct udphdr) + sizeof(struct guehdr) +
			 e->gue_optlen;
		break;
	case NFLB_TUN_GRE:
		e->proto = IPPROTO_GRE;
		e->gso_type = e->csum ? SKB_GSO_GRE_CSUM : SKB_GSO_GRE;
		e->len = sizeof(struct gre_base_hdr) + (e->csum ? 4 : 0);
		break;
	default:
		e->proto = e->inner;
		e->gso_type = e->af == AF_INET6 ? SKB_GSO_IPXIP6 :
						  SKB_GSO_IPXIP4;
		break;
	}
}

static void push_gue(struct net *net, struct sk_buff *skb,
		     const struct encap *e, __be16 port,
		     const union nf_inet_addr *saddr,
		     const union nf_inet_addr *daddr)
{
	struct guehdr *gue;
	struct udphdr *uh;
	__be16 start = 0, offset = 0;

	if (e->remcsum) {
		/* Both relative to the inner packet, where the data is now. */
		start = htons(skb_checksum_start_offset(skb));
		offset = htons(skb_checksum_start_offset(skb) +
			       skb->csum_offset);
	}
	skb_set_inner_ipproto(skb, e->inner);

	gue = __skb_push(skb, sizeof(*gue) + e->gue_optlen);
	gue->word = 0;
	gue->proto_ctype = e->inner;
	gue->hlen = e->gue_optlen >> 2;
	if (e->remcsum) {
		__be32 *pflags = (__be32 *)(gue + 1);
		__be16 *pd = (__be16 *)(pflags + 1);

		gue->flags = GUE_FLAG_PRIV;
		*pflags = GUE_PFLAG_REMCSUM;
		pd[0] = start;
		pd[1] = offset;
		/* The real server completes the inner checksum. */
		skb->ip_summed = CHECKSUM_NONE;
		skb->encapsulation = 0;
	}

	uh = __skb_push(skb, sizeof(*uh));
	skb_reset_transport_header(skb);
	uh->source = udp_flow_src_port(net, skb, 0, 0, false);
	uh->dest = port;
	uh->len = htons(skb->len);
	if (e->af == AF_INET6)
		udp6_set_csum(!e->csum, skb, &saddr->in6, &daddr->in6,
			      skb->len);
	else
		udp_set_csum(!e->csum, skb, saddr->ip, daddr->ip, skb->len);
}

static void push_gre(struct sk_buff *skb, const struct encap *e)
{
	__be16 inner = htons(e->af == AF_INET6 ? ETH_P_IPV6 : ETH_P_IP);
	struct gre_base_hdr *greh;

	skb_set_inner_protocol(skb, inner);
	greh = __skb_push(skb, e->len);
	skb_reset_transport_header(skb);
	greh->flags = e->csum ? GRE_CSUM : 0;
	greh->protocol = inner;
	if (!e->csum)
		return;

	/* Checksum and reserved word; segmentation fills them per segment. */
	*(__be32 *)(greh + 1) = 0;
	if (skb_is_gso(skb))
		return;
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		*(__sum16 *)(greh + 1) = csum_fold(lco_csum(skb));
	} else {
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = sizeof(*greh);
	}
}

/* What the outer header copies from the packet it carries. */
struct outer {
	u8 dsfield;
	u8 ttl;
	__be16 df; /* IPv4 */
	__be32 flowlabel; /* IPv6 */
};

static void outer_of(const struct sk_buff *skb, u8 af, struct outer *o)
{
	if (af == AF_INET6) {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		o->dsfield = ipv6_get_dsfield(ip6h);
		o->ttl = ip6h->hop_limit;
		o->flowlabel = ip6_flowlabel(ip6h);
		o->df = 0;
	} else {
		const struct iphdr *iph = ip_hdr(skb);

		o->dsfield = iph->tos;
		o->ttl = iph->ttl;
		o->df = iph->frag_off & htons(IP_DF);
		o->flowlabel = 0;
	}
}

static void push_ipv4(struct net *net, struct sk_buff *skb,
		      const struct encap *e, const struct outer *o,
		      __be32 saddr, __be32 daddr)
{
	struct iphdr *iph = skb_push(skb, sizeof(*iph));

	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) >> 2;
	iph->tos = o->dsfield;
	iph->tot_len = htons(skb->len);
	iph->frag_off = o->df;
	iph->ttl = o->ttl;
	iph->protocol = e->proto;
	iph->saddr = saddr;
	iph->daddr = daddr;
	ip_select_ident(net, skb, NULL);
	skb->protocol = htons(ETH_P_IP);
}

/* ip6_local_out() fills in the payload length. */
static void push_ipv6(struct sk_buff *skb, const struct encap *e,
		      const struct outer *o, const struct in6_addr *saddr,
		      const struct in6_addr *daddr)
{
	struct ipv6hdr *ip6h = skb_push(skb, sizeof(*ip6h));

	skb_reset_network_header(skb);
	ip6_flow_hdr(ip6h, o->dsfield, o->flowlabel);
	ip6h->nexthdr = e->proto;
	ip6h->hop_limit = o->ttl;
	ip6h->saddr = *saddr;
	ip6h->daddr = *daddr;
	skb->protocol = htons(ETH_P_IPV6);
}

unsigned int nflb_tunnel(struct net *net, struct sk_buff *skb,
			 const struct nflb_dest *dest)
{
	u8 af = dest->af;
	unsigned int hlen = af == AF_INET6 ? sizeof(struct ipv6hdr) :
					     sizeof(struct iphdr);
	union nf_inet_addr saddr;
	struct dst_entry *dst;
	struct encap e;
	struct outer o;
	int err;

	plan_encap(dest, skb, &e);
	/* The inner packet is forwarded: one hop less, fitting the tunnel. */
	err = nflb_route_skb(net, skb, af, &dest->addr, false, hlen + e.len,
			     &saddr);
	if (err) /* a local real server gets the packet as it is */
		return err == NFLB_LOCAL ? NF_ACCEPT : NF_DROP;
	dst = skb_dst(skb);

	/* A packet that is already a tunnel's cannot be offloaded twice. */
	if (skb->encapsulation && skb_is_gso(skb))
		return NF_DROP;
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) + hlen + e.len))
		return NF_DROP;
	/* As IPVS: the outer TTL is the inner one, already decremented. */
	outer_of(skb, af, &o);
	skb_reset_mac_header(skb);
	if (iptunnel_handle_offloads(skb, e.gso_type))
		return NF_DROP;

	if (e.proto == IPPROTO_UDP)
		push_gue(net, skb, &e, READ_ONCE(dest->tun_port), &saddr,
			 &dest->addr);
	else if (e.proto == IPPROTO_GRE)
		push_gre(skb, &e);
	else
		skb_set_inner_ipproto(skb, e.inner);

	if (af == AF_INET6)
		push_ipv6(skb, &e, &o, &saddr.in6, &dest->addr.in6);
	else
		push_ipv4(net, skb, &e, &o, saddr.ip, dest->addr.ip);
	nflb_output(net, skb, af);
	return NF_STOLEN;
}
