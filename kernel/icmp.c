// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP and ICMPv6 errors about a connection's packets (unreachable,
 * fragmentation needed / packet too big, time exceeded). The error quotes
 * the packet it is about; the quoted packet is found in the connection
 * table by its reversed tuple, rewritten to what its sender sent, and the
 * error goes to that sender:
 *
 * - from the client's side, about a reply (quoting service -> client): to
 *   the real server, quoting real server -> client (direct routing and
 *   tunnels forward it unchanged, as IPVS does; full NAT sends it from
 *   the director's address the real server knows). This is what makes
 *   path-MTU discovery work through the director.
 * - from the real server's side, about a client packet (quoting client ->
 *   real server): to the client, from the service's address, quoting
 *   client -> service. NAT does this in POST_ROUTING, after conntrack has
 *   related the error to its connection; full NAT in PRE_ROUTING.
 *
 * As in IPVS, the quoted packet's own L4 checksum is left alone: receivers
 * do not check it.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>

#include "nflb.h"

/* Where the quoted packet is, once found; offsets from the IP header. */
struct quoted {
	unsigned int icmp_off;
	unsigned int inner_off; /* the quoted IP header */
	unsigned int ports_off; /* its ports */
	struct nflb_tuple tuple; /* the quoted packet's own */
};

static bool is_error(u8 af, u8 type)
{
	if (af == AF_INET6)
		return type == ICMPV6_DEST_UNREACH ||
		       type == ICMPV6_PKT_TOOBIG ||
		       type == ICMPV6_TIME_EXCEED || type == ICMPV6_PARAMPROB;
	return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED ||
	       type == ICMP_PARAMETERPROB;
}

static bool parse_inner_ipv4(struct sk_buff *skb, struct quoted *q)
{
	const struct iphdr *inner;
	struct iphdr _inner;

	inner = skb_header_pointer(skb, skb_network_offset(skb) + q->inner_off,
				   sizeof(_inner), &_inner);
	if (!inner || inner->ihl < 5 || (inner->frag_off & htons(IP_OFFSET)))
		return false;
	q->ports_off = q->inner_off + inner->ihl * 4;
	q->tuple.proto = inner->protocol;
	q->tuple.src.ip = inner->saddr;
	q->tuple.dst.ip = inner->daddr;
	return true;
}

/*
 * The quoted packet's transport header is past its extension headers,
 * which the quote may cut anywhere: the error ends where the quote does,
 * and every read stays within it. A first fragment has its ports, as
 * when an error is about a reassembly that timed out; a later one has
 * none.
 */
static bool parse_inner_ipv6(struct sk_buff *skb, struct quoted *q)
{
	unsigned int off = skb_network_offset(skb) + q->inner_off;
	const struct ipv6hdr *inner;
	struct ipv6hdr _inner;
	__be16 frag_off;
	u8 nexthdr;
	int l4;

	inner = skb_header_pointer(skb, off, sizeof(_inner), &_inner);
	if (!inner)
		return false;
	nexthdr = inner->nexthdr;
	l4 = ipv6_skip_exthdr(skb, off + sizeof(*inner), &nexthdr, &frag_off);
	if (l4 < 0 || (frag_off & htons(IP6_OFFSET)))
		return false;
	q->ports_off = l4 - skb_network_offset(skb);
	q->tuple.proto = nexthdr;
	q->tuple.src.in6 = inner->saddr;
	q->tuple.dst.in6 = inner->daddr;
	return true;
}

/* icmp_off: where the ICMP header starts, from the IP header. */
static bool parse_quoted(struct sk_buff *skb, u8 af, unsigned int icmp_off,
			 struct quoted *q)
{
	unsigned int base = skb_network_offset(skb);
	const struct icmphdr *icmph;
	struct icmphdr _icmph;
	const __be16 *ports;
	__be16 _ports[2];

	/* Both headers are 8 bytes, the type first. */
	BUILD_BUG_ON(sizeof(struct icmphdr) != sizeof(struct icmp6hdr));
	icmph = skb_header_pointer(skb, base + icmp_off, sizeof(_icmph),
				   &_icmph);
	if (!icmph || !is_error(af, icmph->type))
		return false;
	memset(q, 0, sizeof(*q));
	q->icmp_off = icmp_off;
	q->inner_off = icmp_off + sizeof(struct icmphdr);
	q->tuple.af = af;
	if (!(af == AF_INET6 ? parse_inner_ipv6(skb, q) :
			       parse_inner_ipv4(skb, q)))
		return false;
	if (q->tuple.proto != IPPROTO_TCP && q->tuple.proto != IPPROTO_UDP &&
	    q->tuple.proto != IPPROTO_SCTP)
		return false;
	ports = skb_header_pointer(skb, base + q->ports_off, sizeof(_ports),
				   _ports);
	if (!ports)
		return false;
	q->tuple.sport = ports[0];
	q->tuple.dport = ports[1];
	return true;
}

/*
 * The connection the error's quoted packet (found in *q) belongs to, and
 * from which side; NULL when skb is no such error.
 */
static struct nflb_conn *quoted_conn(struct nflb_net *nn, struct sk_buff *skb,
				     u8 af, unsigned int icmp_off,
				     struct quoted *q, u8 *dir)
{
	struct nflb_tuple r;

	if (!parse_quoted(skb, af, icmp_off, q))
		return NULL;
	r = q->tuple;
	r.src = q->tuple.dst;
	r.dst = q->tuple.src;
	r.sport = q->tuple.dport;
	r.dport = q->tuple.sport;
	return nflb_conn_lookup(nn, &r, dir);
}

static void rewrite_ipv4(struct sk_buff *skb, const struct quoted *q,
			 const struct nflb_tuple *t,
			 const union nf_inet_addr *osrc,
			 const union nf_inet_addr *odst)
{
	unsigned int base = skb_network_offset(skb);
	struct iphdr *iph = ip_hdr(skb);
	struct iphdr *inner = (void *)iph + q->inner_off;
	struct icmphdr *icmph = (void *)iph + q->icmp_off;

	inner->saddr = t->src.ip;
	inner->daddr = t->dst.ip;
	ip_send_check(inner);
	if (osrc)
		iph->saddr = osrc->ip;
	iph->daddr = odst->ip;
	ip_send_check(iph);

	icmph->checksum = 0;
	icmph->checksum = csum_fold(skb_checksum(
		skb, base + q->icmp_off, skb->len - base - q->icmp_off, 0));
}

/* ICMPv6's checksum covers a pseudo header of the outer addresses. */
static void rewrite_ipv6(struct sk_buff *skb, const struct quoted *q,
			 const struct nflb_tuple *t,
			 const union nf_inet_addr *osrc,
			 const union nf_inet_addr *odst)
{
	unsigned int base = skb_network_offset(skb);
	unsigned int len = skb->len - base - q->icmp_off;
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct ipv6hdr *inner = (void *)ip6h + q->inner_off;
	struct icmp6hdr *icmp6h = (void *)ip6h + q->icmp_off;

	inner->saddr = t->src.in6;
	inner->daddr = t->dst.in6;
	if (osrc)
		ip6h->saddr = osrc->in6;
	ip6h->daddr = odst->in6;

	icmp6h->icmp6_cksum = 0;
	icmp6h->icmp6_cksum =
		csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len, IPPROTO_ICMPV6,
				skb_checksum(skb, base + q->icmp_off, len, 0));
}

/*
 * Make the quoted packet the one sent on tuple t, and the error go from
 * osrc (NULL: unchanged) to odst.
 */
static bool rewrite(struct sk_buff *skb, const struct quoted *q,
		    const struct nflb_tuple *t, const union nf_inet_addr *osrc,
		    const union nf_inet_addr *odst)
{
	__be16 *ports;

	if (skb_ensure_writable(skb, skb_network_offset(skb) + q->ports_off +
					     2 * sizeof(__be16)))
		return false;
	ports = (void *)skb_network_header(skb) + q->ports_off;
	ports[0] = t->sport;
	ports[1] = t->dport;
	/* Then the addresses, and the error's checksum over it all. */
	if (t->af == AF_INET6)
		rewrite_ipv6(skb, q, t, osrc, odst);
	else
		rewrite_ipv4(skb, q, t, osrc, odst);
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return true;
}

/* PRE_ROUTING: an ICMP error to the director; icmp_off as parse_quoted. */
unsigned int nflb_icmp_in(struct nflb_net *nn, struct net *net,
			  struct sk_buff *skb, u8 af, unsigned int icmp_off)
{
	struct nflb_tuple reply_space, *reply = &reply_space;
	const struct nflb_tuple *orig;
	struct nflb_conn *conn;
	struct quoted q;
	u8 dir;

	conn = quoted_conn(nn, skb, af, icmp_off, &q, &dir);
	if (!conn)
		return NF_ACCEPT;
	orig = &conn->tuple;
	nflb_conn_reply(conn, reply);
	if (dir == NFLB_DIR_ORIG) {
		/* About a reply, from the client's side. */
		if (conn->fwd != NFLB_FWD_MASQ)
			return nflb_xmit_as_is(net, skb, conn);
		if (!test_bit(NFLB_CONN_FULLNAT, &conn->flags))
			return rewrite(skb, &q, reply, NULL, &reply->src) ?
				       NF_ACCEPT :
				       NF_DROP;
		/*
		 * Full NAT: from the director's address the real server
		 * knows, as its own packet went; it may have no route to
		 * where the error came from, and reverse-path filtering
		 * would drop it.
		 */
		if (!rewrite(skb, &q, reply, &reply->dst, &reply->src))
			return NF_DROP;
		return nflb_send(net, skb, af, &reply->src, false);
	}
	/* About a client packet, from the real server's side. */
	if (!test_bit(NFLB_CONN_FULLNAT, &conn->flags))
		return NF_ACCEPT; /* NAT: in POST_ROUTING */
	if (!rewrite(skb, &q, orig, &orig->dst, &orig->src))
		return NF_DROP;
	return nflb_send(net, skb, af, &orig->src, false);
}

/* POST_ROUTING: a NAT real server's side error on its way to the client. */
unsigned int nflb_icmp_out(struct nflb_net *nn, struct sk_buff *skb, u8 af,
			   unsigned int icmp_off)
{
	const struct nflb_tuple *orig;
	struct nflb_conn *conn;
	struct quoted q;
	u8 dir;

	conn = quoted_conn(nn, skb, af, icmp_off, &q, &dir);
	if (!conn || dir != NFLB_DIR_REPLY || conn->fwd != NFLB_FWD_MASQ ||
	    test_bit(NFLB_CONN_FULLNAT, &conn->flags))
		return NF_ACCEPT;
	orig = &conn->tuple;
	return rewrite(skb, &q, orig, &orig->dst, &orig->src) ? NF_ACCEPT :
								NF_DROP;
}
