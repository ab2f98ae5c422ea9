// SPDX-License-Identifier: GPL-2.0
/*
 * lbflood: many UDP flows at once, for the scale scenario.
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
 */
#include <arpa/inet.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define BURST 64
#define PORTS 64512

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

int main(int argc, char **argv)
{
	struct timespec pause = { .tv_nsec = 2000000 };
	struct sockaddr_in to = { .sin_family = AF_INET };
	unsigned long nsrc, port, count, first = 0, flows, f, i;
	struct in_addr src;
	struct {
		struct iphdr ip;
		struct udphdr udp;
		char data[2];
	} pkt;
	int fd;

	if (argc < 4 || argc > 6 || parse_addr(argv[1], '/', &src, &nsrc) ||
	    parse_addr(argv[2], ':', &to.sin_addr, &port) || port > 65535 ||
	    !(count = strtoul(argv[3], NULL, 10))) {
		fprintf(stderr,
			"usage: lbflood SRC/N ADDR:PORT COUNT [FIRST [FLOWS]]\n");
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
	memset(&pkt, 0, sizeof(pkt));
	pkt.ip.version = 4;
	pkt.ip.ihl = 5;
	pkt.ip.ttl = 64;
	pkt.ip.protocol = IPPROTO_UDP;
	pkt.ip.tot_len = htons(sizeof(pkt));
	pkt.ip.daddr = to.sin_addr.s_addr;
	pkt.udp.dest = htons((uint16_t)port);
	pkt.udp.len = htons(sizeof(pkt.udp) + sizeof(pkt.data));
	memcpy(pkt.data, "hi", 2);
	for (i = 0; i < count; i++) {
		f = first + i % flows;
		/* The kernel fills in the IP checksum; UDP's 0 means none. */
		pkt.ip.saddr = htonl(ntohl(src.s_addr) + f % nsrc);
		pkt.udp.source = htons((uint16_t)(1024 + (f / nsrc) % PORTS));
		if (sendto(fd, &pkt, sizeof(pkt), 0, (struct sockaddr *)&to,
			   sizeof(to)) != sizeof(pkt)) {
			perror("lbflood: sendto");
			return 1;
		}
		if (i % BURST == BURST - 1)
			nanosleep(&pause, NULL);
	}
	printf("sent %lu\n", count);
	return 0;
}
