// SPDX-License-Identifier: GPL-2.0
/*
 * lbtraffic: backends and clients for the nflb scenarios.
 *
 *   lbtraffic serve tcp|udp|sctp PORT NAME
 *                                       answer every connection (datagram)
 *                                       with "NAME\n", then echo (TCP);
 *                                       with LBTRAFFIC_PEER=1 (TCP),
 *                                       "NAME@CLIENT-ADDRESS\n"; with
 *                                       LBTRAFFIC_CLOSE=1 (TCP), closes
 *                                       each connection after "NAME\n";
 *                                       with LBTRAFFIC_SIZE=N (UDP), the
 *                                       answer is N bytes long
 *   lbtraffic count tcp|udp|sctp ADDR:PORT N
 *                                       N new connections (UDP: N flows
 *                                       from fresh ports); prints
 *                                       "NAME COUNT" per backend; with
 *                                       LBTRAFFIC_SEQUENCE=1 in the
 *                                       environment, also the answers in
 *                                       order on stderr. UDP and SCTP
 *                                       flow i comes from port 20000 + i
 *                                       (LBTRAFFIC_UDP_PORT changes 20000);
 *                                       LBTRAFFIC_TCP_PORT=P: TCP
 *                                       connection i from port P + i,
 *                                       closed once the server closed it
 *                                       (so the server keeps TIME_WAIT
 *                                       and the port is free at once);
 *                                       LBTRAFFIC_KEEP=1: every TCP
 *                                       connection stays open until the
 *                                       last is made (for schedulers
 *                                       that count active connections)
 *                                       With LBTRAFFIC_SOURCES=ADDR/N,
 *                                       flow i comes from address
 *                                       ADDR + i % N (for hashing
 *                                       schedulers; ADDR of the
 *                                       target's family). With
 *                                       LBTRAFFIC_SIZE=N, each UDP
 *                                       datagram is N bytes long (above
 *                                       the MTU, the sender fragments it)
 *   lbtraffic hold [tcp|sctp] ADDR:PORT SECONDS
 *                                       one connection that exchanges a
 *                                       message every 100 ms; fails if any
 *                                       exchange does
 *   lbtraffic bulk [tcp|sctp] ADDR:PORT BYTES
 *                                       one connection that sends BYTES and
 *                                       checks the echo; prints "NAME BYTES"
 *                                       (full-size segments both ways)
 *   lbtraffic probe tcp|udp|sctp ADDR:PORT
 *                                       one attempt; prints how it ended:
 *                                       "answered NAME", "refused" (a TCP
 *                                       reset or an ICMP unreachable) or
 *                                       "timeout"; LBTRAFFIC_TTL=N sends
 *                                       with that TTL (hop limit), and
 *                                       LBTRAFFIC_SIZE=N (UDP) an N-byte
 *                                       datagram that may not be
 *                                       fragmented (DF); with either, an
 *                                       ICMP error it draws prints as
 *                                       "icmp time-exceeded from ADDR",
 *                                       "icmp too-big MTU from ADDR" or
 *                                       "icmp TYPE/CODE from ADDR"
 *
 * "sctp" uses one-to-one SCTP sockets where "tcp" uses TCP ones, bound
 * to every address (so their INIT and INIT ACK list them all).
 * ADDR is an IPv4 address or an IPv6 one in brackets ([2001:db8::1]:80);
 * servers listen on both families. Every wait is bounded, so a broken
 * datapath fails a test, never hangs it.
 */
#define _GNU_SOURCE /* struct in6_pktinfo */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"

/* 0 (TCP), or IPPROTO_SCTP for "sctp": one-to-one SCTP sockets. */
static int stream_protocol;

#define MAX_CLIENTS 1024
#define MAX_NAMES 64
#define IO_TIMEOUT_MS 3000

/*
 * In the test VM, about one SCTP association in 200 has its first DATA
 * chunk retransmitted, after the initial RTO of 3 s, with or without a
 * load balancer on the way: SCTP waits longer.
 */
static int io_timeout_ms(void)
{
	return stream_protocol == IPPROTO_SCTP ? 8000 : IO_TIMEOUT_MS;
}

/* An address of either family and its length, for connect and sendto. */
struct peer {
	struct sockaddr_storage ss;
	socklen_t len;
};

static int parse_addr(const char *text, struct peer *p)
{
	return tools_parse_addr(text, 0, &p->ss, &p->len);
}

/* A socket of type listening on port, for IPv4 and IPv6 clients alike. */
static int listen_any(int type, int port)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
				     .sin6_port = htons((uint16_t)port),
				     .sin6_addr = IN6ADDR_ANY_INIT };
	int fd = socket(AF_INET6, type, stream_protocol), one = 1, zero = 0;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) ||
	    (type == SOCK_STREAM && listen(fd, 512))) {
		perror("lbtraffic: bind/listen");
		close(fd);
		return -1;
	}
	return fd;
}

/* A client's address as text; IPv4 ones as such, not IPv4-mapped. */
static void peer_text(const struct sockaddr_in6 *peer, char *buf, size_t len)
{
	if (IN6_IS_ADDR_V4MAPPED(&peer->sin6_addr))
		inet_ntop(AF_INET, &peer->sin6_addr.s6_addr[12], buf, len);
	else
		inet_ntop(AF_INET6, &peer->sin6_addr, buf, len);
}

static int wait_fd(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	return poll(&p, 1, io_timeout_ms()) == 1 ? 0 : -1;
}

/* An environment switch: set and not empty. */
static bool env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v;
}

static int serve_tcp(int port, const char *name)
{
	struct pollfd fds[MAX_CLIENTS + 1];
	char line[128], buf[4096];
	int n = 1, lfd, i;
	bool show_peer = env_set("LBTRAFFIC_PEER");
	bool close_first = env_set("LBTRAFFIC_CLOSE");

	lfd = listen_any(SOCK_STREAM, port);
	if (lfd < 0)
		return 1;
	fds[0] = (struct pollfd){ .fd = lfd, .events = POLLIN };
	for (;;) {
		if (poll(fds, n, -1) < 0 && errno != EINTR)
			return 1;
		if ((fds[0].revents & POLLIN) && n <= MAX_CLIENTS) {
			struct sockaddr_in6 peer;
			socklen_t plen = sizeof(peer);
			int cfd = accept(lfd, (struct sockaddr *)&peer, &plen);

			char ip[INET6_ADDRSTRLEN];

			peer_text(&peer, ip, sizeof(ip));
			snprintf(line, sizeof(line), "%s%s%s\n", name,
				 show_peer ? "@" : "", show_peer ? ip : "");
			if (cfd >= 0) {
				if (write(cfd, line, strlen(line)) < 0 ||
				    close_first) {
					close(cfd);
				} else {
					fds[n].fd = cfd;
					fds[n].events = POLLIN;
					fds[n++].revents = 0;
				}
			}
		}
		for (i = 1; i < n; i++) {
			ssize_t r;

			if (!fds[i].revents)
				continue;
			r = read(fds[i].fd, buf, sizeof(buf));
			if (r <= 0 || write(fds[i].fd, buf, r) != r) {
				close(fds[i].fd);
				fds[i--] = fds[--n];
			}
		}
	}
}

/* LBTRAFFIC_SIZE: the length of UDP datagrams, 0 for the usual ones. */
#define MAX_DATAGRAM 65507
static char datagram[MAX_DATAGRAM];

static size_t datagram_size(void)
{
	const char *v = getenv("LBTRAFFIC_SIZE");
	long n = v ? atol(v) : 0;

	return n > 0 && n <= MAX_DATAGRAM ? (size_t)n : 0;
}

/*
 * The answer leaves from the address the datagram was sent to, as a real
 * server's of direct routing or a tunnel must (the service's, which a
 * connected client expects), not the one routing would pick. An IPv4
 * datagram's comes as an IPv4-mapped IPv6 address, sent back as such.
 */
static int serve_udp(int port, const char *name)
{
	int fd = listen_any(SOCK_DGRAM, port), one = 1;
	size_t size = datagram_size(), len;
	char control[256];

	if (fd < 0)
		return 1;
	setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one));
	for (;;) {
		struct sockaddr_in6 from;
		struct iovec iov = { .iov_base = datagram,
				     .iov_len = sizeof(datagram) };
		struct msghdr msg = { .msg_name = &from,
				      .msg_namelen = sizeof(from),
				      .msg_iov = &iov,
				      .msg_iovlen = 1,
				      .msg_control = control,
				      .msg_controllen = sizeof(control) };
		struct cmsghdr *c;

		if (recvmsg(fd, &msg, 0) < 0)
			continue;
		/* The address, not the interface it came in by. */
		for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
			if (c->cmsg_level == IPPROTO_IPV6 &&
			    c->cmsg_type == IPV6_PKTINFO)
				((struct in6_pktinfo *)CMSG_DATA(c))
					->ipi6_ifindex = 0;
		len = (size_t)snprintf(datagram, sizeof(datagram), "%s\n",
				       name);
		/* A big answer: the name, then padding. */
		if (size > len) {
			memset(datagram + len, '.', size - len);
			len = size;
		}
		iov.iov_len = len;
		msg.msg_flags = 0;
		sendmsg(fd, &msg, 0);
	}
}

struct tally {
	char name[MAX_NAMES][64];
	int count[MAX_NAMES];
	int n;
	int failed;
};

static void tally_add(struct tally *t, const char *reply)
{
	char name[64];
	int i;

	snprintf(name, sizeof(name), "%.*s", (int)strcspn(reply, "\n"), reply);
	for (i = 0; i < t->n; i++)
		if (!strcmp(t->name[i], name))
			break;
	if (i == t->n) {
		if (t->n == MAX_NAMES)
			return;
		strcpy(t->name[t->n++], name);
	}
	t->count[i]++;
}

/*
 * UDP flows get source ports of their own: UDP has no TIME_WAIT, so an
 * ephemeral port could be reused within a run and its datagram would
 * (rightly) follow the flow still in the balancer's table.
 */
#define UDP_FIRST_PORT 20000
/* LBTRAFFIC_UDP_PORT, or LBTRAFFIC_TCP_PORT for TCP from fixed ports */
static int first_port = UDP_FIRST_PORT;
/* LBTRAFFIC_TCP_PORT: TCP connections from fixed ports too. */
static bool tcp_fixed_ports;
/* LBTRAFFIC_KEEP: the TCP connections made so far, still open. */
static bool keep_open;
static int kept[MAX_CLIENTS];
static int kept_count;
/* LBTRAFFIC_SOURCES: the first address (of either family) and how many. */
static struct sockaddr_storage src_first;
static uint32_t src_count;

static int parse_sources(const char *text)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&src_first;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&src_first;
	const char *slash = strchr(text, '/');
	char host[64];

	if (!slash || (size_t)(slash - text) >= sizeof(host) ||
	    atoi(slash + 1) < 1)
		return -1;
	memcpy(host, text, slash - text);
	host[slash - text] = '\0';
	src_count = (uint32_t)atoi(slash + 1);
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		return 0;
	}
	sin->sin_family = AF_INET;
	return inet_pton(AF_INET, host, &sin->sin_addr) == 1 ? 0 : -1;
}

/* Source address i of LBTRAFFIC_SOURCES: the first plus i % count. */
static void source_address(int index, struct sockaddr_storage *src)
{
	uint32_t add = (uint32_t)index % src_count;
	uint32_t *last;

	if (src->ss_family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)src;

		sin6->sin6_addr =
			((struct sockaddr_in6 *)&src_first)->sin6_addr;
		last = (uint32_t *)&sin6->sin6_addr.s6_addr[12];
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)src;

		sin->sin_addr = ((struct sockaddr_in *)&src_first)->sin_addr;
		last = &sin->sin_addr.s_addr;
	}
	*last = htonl(ntohl(*last) + add);
}

/* One exchange: connect (TCP) or send (UDP), read the backend's name. */
static int one_request(int type, const struct peer *to, int index, char *reply,
		       size_t len)
{
	int fd = socket(to->ss.ss_family, type | SOCK_NONBLOCK,
			type == SOCK_STREAM ? stream_protocol : 0);
	bool fixed_port = type == SOCK_DGRAM ||
			  stream_protocol == IPPROTO_SCTP || tcp_fixed_ports;
	ssize_t r = -1;
	size_t got = 0;
	char byte;

	if (fd < 0)
		return -1;
	if (fixed_port || src_count) {
		/* The port is at the same place in both families. */
		struct sockaddr_storage src = { .ss_family = to->ss.ss_family };
		struct sockaddr_in *sin = (struct sockaddr_in *)&src;
		int one = 1;

		/* An SCTP port may still close its last association. */
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (fixed_port)
			sin->sin_port = htons((uint16_t)(first_port + index));
		if (src_count)
			source_address(index, &src);
		if (bind(fd, (struct sockaddr *)&src, to->len))
			goto out;
	}
	if (type == SOCK_DGRAM) {
		size_t size = datagram_size();

		/* "hi", padded to LBTRAFFIC_SIZE bytes if given. */
		if (size < 2)
			size = 2;
		memset(datagram, '.', size);
		memcpy(datagram, "hi", 2);
		if (sendto(fd, datagram, size, 0,
			   (const struct sockaddr *)&to->ss,
			   to->len) == (ssize_t)size &&
		    !wait_fd(fd, POLLIN))
			r = recv(fd, reply, len - 1, 0);
		got = r > 0 ? (size_t)r : 0;
	} else {
		if (connect(fd, (const struct sockaddr *)&to->ss, to->len) &&
		    errno != EINPROGRESS)
			goto out;
		while (got < len - 1 && !wait_fd(fd, POLLIN)) {
			r = read(fd, reply + got, len - 1 - got);
			if (r <= 0)
				break;
			got += r;
			if (memchr(reply, '\n', got))
				break;
		}
		/* The server closes first: its side keeps TIME_WAIT. */
		if (tcp_fixed_ports && got && memchr(reply, '\n', got) &&
		    (wait_fd(fd, POLLIN) || read(fd, &byte, 1) != 0))
			got = 0;
	}
out:
	reply[got] = '\0';
	if (keep_open && type == SOCK_STREAM && got && kept_count < MAX_CLIENTS)
		kept[kept_count++] = fd;
	else
		close(fd);
	return got && strchr(reply, '\n') ? 0 : -1;
}

static int count(int type, const char *addr, int n)
{
	struct peer to;
	struct tally t = { 0 };
	const char *seq = getenv("LBTRAFFIC_SEQUENCE");
	char reply[128];
	int i;

	if (getenv("LBTRAFFIC_UDP_PORT"))
		first_port = atoi(getenv("LBTRAFFIC_UDP_PORT"));
	if (getenv("LBTRAFFIC_TCP_PORT") && stream_protocol == 0) {
		first_port = atoi(getenv("LBTRAFFIC_TCP_PORT"));
		tcp_fixed_ports = true;
	}
	keep_open = env_set("LBTRAFFIC_KEEP");
	if (getenv("LBTRAFFIC_SOURCES") &&
	    parse_sources(getenv("LBTRAFFIC_SOURCES"))) {
		fprintf(stderr, "lbtraffic: bad LBTRAFFIC_SOURCES '%s'\n",
			getenv("LBTRAFFIC_SOURCES"));
		return 2;
	}
	if (parse_addr(addr, &to) || n < 0 || first_port < 1024 ||
	    ((type == SOCK_DGRAM || stream_protocol || tcp_fixed_ports) &&
	     n > 65535 - first_port) ||
	    (keep_open && n > MAX_CLIENTS) ||
	    (src_count && to.ss.ss_family != src_first.ss_family)) {
		fprintf(stderr, "lbtraffic: bad address '%s' or count %d\n",
			addr, n);
		return 2;
	}
	for (i = 0; i < n; i++) {
		if (one_request(type, &to, i, reply, sizeof(reply))) {
			t.failed++;
			if (seq)
				fputs("-", stderr);
		} else {
			tally_add(&t, reply);
			if (seq)
				fprintf(stderr, "%.*s,",
					(int)strcspn(reply, "\n"), reply);
		}
	}
	if (seq)
		fputs("\n", stderr);
	while (kept_count)
		close(kept[--kept_count]);
	for (i = 0; i < t.n; i++)
		printf("%s %d\n", t.name[i], t.count[i]);
	if (t.failed)
		printf("failed %d\n", t.failed);
	return t.failed ? 1 : 0;
}

/*
 * A TCP connection to addr and the backend's greeting line (without its
 * newline) in name; read a byte at a time, since an echo may follow.
 * Returns the socket, or -1 (-2 for a bad address).
 */
static int connect_greeted(const char *addr, char *name, size_t len)
{
	struct peer to;
	size_t i;
	int fd;

	if (parse_addr(addr, &to))
		return -2;
	fd = socket(to.ss.ss_family, SOCK_STREAM, stream_protocol);
	if (connect(fd, (struct sockaddr *)&to.ss, to.len)) {
		perror("lbtraffic: connect");
		return -1;
	}
	for (i = 0; i < len - 1; i++) {
		if (wait_fd(fd, POLLIN) || read(fd, name + i, 1) != 1) {
			fprintf(stderr, "lbtraffic: no greeting\n");
			close(fd);
			return -1;
		}
		if (name[i] == '\n')
			break;
	}
	name[i] = '\0';
	return fd;
}

static int hold(const char *addr, int seconds)
{
	char buf[128];
	int fd, i, exchanges = seconds * 10;

	fd = connect_greeted(addr, buf, sizeof(buf));
	if (fd < 0)
		return fd == -2 ? 2 : 1;
	printf("connected\n");
	fflush(stdout);
	for (i = 0; i < exchanges; i++) {
		if (write(fd, "ping", 4) != 4 || wait_fd(fd, POLLIN) ||
		    read(fd, buf, sizeof(buf)) != 4) {
			fprintf(stderr, "lbtraffic: exchange %d failed\n", i);
			return 1;
		}
		usleep(100 * 1000);
	}
	printf("held %d exchanges\n", exchanges);
	close(fd);
	return 0;
}

/* The byte at offset i of a bulk transfer. */
static char bulk_byte(size_t i)
{
	return (char)('a' + (i * 7 + i / 1000) % 26);
}

static int bulk(const char *addr, size_t bytes)
{
	char name[128], buf[16384];
	size_t sent = 0, got = 0, i;
	ssize_t r;
	int fd;

	fd = connect_greeted(addr, name, sizeof(name));
	if (fd < 0)
		return fd == -2 ? 2 : 1;
	/* Never block in write while the echo waits to be read. */
	fcntl(fd, F_SETFL, O_NONBLOCK);
	while (got < bytes) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (sent < bytes)
			p.events |= POLLOUT;
		if (poll(&p, 1, io_timeout_ms()) != 1) {
			fprintf(stderr, "lbtraffic: stalled at %zu of %zu\n",
				got, bytes);
			return 1;
		}
		if (p.revents & POLLOUT) {
			size_t len = bytes - sent < sizeof(buf) ? bytes - sent :
								  sizeof(buf);

			for (i = 0; i < len; i++)
				buf[i] = bulk_byte(sent + i);
			r = write(fd, buf, len);
			if (r < 0 && errno != EAGAIN)
				return 1;
			sent += r > 0 ? (size_t)r : 0;
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			r = read(fd, buf, sizeof(buf));
			if (r < 0 && errno == EAGAIN)
				continue;
			if (r <= 0) {
				fprintf(stderr, "lbtraffic: closed at %zu\n",
					got);
				return 1;
			}
			for (i = 0; i < (size_t)r; i++)
				if (buf[i] != bulk_byte(got + i)) {
					fprintf(stderr,
						"lbtraffic: bad byte at %zu\n",
						got + i);
					return 1;
				}
			got += (size_t)r;
		}
	}
	close(fd);
	printf("%s %zu\n", name, got);
	return 0;
}

/*
 * LBTRAFFIC_TTL and LBTRAFFIC_SIZE on a probe's socket: its TTL (hop
 * limit); DF on every datagram, whatever the path MTU it knows; and the
 * ICMP errors it draws queued for print_icmp_error(). Returns whether
 * they are.
 */
static bool probe_options(int fd, int family, int type)
{
	bool ipv6 = family == AF_INET6;
	int ttl, one = 1;
	int probe_mtu = ipv6 ? IPV6_PMTUDISC_PROBE : IP_PMTUDISC_PROBE;

	if (env_set("LBTRAFFIC_TTL")) {
		ttl = atoi(getenv("LBTRAFFIC_TTL"));
		setsockopt(fd, ipv6 ? IPPROTO_IPV6 : IPPROTO_IP,
			   ipv6 ? IPV6_UNICAST_HOPS : IP_TTL, &ttl,
			   sizeof(ttl));
	} else if (!env_set("LBTRAFFIC_SIZE") || type != SOCK_DGRAM) {
		return false;
	}
	if (env_set("LBTRAFFIC_SIZE"))
		setsockopt(fd, ipv6 ? IPPROTO_IPV6 : IPPROTO_IP,
			   ipv6 ? IPV6_MTU_DISCOVER : IP_MTU_DISCOVER,
			   &probe_mtu, sizeof(probe_mtu));
	setsockopt(fd, ipv6 ? IPPROTO_IPV6 : IPPROTO_IP,
		   ipv6 ? IPV6_RECVERR : IP_RECVERR, &one, sizeof(one));
	return true;
}

/* The ICMP error the socket holds, as probe prints it; false: none. */
static bool print_icmp_error(int fd)
{
	char control[512], data[64], from[INET6_ADDRSTRLEN] = "?";
	struct iovec iov = { .iov_base = data, .iov_len = sizeof(data) };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = control,
			      .msg_controllen = sizeof(control) };
	const struct sock_extended_err *ee;
	const struct sockaddr *off;
	struct cmsghdr *c;
	bool ipv6;

	if (recvmsg(fd, &msg, MSG_ERRQUEUE) < 0)
		return false;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (!(c->cmsg_level == IPPROTO_IP &&
		      c->cmsg_type == IP_RECVERR) &&
		    !(c->cmsg_level == IPPROTO_IPV6 &&
		      c->cmsg_type == IPV6_RECVERR))
			continue;
		ee = (const struct sock_extended_err *)CMSG_DATA(c);
		ipv6 = ee->ee_origin == SO_EE_ORIGIN_ICMP6;
		if (!ipv6 && ee->ee_origin != SO_EE_ORIGIN_ICMP)
			continue;
		off = SO_EE_OFFENDER(ee);
		if (off->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((struct sockaddr_in6 *)off)->sin6_addr,
				  from, sizeof(from));
		else if (off->sa_family == AF_INET)
			inet_ntop(AF_INET,
				  &((struct sockaddr_in *)off)->sin_addr, from,
				  sizeof(from));
		/* ICMP 11 and ICMPv6 3; ICMP 3/4 and ICMPv6 2. */
		if (ee->ee_type == (ipv6 ? 3 : 11))
			printf("icmp time-exceeded from %s\n", from);
		else if (ipv6 ? ee->ee_type == 2 :
				ee->ee_type == 3 && ee->ee_code == 4)
			printf("icmp too-big %u from %s\n", ee->ee_info, from);
		else
			printf("icmp %u/%u from %s\n", ee->ee_type, ee->ee_code,
			       from);
		return true;
	}
	return false;
}

static int probe(int type, const char *addr)
{
	static char datagram[65536] = "hi";
	struct peer to;
	char reply[128];
	ssize_t r = -1;
	size_t size = 2;
	bool icmp;
	int fd, err;

	if (parse_addr(addr, &to))
		return 2;
	if (env_set("LBTRAFFIC_SIZE"))
		size = strtoul(getenv("LBTRAFFIC_SIZE"), NULL, 10);
	if (size < 2 || size > sizeof(datagram))
		return 2;
	fd = socket(to.ss.ss_family, type | SOCK_NONBLOCK,
		    type == SOCK_STREAM ? stream_protocol : 0);
	icmp = probe_options(fd, to.ss.ss_family, type);
	/* A connected UDP socket reports an ICMP error on its next recv. */
	if (connect(fd, (struct sockaddr *)&to.ss, to.len) &&
	    errno != EINPROGRESS)
		goto refused;
	if (type == SOCK_DGRAM && send(fd, datagram, size, 0) != (ssize_t)size)
		goto refused;
	if (type == SOCK_STREAM && !wait_fd(fd, POLLOUT)) {
		socklen_t len = sizeof(err);

		err = 0;
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
		errno = err;
		if (err)
			goto refused;
	}
	if (wait_fd(fd, POLLIN)) {
		printf("timeout\n");
		close(fd);
		return 0;
	}
	r = recv(fd, reply, sizeof(reply) - 1, 0);
	if (r <= 0)
		goto refused;
	reply[strcspn(reply, "\n")] = '\0';
	printf("answered %.*s\n", (int)r, reply);
	close(fd);
	return 0;
refused:
	err = errno;
	if (err == ECONNREFUSED)
		printf("refused\n");
	else if (!icmp || !print_icmp_error(fd))
		printf("error %s\n", strerror(err));
	close(fd);
	return 0;
}

/* "udp" is datagrams; "tcp" and "sctp" are streams. */
static int socket_type(const char *proto)
{
	if (!strcmp(proto, "sctp"))
		stream_protocol = IPPROTO_SCTP;
	return !strcmp(proto, "udp") ? SOCK_DGRAM : SOCK_STREAM;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	/* hold and bulk take an optional protocol first. */
	if (argc == 5 &&
	    (!strcmp(argv[1], "hold") || !strcmp(argv[1], "bulk"))) {
		socket_type(argv[2]);
		argv[2] = argv[1];
		argc--;
		argv++;
	}
	if (argc == 5 && !strcmp(argv[1], "serve")) {
		if (socket_type(argv[2]) == SOCK_DGRAM)
			return serve_udp(atoi(argv[3]), argv[4]);
		return serve_tcp(atoi(argv[3]), argv[4]);
	}
	if (argc == 5 && !strcmp(argv[1], "count"))
		return count(socket_type(argv[2]), argv[3], atoi(argv[4]));
	if (argc == 4 && !strcmp(argv[1], "hold"))
		return hold(argv[2], atoi(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "bulk"))
		return bulk(argv[2], strtoul(argv[3], NULL, 10));
	if (argc == 4 && !strcmp(argv[1], "probe"))
		return probe(socket_type(argv[2]), argv[3]);
	fprintf(stderr,
		"usage: lbtraffic serve tcp|udp|sctp PORT NAME | count tcp|udp|sctp ADDR:PORT N | hold [tcp|sctp] ADDR:PORT SECONDS | bulk [tcp|sctp] ADDR:PORT BYTES | probe tcp|udp|sctp ADDR:PORT\n");
	return 2;
}
