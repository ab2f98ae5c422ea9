// SPDX-License-Identifier: GPL-2.0
/*
 * SCTP's answer to an INIT that no real server can take: an ABORT, as an
 * endpoint answers an out-of-the-blue INIT (RFC 9260, 8.4), with the
 * INIT's Initiate Tag as its verification tag and the T bit clear, from
 * the service's address and port. The client's connect() fails at once,
 * as a TCP reset makes it fail; an ICMP port unreachable would only be
 * noted while its INIT is retransmitted.
 */
#include <linux/crc32.h>
#include <linux/sctp.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>

#include "nflb.h"

struct sctp_abort_packet {
	struct sctphdr sh;
	struct sctp_chunkhdr ch;
};

void nflb_sctp_abort(struct net *net, struct sk_buff *oldskb,
		     const struct nflb_pkt *pkt)
{
	const struct nflb_tuple *t = &pkt->tuple;
	struct sctp_abort_packet *a;
	struct sk_buff *nskb;
	struct dst_entry *dst;
	const __be32 *tag;
	__be32 _tag;
	bool local;

	/* The Initiate Tag opens the INIT chunk's fixed part. */
	tag = skb_header_pointer(oldskb,
				 skb_network_offset(oldskb) + pkt->l4off +
					 sizeof(struct sctphdr) +
					 sizeof(struct sctp_chunkhdr),
				 sizeof(_tag), &_tag);
	if (!tag)
		return;
	dst = nflb_route(net, t->af, &t->src, false, NULL, &local);
	if (IS_ERR(dst))
		return;
	nskb = alloc_skb(LL_MAX_HEADER + sizeof(struct ipv6hdr) + sizeof(*a),
			 GFP_ATOMIC);
	if (!nskb) {
		dst_release(dst);
		return;
	}
	skb_reserve(nskb, LL_MAX_HEADER);
	skb_dst_set(nskb, dst);
	if (t->af == AF_INET6)
		nf_reject_ip6hdr_put(nskb, oldskb, IPPROTO_SCTP,
				     ip6_dst_hoplimit(dst));
	else
		nf_reject_iphdr_put(nskb, oldskb, IPPROTO_SCTP,
				    ip4_dst_hoplimit(dst));
	skb_reset_transport_header(nskb);
	a = skb_put_zero(nskb, sizeof(*a));
	a->sh.source = t->dport;
	a->sh.dest = t->sport;
	a->sh.vtag = *tag;
	a->ch.type = SCTP_CID_ABORT;
	a->ch.length = htons(sizeof(a->ch));
	a->sh.checksum =
		cpu_to_le32(~__crc32c_le(~0, (const u8 *)a, sizeof(*a)));
	/* The local output path sets the lengths and the IPv4 checksum. */
	if (t->af == AF_INET6)
		ip6_local_out(net, NULL, nskb);
	else
		ip_local_out(net, NULL, nskb);
}
