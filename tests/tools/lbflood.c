// SPDX-License-Identifier: GPL-2.0
/*
 * lbflood: many flows at once, for the scale, flood and stress scenarios
 * and the benchmarks.
 *
 *   lbflood SRC/N ADDR:PORT COUNT [FIRST [FLOWS]]
 *
 * sends COUNT IPv4 UDP datagrams to ADDR:PORT: datagram i (0 to
 * COUNT - 1) is of flow f = FIRST + i % FLOWS (FIRST 0 and FLOWS COUNT
 * unless given), sent from address SRC + f % N and port
 * 1024 + (f / N) % 64512: distinct flows as long as
 * FIRST + FLOWS <= N * 64512. FLOWS 1 sends every datagram in one flow.
 * A raw socket writes the headers, so no
 * socket is bound per flow; the sender pauses after every burst so that
 * the receiving side's backlog is not overrun. Needs CAP_NET_RAW.
 *
 * In the environment, LBFLOOD_PROTO=tcp sends TCP SYNs instead (a SYN
 * flood from spoofed sources), and LBFLOOD_PACE=0 sends without pausing.
 */
#include <arpa/inet.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define BURST 64
#define PORTS 64512

struct packet {
	struct iphdr ip;
	union {
		struct {
			struct udphdr udp;
			char data[2];
		};
		struct tcphdr tcp;
	};
};

static int parse_addr(const char *text, char sep, struct in_addr *addr,
		      unsigned long *num)
{
	const char *at = strchr(text, sep);
	char host[INET_ADDRSTRLEN];
	char *end;

	if (!at || (size_t)(at - text) >= sizeof(host))
		return -1;
	memcpy(host, text, at - text);
	host[at - text] = '\0';
	*num = strtoul(at + 1, &end, 10);
	return *end || !*num || inet_pton(AF_INET, host, addr) != 1 ? -1 : 0;
}

/* The TCP checksum, over the IPv4 pseudo header and the bare header. */
static uint16_t tcp_checksum(const struct iphdr *ip, const struct tcphdr *tcp)
{
	const uint16_t *w = (const uint16_t *)tcp;
	uint32_t sum = 0;
	size_t i;

	sum += (ntohl(ip->saddr) >> 16) + (ntohl(ip->saddr) & 0xffff);
	sum += (ntohl(ip->daddr) >> 16) + (ntohl(ip->daddr) & 0xffff);
	sum += IPPROTO_TCP + sizeof(*tcp);
	for (i = 0; i < sizeof(*tcp) / 2; i++)
		sum += ntohs(w[i]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* A datagram of "hi", or a bare SYN; addresses and ports come later. */
static size_t packet_init(struct packet *pkt, bool tcp, in_addr_t daddr,
			  uint16_t port)
{
	size_t len = sizeof(pkt->ip);

	memset(pkt, 0, sizeof(*pkt));
	pkt->ip.version = 4;
	pkt->ip.ihl = 5;
	pkt->ip.ttl = 64;
	pkt->ip.daddr = daddr;
	if (tcp) {
		pkt->ip.protocol = IPPROTO_TCP;
		pkt->tcp.dest = htons(port);
		pkt->tcp.doff = sizeof(pkt->tcp) / 4;
		pkt->tcp.syn = 1;
		pkt->tcp.window = htons(64240);
		len += sizeof(pkt->tcp);
	} else {
		pkt->ip.protocol = IPPROTO_UDP;
		pkt->udp.dest = htons(port);
		pkt->udp.len = htons(sizeof(pkt->udp) + sizeof(pkt->data));
		memcpy(pkt->data, "hi", 2);
		len += sizeof(pkt->udp) + sizeof(pkt->data);
	}
	pkt->ip.tot_len = htons(len);
	return len;
}

/* Flow f's source; the kernel fills in the IP checksum, UDP's 0 is none. */
static void packet_flow(struct packet *pkt, bool tcp, struct in_addr src,
			unsigned long nsrc, unsigned long f)
{
	uint16_t sport = htons((uint16_t)(1024 + (f / nsrc) % PORTS));

	pkt->ip.saddr = htonl(ntohl(src.s_addr) + f % nsrc);
	if (!tcp) {
		pkt->udp.source = sport;
		return;
	}
	pkt->tcp.source = sport;
	pkt->tcp.seq = htonl((uint32_t)f * 2654435761u);
	pkt->tcp.check = 0;
	pkt->tcp.check = tcp_checksum(&pkt->ip, &pkt->tcp);
}

int main(int argc, char **argv)
{
	struct timespec pause = { .tv_nsec = 2000000 };
	struct sockaddr_in to = { .sin_family = AF_INET };
	unsigned long nsrc, port, count, first = 0, flows, i;
	const char *proto = getenv("LBFLOOD_PROTO");
	const char *pace = getenv("LBFLOOD_PACE");
	bool tcp = proto && !strcmp(proto, "tcp");
	struct in_addr src;
	struct packet pkt;
	size_t len;
	int fd;

	if (argc < 4 || argc > 6 || parse_addr(argv[1], '/', &src, &nsrc) ||
	    parse_addr(argv[2], ':', &to.sin_addr, &port) || port > 65535 ||
	    !(count = strtoul(argv[3], NULL, 10))) {
		fprintf(stderr,
			"usage: lbflood SRC/N ADDR:PORT COUNT [FIRST [FLOWS]]\n");
		return 2;
	}
	if (proto && !tcp && strcmp(proto, "udp")) {
		fprintf(stderr, "lbflood: unknown LBFLOOD_PROTO '%s'\n", proto);
		return 2;
	}
	if (argc >= 5)
		first = strtoul(argv[4], NULL, 10);
	flows = argc == 6 ? strtoul(argv[5], NULL, 10) : count;
	if (!flows) {
		fprintf(stderr, "lbflood: invalid flow count '%s'\n", argv[5]);
		return 2;
	}
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		perror("lbflood: socket");
		return 1;
	}
	len = packet_init(&pkt, tcp, to.sin_addr.s_addr, (uint16_t)port);
	for (i = 0; i < count; i++) {
		packet_flow(&pkt, tcp, src, nsrc, first + i % flows);
		if (sendto(fd, &pkt, len, 0, (struct sockaddr *)&to,
			   sizeof(to)) != (ssize_t)len) {
			perror("lbflood: sendto");
			return 1;
		}
		if (i % BURST == BURST - 1 && !(pace && !strcmp(pace, "0")))
			nanosleep(&pause, NULL);
	}
	printf("sent %lu\n", count);
	return 0;
}
