// SPDX-License-Identifier: GPL-2.0
/*
 * SCTP through NAT.
 *
 * Its CRC32c covers the SCTP packet alone, no pseudo header: only what
 * NAT rewrites inside the packet changes it. A CRC is linear in the
 * packet's bits, so the change is folded in without reading the rest,
 * and a checksum that was wrong stays wrong for the receiver to see.
 *
 * An INIT or INIT ACK may list more addresses of its sender (RFC 9260,
 * 3.3.2). Its peer would then also send to them, past the director: the
 * real server's own addresses to a client that only knows the service,
 * the client's to a real server whose replies must come back through
 * NAT. So NAT turns each listed address into a parameter the receiver
 * skips (type bits 10: "skip and continue"), and the association keeps
 * the one path it has through the director.
 */
#include <linux/crc32.h>
#include <linux/sctp.h>
#include <linux/skbuff.h>

#include "nflb.h"

/* Unassigned; its top bits say "skip, do not report" (RFC 9260, 3.2.1). */
#define NFLB_SCTP_PARAM_SKIPPED 0xbfff

/* The checksum is yet to be computed (offloaded): nothing to fold in. */
static bool csum_pending(const struct sk_buff *skb)
{
	return skb->ip_summed == CHECKSUM_PARTIAL || skb_is_gso(skb);
}

/*
 * Fold into the checksum of a len-byte SCTP packet the change diff (the
 * xor of old and new bytes) of n bytes at off: the CRC of diff followed
 * by the rest of the packet in zeros (leading zeros add nothing).
 */
static void crc_fold_in(struct sk_buff *skb, struct sctphdr *sh,
			unsigned int off, const void *diff, unsigned int n,
			unsigned int len)
{
	u32 crc = __crc32c_le(0, diff, n);

	sh->checksum ^= cpu_to_le32(__crc32c_le_shift(crc, len - off - n));
	/* skb->csum summed the old bytes. */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
}

void nflb_sctp_nat_port(struct sk_buff *skb, struct sctphdr *sh, __be16 *pport,
			__be16 port, unsigned int len)
{
	__be16 diff = *pport ^ port;

	if (!csum_pending(skb))
		crc_fold_in(skb, sh, (u8 *)pport - (u8 *)sh, &diff,
			    sizeof(diff), len);
	*pport = port;
}

static bool is_address(__be16 type)
{
	return type == SCTP_PARAM_IPV4_ADDRESS ||
	       type == SCTP_PARAM_IPV6_ADDRESS ||
	       type == SCTP_PARAM_HOST_NAME_ADDRESS;
}

bool nflb_sctp_nat_hide_addresses(struct sk_buff *skb, unsigned int l4,
				  unsigned int len)
{
	const __be16 skipped = htons(NFLB_SCTP_PARAM_SKIPPED);
	unsigned int off, end, plen;
	struct sctp_chunkhdr *ch;
	struct sctphdr *sh;

	/* INIT and INIT ACK travel alone: the packet is this one chunk. */
	off = sizeof(*sh) + sizeof(*ch) + sizeof(struct sctp_inithdr);
	if (len < off)
		return true;
	if (skb_ensure_writable(skb, l4 + len))
		return false;
	sh = (struct sctphdr *)(skb->data + l4);
	ch = (struct sctp_chunkhdr *)(sh + 1);
	end = min_t(unsigned int, len, sizeof(*sh) + ntohs(ch->length));
	for (; off + sizeof(struct sctp_paramhdr) <= end;
	     off += ALIGN(plen, 4)) {
		struct sctp_paramhdr *ph = (void *)sh + off;
		__be16 diff;

		plen = ntohs(ph->length);
		if (plen < sizeof(*ph))
			break;
		if (!is_address(ph->type))
			continue;
		diff = ph->type ^ skipped;
		if (!csum_pending(skb))
			crc_fold_in(skb, sh, off, &diff, sizeof(diff), len);
		ph->type = skipped;
	}
	return true;
}
