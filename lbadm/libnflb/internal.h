/* SPDX-License-Identifier: GPL-2.0 */
/* libnflb's own helpers, shared by its files; not for its users. */
#ifndef _NFLB_LIBNFLB_INTERNAL_H
#define _NFLB_LIBNFLB_INTERNAL_H

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "libnflb.h"

/* A request and its answers; parse sees each answer's attributes. */
int nflbi_request(struct nflb_handle *h, struct nl_msg *msg,
		  int (*parse)(struct nlattr **tb, void *arg), void *arg);
struct nl_msg *nflbi_new_msg(struct nflb_handle *h, uint8_t cmd, int flags);
/* One that can grow to size bytes (0: a page). */
struct nl_msg *nflbi_new_msg_size(struct nflb_handle *h, uint8_t cmd, int flags,
				  size_t size);
size_t nflbi_addr_len(uint16_t af);
/* A nest of attribute type: the service key, with its settings. */
int nflbi_put_svc(struct nl_msg *msg, int type, const struct nflb_svc *svc,
		  int with_sched);
int nflbi_put_dest(struct nl_msg *msg, int type, uint16_t af,
		   const struct nflb_dest *d, int with_fields);
/* Where the kernel's last refusal pointed in the request, or 0. */
uint32_t nflbi_err_offset(const struct nflb_handle *h);
/* A send buffer for a request of len bytes, or -EMSGSIZE. */
int nflbi_make_room(struct nflb_handle *h, size_t len);
uint32_t nflbi_get_u32(struct nlattr *a);
/* A NFLB_A_SERVICE or NFLB_A_DEST nest as the kernel sends it. */
int nflbi_parse_svc(struct nlattr *nest, struct nflb_svc *svc);
int nflbi_parse_dest(struct nlattr *nest, uint16_t af, struct nflb_dest *d);
struct nl_sock *nflbi_sock(struct nflb_handle *h);
int nflbi_parse_addr(struct nlattr *a, uint16_t af, union nflb_inet_addr *addr);
int nflbi_parse_port(struct nlattr *a, uint16_t *port);
/* array with room for element n (doubling), or NULL (array freed). */
void *nflbi_grow(void *array, size_t *cap, size_t n, size_t size);

#endif /* _NFLB_LIBNFLB_INTERNAL_H */
