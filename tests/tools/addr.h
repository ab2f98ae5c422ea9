/* SPDX-License-Identifier: GPL-2.0 */
/* The address syntax of the test tools, shared by lbtraffic and lbicmp. */
#ifndef _NFLB_TOOLS_ADDR_H
#define _NFLB_TOOLS_ADDR_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/*
 * An IPv4 address, or an IPv6 one in brackets, then ":PORT" unless
 * without_port, into *ss and its length into *len (may be NULL); -1 when
 * text is none of those.
 */
static inline int tools_parse_addr(const char *text, int without_port,
				   struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	const char *colon = without_port ? text + strlen(text) :
					   strrchr(text, ':');
	char host[64];
	size_t n;

	if (!colon)
		return -1;
	n = colon - text;
	if (text[0] == '[' && n >= 2 && text[n - 1] == ']') {
		text++;
		n -= 2;
	}
	if (n >= sizeof(host))
		return -1;
	memcpy(host, text, n);
	host[n] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		if (!without_port)
			sin6->sin6_port = htons((uint16_t)atoi(colon + 1));
		if (len)
			*len = sizeof(*sin6);
		return 0;
	}
	sin->sin_family = AF_INET;
	if (!without_port)
		sin->sin_port = htons((uint16_t)atoi(colon + 1));
	if (len)
		*len = sizeof(*sin);
	return inet_pton(AF_INET, host, &sin->sin_addr) == 1 ? 0 : -1;
}

#endif /* _NFLB_TOOLS_ADDR_H */
