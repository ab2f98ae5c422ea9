// SPDX-License-Identifier: GPL-2.0
/*
 * lbicmp: ICMP errors that quote fragments, for the fragments scenario.
 *
 *   lbicmp send first|later|whole SRC:PORT DST:PORT TO
 *       sends TO an ICMP "time exceeded" (ICMPv6 for IPv6 addresses)
 *       about a 3008-byte UDP datagram from SRC:PORT to DST:PORT, quoting
 *       the start of its first fragment (as a host whose reassembly
 *       timed out does), of its second fragment (no ports there), or of
 *       the datagram unfragmented
 *   lbicmp listen 4|6
 *       prints "listening", then waits up to 3 s for a "time exceeded"
 *       and prints what it quotes: "from ADDR quotes SRC:PORT >
 *       DST:PORT first|whole", or "from ADDR quotes SRC > DST later";
 *       "timeout" (exit status 1) if none came
 *
 * ADDR is an IPv4 address or an IPv6 one in brackets, as lbtraffic's.
 * Needs CAP_NET_RAW.
 */
#include <arpa/inet.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/ip_icmp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"

#define UDP_LEN 3008 /* the quoted datagram's UDP length */
#define FRAG4 1480 /* payload bytes of each IPv4 fragment */
#define FRAG6 1448 /* and of each IPv6 one */
#define QUOTED_DATA 24 /* payload bytes quoted after the headers */
#define WAIT_MS 3000

enum kind { FIRST, LATER, WHOLE };

static uint16_t checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* The UDP header of the quoted datagram, then some of its payload. */
static size_t put_udp(uint8_t *p, enum kind kind, in_port_t sport,
		      in_port_t dport)
{
	struct udphdr *uh = (struct udphdr *)p;
	size_t len = 0;

	if (kind != LATER) {
		uh->source = sport;
		uh->dest = dport;
		uh->len = htons(UDP_LEN);
		uh->check = htons(0x1234); /* receivers do not check it */
		len = sizeof(*uh);
	}
	memset(p + len, '.', QUOTED_DATA);
	return len + QUOTED_DATA;
}

/* Send the ICMP message msg of len bytes to to, from a raw socket. */
static int send_raw(int af, int proto, const void *msg, size_t len,
		    const struct sockaddr *to, socklen_t tolen)
{
	int fd = socket(af, SOCK_RAW, proto);

	if (fd < 0 || sendto(fd, msg, len, 0, to, tolen) != (ssize_t)len) {
		perror("lbicmp: send");
		return 1;
	}
	close(fd);
	return 0;
}

static int send4(enum kind kind, const struct sockaddr_in *src,
		 const struct sockaddr_in *dst, const struct sockaddr_in *to)
{
	uint8_t msg[sizeof(struct icmphdr) + sizeof(struct iphdr) +
		    sizeof(struct udphdr) + QUOTED_DATA];
	struct icmphdr *icmph = (struct icmphdr *)msg;
	struct iphdr *iph = (struct iphdr *)(icmph + 1);
	size_t len;

	memset(msg, 0, sizeof(msg));
	icmph->type = ICMP_TIME_EXCEEDED;
	icmph->code = kind == WHOLE ? ICMP_EXC_TTL : ICMP_EXC_FRAGTIME;
	iph->version = 4;
	iph->ihl = 5;
	iph->id = htons(0x1234);
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = src->sin_addr.s_addr;
	iph->daddr = dst->sin_addr.s_addr;
	switch (kind) {
	case FIRST:
		iph->tot_len = htons(sizeof(*iph) + FRAG4);
		iph->frag_off = htons(IP_MF);
		break;
	case LATER:
		iph->tot_len = htons(sizeof(*iph) + FRAG4);
		iph->frag_off = htons(IP_MF | FRAG4 / 8);
		break;
	case WHOLE:
		iph->tot_len = htons(sizeof(*iph) + UDP_LEN);
		break;
	}
	iph->check = checksum(iph, sizeof(*iph));
	len = sizeof(*icmph) + sizeof(*iph) +
	      put_udp((uint8_t *)(iph + 1), kind, src->sin_port, dst->sin_port);
	icmph->checksum = checksum(msg, len);

	return send_raw(AF_INET, IPPROTO_ICMP, msg, len,
			(const struct sockaddr *)to, sizeof(*to));
}

/* The kernel fills in an ICMPv6 checksum. */
static int send6(enum kind kind, const struct sockaddr_in6 *src,
		 const struct sockaddr_in6 *dst, const struct sockaddr_in6 *to)
{
	uint8_t msg[sizeof(struct icmp6_hdr) + sizeof(struct ip6_hdr) +
		    sizeof(struct ip6_frag) + sizeof(struct udphdr) +
		    QUOTED_DATA];
	struct icmp6_hdr *icmp6h = (struct icmp6_hdr *)msg;
	struct ip6_hdr *ip6h = (struct ip6_hdr *)(icmp6h + 1);
	struct ip6_frag *fh = (struct ip6_frag *)(ip6h + 1);
	uint8_t *udp = (uint8_t *)fh;
	size_t len;

	memset(msg, 0, sizeof(msg));
	icmp6h->icmp6_type = ICMP6_TIME_EXCEEDED;
	icmp6h->icmp6_code = kind == WHOLE ? ICMP6_TIME_EXCEED_TRANSIT :
					     ICMP6_TIME_EXCEED_REASSEMBLY;
	ip6h->ip6_flow = htonl(6 << 28);
	ip6h->ip6_hlim = 64;
	ip6h->ip6_src = src->sin6_addr;
	ip6h->ip6_dst = dst->sin6_addr;
	if (kind == WHOLE) {
		ip6h->ip6_nxt = IPPROTO_UDP;
		ip6h->ip6_plen = htons(UDP_LEN);
	} else {
		ip6h->ip6_nxt = IPPROTO_FRAGMENT;
		ip6h->ip6_plen = htons(sizeof(*fh) + FRAG6);
		fh->ip6f_nxt = IPPROTO_UDP;
		fh->ip6f_offlg = htons((kind == LATER ? FRAG6 : 0) | 1);
		fh->ip6f_ident = htonl(0x1234);
		udp += sizeof(*fh);
	}
	len = (size_t)(udp - msg) +
	      put_udp(udp, kind, src->sin6_port, dst->sin6_port);

	return send_raw(AF_INET6, IPPROTO_ICMPV6, msg, len,
			(const struct sockaddr *)to, sizeof(*to));
}

static void print_addr(int af, const void *addr, const uint8_t *port)
{
	char text[INET6_ADDRSTRLEN];

	inet_ntop(af, addr, text, sizeof(text));
	printf(af == AF_INET6 && port ? "[%s]" : "%s", text);
	if (port)
		printf(":%u", port[0] << 8 | port[1]);
}

/*
 * What a "time exceeded" of af quotes, from the quoted IP header at q
 * (len bytes left), from whom.
 */
static void print_quote(int af, const void *from, const uint8_t *q, size_t len)
{
	const uint8_t *ports = NULL, *saddr, *daddr;
	const char *kind = "whole";
	size_t off;
	uint8_t next;

	if (af == AF_INET) {
		const struct iphdr *iph = (const struct iphdr *)q;
		uint16_t frag = ntohs(iph->frag_off);

		if (len < sizeof(*iph))
			return;
		saddr = (const uint8_t *)&iph->saddr;
		daddr = (const uint8_t *)&iph->daddr;
		off = iph->ihl * 4;
		if (frag & IP_OFFMASK)
			kind = "later";
		else if (frag & IP_MF)
			kind = "first";
	} else {
		const struct ip6_hdr *ip6h = (const struct ip6_hdr *)q;

		if (len < sizeof(*ip6h))
			return;
		saddr = (const uint8_t *)&ip6h->ip6_src;
		daddr = (const uint8_t *)&ip6h->ip6_dst;
		off = sizeof(*ip6h);
		next = ip6h->ip6_nxt;
		if (next == IPPROTO_FRAGMENT && off + 8 <= len) {
			const struct ip6_frag *fh =
				(const struct ip6_frag *)(q + off);
			uint16_t offlg = ntohs(fh->ip6f_offlg);

			kind = offlg & ~7 ? "later" : "first";
			off += sizeof(*fh);
		}
	}
	if (strcmp(kind, "later") && off + 4 <= len)
		ports = q + off;
	printf("from ");
	print_addr(af, from, NULL);
	printf(" quotes ");
	print_addr(af, saddr, ports);
	printf(" > ");
	print_addr(af, daddr, ports ? ports + 2 : NULL);
	printf(" %s\n", kind);
}

static int listen_errors(int af)
{
	struct sockaddr_storage from;
	struct timespec start, now;
	uint8_t buf[2048];
	socklen_t flen;
	ssize_t n;
	int fd, ms;

	fd = socket(af, SOCK_RAW,
		    af == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
	if (fd < 0) {
		perror("lbicmp: socket");
		return 2;
	}
	if (af == AF_INET6) {
		struct icmp6_filter filter;

		ICMP6_FILTER_SETBLOCKALL(&filter);
		ICMP6_FILTER_SETPASS(ICMP6_TIME_EXCEEDED, &filter);
		setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter,
			   sizeof(filter));
	}
	printf("listening\n");
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = WAIT_MS - (int)((now.tv_sec - start.tv_sec) * 1000 +
				     (now.tv_nsec - start.tv_nsec) / 1000000);
		if (ms <= 0 || poll(&p, 1, ms) != 1)
			break;
		flen = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from,
			     &flen);
		if (n <= 0)
			continue;
		if (af == AF_INET6) {
			/* The ICMPv6 message alone. */
			if (n < 8 || buf[0] != ICMP6_TIME_EXCEEDED)
				continue;
			print_quote(af,
				    &((struct sockaddr_in6 *)&from)->sin6_addr,
				    buf + 8, (size_t)n - 8);
		} else {
			/* The IP header first. */
			const struct iphdr *iph = (const struct iphdr *)buf;
			size_t off = iph->ihl * 4;

			if ((size_t)n < off + 8 ||
			    buf[off] != ICMP_TIME_EXCEEDED)
				continue;
			print_quote(af, &iph->saddr, buf + off + 8,
				    (size_t)n - off - 8);
		}
		return 0;
	}
	printf("timeout\n");
	return 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_storage src, dst, to;
	enum kind kind;

	if (argc == 3 && !strcmp(argv[1], "listen") &&
	    (!strcmp(argv[2], "4") || !strcmp(argv[2], "6")))
		return listen_errors(argv[2][0] == '6' ? AF_INET6 : AF_INET);
	if (argc != 6 || strcmp(argv[1], "send"))
		goto usage;
	if (!strcmp(argv[2], "first"))
		kind = FIRST;
	else if (!strcmp(argv[2], "later"))
		kind = LATER;
	else if (!strcmp(argv[2], "whole"))
		kind = WHOLE;
	else
		goto usage;
	if (tools_parse_addr(argv[3], 0, &src, NULL) ||
	    tools_parse_addr(argv[4], 0, &dst, NULL) ||
	    tools_parse_addr(argv[5], 1, &to, NULL) ||
	    src.ss_family != dst.ss_family || src.ss_family != to.ss_family) {
		fprintf(stderr, "lbicmp: bad addresses '%s' '%s' '%s'\n",
			argv[3], argv[4], argv[5]);
		return 2;
	}
	if (src.ss_family == AF_INET6)
		return send6(kind, (struct sockaddr_in6 *)&src,
			     (struct sockaddr_in6 *)&dst,
			     (struct sockaddr_in6 *)&to);
	return send4(kind, (struct sockaddr_in *)&src,
		     (struct sockaddr_in *)&dst, (struct sockaddr_in *)&to);
usage:
	fprintf(stderr, "usage: lbicmp send first|later|whole SRC:PORT "
			"DST:PORT TO | listen 4|6\n");
	return 2;
}
