// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors about a connection's packets (unreachable, fragmentation
 * needed, time exceeded). The error quotes the packet it is about; the
 * quoted packet is found in the connection table by its reversed tuple,
 * rewritten to what its sender sent, and the error goes to that sender:
 *
 * - from the client's side, about a reply (quoting service -> client): to
 *   the real server, quoting real server -> client (direct routing and
 *   tunnels forward it unchanged, as IPVS does). This is what makes
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
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "nflb.h"

/* Where the quoted packet is, once found. */
struct quoted {
	unsigned int icmp_off; /* from the network header */
	unsigned int inner_off; /* the quoted IP header */
	unsigned int inner_len; /* its header and the ports */
	struct nflb_tuple tuple; /* the quoted packet's own */
};

static bool is_error(u8 type)
{
	return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED ||
	       type == ICMP_PARAMETERPROB;
}

static bool parse_quoted(struct sk_buff *skb, struct quoted *q)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int base = skb_network_offset(skb);
	const struct icmphdr *icmph;
	const struct iphdr *inner;
	struct icmphdr _icmph;
	struct iphdr _inner;
	const __be16 *ports;
	__be16 _ports[2];

	if (ip_is_fragment(iph))
		return false;
	q->icmp_off = iph->ihl * 4;
	icmph = skb_header_pointer(skb, base + q->icmp_off, sizeof(_icmph),
				   &_icmph);
	if (!icmph || !is_error(icmph->type))
		return false;
	q->inner_off = q->icmp_off + sizeof(struct icmphdr);
	inner = skb_header_pointer(skb, base + q->inner_off, sizeof(_inner),
				   &_inner);
	if (!inner || inner->ihl < 5 ||
	    (inner->protocol != IPPROTO_TCP &&
	     inner->protocol != IPPROTO_UDP) ||
	    (inner->frag_off & htons(IP_OFFSET)))
		return false;
	q->inner_len = inner->ihl * 4 + sizeof(_ports);
	ports = skb_header_pointer(skb, base + q->inner_off + inner->ihl * 4,
				   sizeof(_ports), _ports);
	if (!ports)
		return false;
	memset(&q->tuple, 0, sizeof(q->tuple));
	q->tuple.af = AF_INET;
	q->tuple.proto = inner->protocol;
	q->tuple.src.ip = inner->saddr;
	q->tuple.dst.ip = inner->daddr;
	q->tuple.sport = ports[0];
	q->tuple.dport = ports[1];
	return true;
}

/*
 * The connection the error's quoted packet (found in *q) belongs to, and
 * from which side; NULL when skb is no such error.
 */
static struct nflb_conn *quoted_conn(struct nflb_net *nn, struct sk_buff *skb,
				     struct quoted *q, u8 *dir)
{
	struct nflb_tuple r;

	if (!parse_quoted(skb, q))
		return NULL;
	r = q->tuple;

	r.src = q->tuple.dst;
	r.dst = q->tuple.src;
	r.sport = q->tuple.dport;
	r.dport = q->tuple.sport;
	return nflb_conn_lookup(nn, &r, dir);
}

/*
 * Make the quoted packet the one sent on tuple t, and the error go from
 * osrc (NULL: unchanged) to odst.
 */
static bool rewrite(struct sk_buff *skb, const struct quoted *q,
		    const struct nflb_tuple *t, const __be32 *osrc, __be32 odst)
{
	unsigned int base = skb_network_offset(skb);
	struct icmphdr *icmph;
	struct iphdr *iph, *inner;
	__be16 *ports;

	if (skb_ensure_writable(skb, base + q->inner_off + q->inner_len))
		return false;
	iph = ip_hdr(skb);
	inner = (void *)iph + q->inner_off;
	ports = (void *)inner + inner->ihl * 4;
	inner->saddr = t->src.ip;
	inner->daddr = t->dst.ip;
	ip_send_check(inner);
	ports[0] = t->sport;
	ports[1] = t->dport;

	if (osrc)
		iph->saddr = *osrc;
	iph->daddr = odst;
	ip_send_check(iph);

	icmph = (void *)iph + q->icmp_off;
	icmph->checksum = 0;
	icmph->checksum = csum_fold(skb_checksum(
		skb, base + q->icmp_off, skb->len - base - q->icmp_off, 0));
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return true;
}

/* PRE_ROUTING: an ICMP error to the director. */
unsigned int nflb_icmp_in_ipv4(struct nflb_net *nn, struct net *net,
			       struct sk_buff *skb)
{
	const struct nflb_tuple *orig, *reply;
	struct nflb_conn *conn;
	struct quoted q;
	u8 dir;

	conn = quoted_conn(nn, skb, &q, &dir);
	if (!conn)
		return NF_ACCEPT;
	orig = &conn->tn[NFLB_DIR_ORIG].tuple;
	reply = &conn->tn[NFLB_DIR_REPLY].tuple;
	if (dir == NFLB_DIR_ORIG) {
		/* About a reply, from the client's side. */
		if (conn->fwd != NFLB_FWD_MASQ)
			return nflb_xmit_as_is_ipv4(net, skb, conn);
		if (!rewrite(skb, &q, reply, NULL, reply->src.ip))
			return NF_DROP;
		if (test_bit(NFLB_CONN_FULLNAT, &conn->flags))
			return nflb_send_ipv4(net, skb, reply->src.ip, false);
		return NF_ACCEPT;
	}
	/* About a client packet, from the real server's side. */
	if (!test_bit(NFLB_CONN_FULLNAT, &conn->flags))
		return NF_ACCEPT; /* NAT: in POST_ROUTING */
	if (!rewrite(skb, &q, orig, &orig->dst.ip, orig->src.ip))
		return NF_DROP;
	return nflb_send_ipv4(net, skb, orig->src.ip, false);
}

/* POST_ROUTING: a NAT real server's side error on its way to the client. */
unsigned int nflb_icmp_out_ipv4(struct nflb_net *nn, struct sk_buff *skb)
{
	const struct nflb_tuple *orig;
	struct nflb_conn *conn;
	struct quoted q;
	u8 dir;

	conn = quoted_conn(nn, skb, &q, &dir);
	if (!conn || dir != NFLB_DIR_REPLY || conn->fwd != NFLB_FWD_MASQ ||
	    test_bit(NFLB_CONN_FULLNAT, &conn->flags))
		return NF_ACCEPT;
	orig = &conn->tn[NFLB_DIR_ORIG].tuple;
	return rewrite(skb, &q, orig, &orig->dst.ip, orig->src.ip) ? NF_ACCEPT :
								     NF_DROP;
}
