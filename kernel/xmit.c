// SPDX-License-Identifier: GPL-2.0
/*
 * Forwarding: NAT rewrites the destination of packets to the service and
 * the source of the real server's replies, keeping the IP and L4
 * checksums right whether the checksum is complete, partial (offloaded,
 * as on veth) or absent (UDP).
 */
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>

#include "nflb.h"

bool nflb_nat_ipv4(struct sk_buff *skb, const struct nflb_pkt *pkt, bool dst,
		   const union nf_inet_addr *addr, __be16 port)
{
	bool tcp = pkt->tuple.proto == IPPROTO_TCP;
	unsigned int l4len = tcp ? sizeof(struct tcphdr) :
				   sizeof(struct udphdr);
	__sum16 *check = NULL;
	__be16 *pport;
	__be32 *paddr;
	struct iphdr *iph;
	void *l4;

	if (skb_ensure_writable(skb,
				skb_network_offset(skb) + pkt->l4off + l4len))
		return false;
	iph = ip_hdr(skb);
	l4 = (void *)iph + pkt->l4off;
	paddr = dst ? &iph->daddr : &iph->saddr;

	if (tcp) {
		struct tcphdr *th = l4;

		pport = dst ? &th->dest : &th->source;
		check = &th->check;
	} else {
		struct udphdr *uh = l4;

		pport = dst ? &uh->dest : &uh->source;
		/* A zero UDP checksum means none: leave it so. */
		if (uh->check || skb->ip_summed == CHECKSUM_PARTIAL)
			check = &uh->check;
	}

	if (check) {
		inet_proto_csum_replace4(check, skb, *paddr, addr->ip, true);
		inet_proto_csum_replace2(check, skb, *pport, port, false);
		if (!tcp && !*check)
			*check = CSUM_MANGLED_0;
	}
	*pport = port;
	csum_replace4(&iph->check, *paddr, addr->ip);
	*paddr = addr->ip;
	return true;
}
