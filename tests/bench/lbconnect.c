// SPDX-License-Identifier: GPL-2.0
/*
 * lbconnect: the new-connection rate through a virtual service.
 *
 *   lbconnect ADDR:PORT COUNT
 *
 * makes COUNT TCP connections to the IPv4 ADDR:PORT one after another:
 * connect, read the server's greeting line (so that the whole handshake
 * and a reply went through the balancer), close. Prints
 * "COUNT connections in NS ns: RATE conn/s" from CLOCK_MONOTONIC, which
 * under qemu -icount is the guest's instruction count. Exits 1 if any
 * connection fails or a wait exceeds 3 s.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_MS 3000

static int parse_addr(const char *text, struct sockaddr_in *sin)
{
	const char *colon = strrchr(text, ':');
	char host[INET_ADDRSTRLEN];
	char *end;
	unsigned long port;

	if (!colon || (size_t)(colon - text) >= sizeof(host))
		return -1;
	memcpy(host, text, colon - text);
	host[colon - text] = '\0';
	port = strtoul(colon + 1, &end, 10);
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons((unsigned short)port);
	return *end || !port || port > 65535 ||
			       inet_pton(AF_INET, host, &sin->sin_addr) != 1 ?
		       -1 :
		       0;
}

/* One connection: connect, read up to the greeting's newline, close. */
static int one_connection(const struct sockaddr_in *to)
{
	struct pollfd p = { .events = POLLIN };
	char buf[128];
	size_t got = 0;
	ssize_t r;
	int ok = 0;

	p.fd = socket(AF_INET, SOCK_STREAM, 0);
	if (p.fd < 0)
		return -1;
	if (connect(p.fd, (const struct sockaddr *)to, sizeof(*to)))
		goto out;
	while (got < sizeof(buf) && poll(&p, 1, TIMEOUT_MS) == 1) {
		r = read(p.fd, buf + got, sizeof(buf) - got);
		if (r <= 0)
			break;
		got += (size_t)r;
		if (memchr(buf, '\n', got)) {
			ok = 1;
			break;
		}
	}
out:
	close(p.fd);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct sockaddr_in to;
	long count, i;
	double ns;

	if (argc != 3 || parse_addr(argv[1], &to) ||
	    (count = strtol(argv[2], NULL, 10)) < 1) {
		fprintf(stderr, "usage: lbconnect ADDR:PORT COUNT\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < count; i++) {
		if (one_connection(&to)) {
			fprintf(stderr, "lbconnect: connection %ld failed\n",
				i);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
	printf("%ld connections in %.0f ns: %.0f conn/s\n", count, ns,
	       count * 1e9 / ns);
	return 0;
}
