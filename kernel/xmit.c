// SPDX-License-Identifier: GPL-2.0
/*
 * Forwarding of the packets of a connection, by its method.
 *
 * NAT rewrites the destination of packets to the service and the source
 * of the real server's replies, keeping the IP and L4 checksums right
 * whether the checksum is complete, partial (offloaded, as on veth) or
 * absent (UDP over IPv4), and SCTP's CRC32c (sctp_nat.c); routing then
 * forwards them. Full NAT also puts
 * a director address and port as the source, so the replies come back to
 * the director by themselves. Direct routing sends the packet unchanged
 * to the real server's link-layer address; tunnels are in tunnel.c.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/sctp.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "nflb.h"

/* The source or destination address in skb's IP header. */
static __be32 *header_addr(struct sk_buff *skb, u8 af, bool dst)
{
	if (af == AF_INET6) {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		return dst ? ip6h->daddr.s6_addr32 : ip6h->saddr.s6_addr32;
	}
	return dst ? &ip_hdr(skb)->daddr : &ip_hdr(skb)->saddr;
}

/*
 * What NAT rewrites in a transport header: the ports open TCP, UDP and
 * SCTP headers alike (source, then destination); the checksum that
 * covers them is at check (0: none to keep here, SCTP's is sctp_nat.c's).
 */
struct l4_layout {
	unsigned int len;
	unsigned int check;
};

static struct l4_layout l4_layout(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return (struct l4_layout){ sizeof(struct tcphdr),
					   offsetof(struct tcphdr, check) };
	case IPPROTO_SCTP:
		return (struct l4_layout){ sizeof(struct sctphdr), 0 };
	default:
		return (struct l4_layout){ sizeof(struct udphdr),
					   offsetof(struct udphdr, check) };
	}
}

bool nflb_nat(struct sk_buff *skb, const struct nflb_pkt *pkt, bool dst,
	      const union nf_inet_addr *addr, __be16 port)
{
	struct l4_layout layout = l4_layout(pkt->tuple.proto);
	bool ipv6 = pkt->tuple.af == AF_INET6;
	__sum16 *check = NULL;
	__be16 *pport;
	__be32 *paddr;
	u8 *l4;

	if (skb_ensure_writable(skb, skb_network_offset(skb) + pkt->l4off +
					     layout.len))
		return false;
	if (pkt->tuple.proto == IPPROTO_SCTP &&
	    (pkt->sctp_chunk == SCTP_CID_INIT ||
	     pkt->sctp_chunk == SCTP_CID_INIT_ACK) &&
	    !nflb_sctp_nat_hide_addresses(skb,
					  skb_network_offset(skb) + pkt->l4off,
					  pkt->len - pkt->l4off))
		return false;
	l4 = skb_network_header(skb) + pkt->l4off;
	pport = (__be16 *)l4 + dst;
	if (layout.check)
		check = (__sum16 *)(l4 + layout.check);
	/* A zero UDP checksum means none: leave it so. */
	if (pkt->tuple.proto == IPPROTO_UDP && !*check &&
	    skb->ip_summed != CHECKSUM_PARTIAL)
		check = NULL;
	paddr = header_addr(skb, pkt->tuple.af, dst);

	if (check) {
		if (ipv6)
			inet_proto_csum_replace16(check, skb, paddr, addr->ip6,
						  true);
		else
			inet_proto_csum_replace4(check, skb, *paddr, addr->ip,
						 true);
		inet_proto_csum_replace2(check, skb, *pport, port, false);
		if (pkt->tuple.proto == IPPROTO_UDP && !*check)
			*check = CSUM_MANGLED_0;
	}
	if (pkt->tuple.proto == IPPROTO_SCTP)
		nflb_sctp_nat_port(skb, (struct sctphdr *)l4, pport, port,
				   pkt->len - pkt->l4off);
	else
		*pport = port;
	if (ipv6) {
		memcpy(paddr, addr->ip6, sizeof(addr->ip6));
	} else {
		csum_replace4(&ip_hdr(skb)->check, *paddr, addr->ip);
		*paddr = addr->ip;
	}
	return true;
}

/*
 * Send skb on the route to daddr (nflb_route_skb()); known_nh for direct
 * routing. A local daddr lets skb go on to local delivery, unchanged.
 */
unsigned int nflb_send(struct net *net, struct sk_buff *skb, u8 af,
		       const union nf_inet_addr *daddr, bool known_nh)
{
	int err = nflb_route_skb(net, skb, af, daddr, known_nh, 0, NULL);

	if (err)
		return err == NFLB_LOCAL ? NF_ACCEPT : NF_DROP;
	nflb_output(net, skb, af);
	return NF_STOLEN;
}

/*
 * NAT's rewrite of skb toward t's source, once routed there: the
 * destination only, or (full NAT) both ends, to go back along the other
 * direction's tuple t.
 */
static unsigned int xmit_nat(struct net *net, struct sk_buff *skb,
			     const struct nflb_pkt *pkt,
			     const struct nflb_tuple *t, bool full)
{
	int err = nflb_route_skb(net, skb, t->af, &t->src, false, 0, NULL);

	if (err < 0)
		return NF_DROP;
	if (!nflb_nat(skb, pkt, true, &t->src, t->sport) ||
	    (full && !nflb_nat(skb, pkt, false, &t->dst, t->dport)))
		return NF_DROP;
	if (err == NFLB_LOCAL)
		return NF_ACCEPT;
	nflb_output(net, skb, t->af);
	return NF_STOLEN;
}

/* Real server to client under full NAT. */
unsigned int nflb_xmit_fullnat_reply(struct net *net, struct sk_buff *skb,
				     const struct nflb_pkt *pkt,
				     struct nflb_conn *conn)
{
	return xmit_nat(net, skb, pkt, &conn->tuple, true);
}

/* Direct routing and tunnels: skb goes to the real server unchanged. */
unsigned int nflb_xmit_as_is(struct net *net, struct sk_buff *skb,
			     const struct nflb_conn *conn)
{
	const struct nflb_dest *dest = conn->dest;

	if (conn->fwd == NFLB_FWD_TUNNEL)
		return nflb_tunnel(net, skb, dest);
	return nflb_send(net, skb, dest->af, &dest->addr, true);
}

/* A packet of conn from the client, in PRE_ROUTING. */
unsigned int nflb_xmit(struct net *net, struct sk_buff *skb,
		       const struct nflb_pkt *pkt, struct nflb_conn *conn)
{
	struct nflb_tuple reply_space, *reply = &reply_space;

	if (conn->fwd != NFLB_FWD_MASQ)
		return nflb_xmit_as_is(net, skb, conn);
	nflb_conn_reply(conn, reply);
	/*
	 * NAT leaves the packet to routing, which forwards it as any
	 * (one hop less, path MTU checked), unless it came with a route: a
	 * client's on the director, looped back with its route to the
	 * service here. Such a packet is routed anew, as nf_nat drops the
	 * route of a packet whose destination it changes; and sent from
	 * here, as IPVS sends a local client's, since input routing would
	 * take its source, an address of this host, for a martian.
	 */
	if (!test_bit(NFLB_CONN_FULLNAT, &conn->flags) && !skb_dst(skb))
		return nflb_nat(skb, pkt, true, &reply->src, reply->sport) ?
			       NF_ACCEPT :
			       NF_DROP;
	return xmit_nat(net, skb, pkt, reply,
			test_bit(NFLB_CONN_FULLNAT, &conn->flags));
}
