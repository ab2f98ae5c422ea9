/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libnflb: the generic netlink client of the nflb module, shared by lbadm
 * and lbd. Every call returns 0 or a negative errno; after a failure,
 * nflb_last_msg() has the kernel's explanation when it gave one.
 */
#ifndef _NFLB_LIBNFLB_H
#define _NFLB_LIBNFLB_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "nflb.h"

union nflb_inet_addr {
	struct in_addr v4;
	struct in6_addr v6;
};

struct nflb_counters {
	uint64_t conns;
	uint64_t inpkts;
	uint64_t outpkts;
	uint64_t inbytes;
	uint64_t outbytes;
	/* Per second, estimated as IPVS's --rate. */
	uint64_t cps;
	uint64_t inpps;
	uint64_t outpps;
	uint64_t inbps;
	uint64_t outbps;
};

/* Which optional fields of struct nflb_svc a request sets. */
enum nflb_svc_field {
	NFLB_SVC_FLAGS = 1 << 0,
	NFLB_SVC_TABLE_SIZE = 1 << 1,
	NFLB_SVC_TIMEOUT = 1 << 2,
	NFLB_SVC_NETMASK = 1 << 3,
	NFLB_SVC_NO_BACKEND = 1 << 4,
};

/* A firewall-mark service has fwmark set, and no protocol, addr or port. */
struct nflb_svc {
	uint16_t af;
	uint32_t fwmark;
	uint8_t protocol;
	union nflb_inet_addr addr;
	uint16_t port; /* host byte order */
	char sched[NFLB_SCHED_NAME_MAX]; /* empty: unchanged on edit */
	unsigned int fields; /* enum nflb_svc_field */
	uint32_t flags; /* enum nflb_svc_flags */
	uint32_t table_size; /* mh slots; listings: the table in use */
	uint32_t timeout; /* persistence, seconds */
	/* persistence: IPv4 a mask in network byte order, IPv6 a prefix
	 * length
	 */
	uint32_t netmask;
	uint8_t no_backend; /* enum nflb_no_backend */
	uint32_t dest_count; /* listings only */
	struct nflb_counters stats; /* listings only */
};

/* Which fields of struct nflb_dest a request sets. */
enum nflb_dest_field {
	NFLB_DEST_FWD = 1 << 0,
	NFLB_DEST_WEIGHT = 1 << 1,
	NFLB_DEST_U_THRESH = 1 << 2,
	NFLB_DEST_L_THRESH = 1 << 3,
	NFLB_DEST_TUNNEL = 1 << 4, /* tun_type, tun_port, tun_flags */
};

struct nflb_dest {
	union nflb_inet_addr addr;
	uint16_t port; /* host byte order */
	unsigned int fields; /* enum nflb_dest_field */
	uint32_t fwd; /* enum nflb_fwd */
	uint32_t weight;
	uint32_t u_thresh;
	uint32_t l_thresh;
	uint8_t tun_type; /* enum nflb_tun_type */
	uint16_t tun_port; /* host byte order, GUE only */
	uint16_t tun_flags; /* enum nflb_tun_flags */
	uint32_t active_conns; /* listings only */
	uint32_t inact_conns; /* listings only */
	uint32_t persist_conns; /* listings only: persistence templates */
	struct nflb_counters stats; /* listings only */
};

struct nflb_svc_entry {
	struct nflb_svc svc;
	size_t ndests;
	struct nflb_dest *dests;
};

struct nflb_table {
	size_t nsvcs;
	struct nflb_svc_entry *svcs;
};

/* Seconds; in a request, 0 leaves that timeout as it is. */
struct nflb_timeouts {
	uint32_t tcp; /* established */
	uint32_t tcp_fin; /* after the client's FIN */
	uint32_t udp;
};

struct nflb_info {
	char version[32];
	uint32_t conn_tab_size;
	uint32_t conn_count;
	uint32_t svc_count;
	uint32_t obj_live; /* services, servers, connections, templates */
	uint32_t conn_max; /* 0: no limit */
	uint64_t conn_refused; /* new connections over conn_max */
	uint32_t svc_buckets, conn_buckets; /* hash tables' size now */
	struct nflb_timeouts timeouts;
};

/* The operations, for nflb_strerror(). */
enum nflb_op {
	NFLB_OP_INFO,
	NFLB_OP_ADD_SERVICE,
	NFLB_OP_EDIT_SERVICE,
	NFLB_OP_DEL_SERVICE,
	NFLB_OP_ADD_DEST,
	NFLB_OP_EDIT_DEST,
	NFLB_OP_DEL_DEST,
	NFLB_OP_FLUSH,
	NFLB_OP_ZERO,
	NFLB_OP_LIST,
	NFLB_OP_SET_TIMEOUTS,
	NFLB_OP_DEL_CONN,
	NFLB_OP_FLUSH_CONN,
};

struct nflb_handle;

/* NULL and errno set when the family cannot be reached. */
struct nflb_handle *nflb_open(void);
void nflb_close(struct nflb_handle *h);
const char *nflb_last_msg(const struct nflb_handle *h);

int nflb_get_info(struct nflb_handle *h, struct nflb_info *info);
int nflb_add_service(struct nflb_handle *h, const struct nflb_svc *svc);
int nflb_edit_service(struct nflb_handle *h, const struct nflb_svc *svc);
int nflb_del_service(struct nflb_handle *h, const struct nflb_svc *svc);
int nflb_add_dest(struct nflb_handle *h, const struct nflb_svc *svc,
		  const struct nflb_dest *dest);
int nflb_edit_dest(struct nflb_handle *h, const struct nflb_svc *svc,
		   const struct nflb_dest *dest);
int nflb_del_dest(struct nflb_handle *h, const struct nflb_svc *svc,
		  const struct nflb_dest *dest);
int nflb_flush(struct nflb_handle *h);
int nflb_set_timeouts(struct nflb_handle *h, const struct nflb_timeouts *t);

/*
 * A batch: changes gathered in order, then committed by the kernel as
 * one step, all or nothing. The adders return 0 or -ENOMEM.
 */
struct nflb_batch;

struct nflb_batch *nflb_batch_new(void);
void nflb_batch_free(struct nflb_batch *b);
size_t nflb_batch_len(const struct nflb_batch *b);
int nflb_batch_add_service(struct nflb_batch *b, const struct nflb_svc *svc);
int nflb_batch_edit_service(struct nflb_batch *b, const struct nflb_svc *svc);
int nflb_batch_del_service(struct nflb_batch *b, const struct nflb_svc *svc);
int nflb_batch_add_dest(struct nflb_batch *b, const struct nflb_svc *svc,
			const struct nflb_dest *dest);
int nflb_batch_edit_dest(struct nflb_batch *b, const struct nflb_svc *svc,
			 const struct nflb_dest *dest);
int nflb_batch_del_dest(struct nflb_batch *b, const struct nflb_svc *svc,
			const struct nflb_dest *dest);
int nflb_batch_flush(struct nflb_batch *b);
/*
 * Commit b (kept: commit it again or free it). check_only: the kernel
 * checks it and applies nothing. When refused, *refused (if given) is
 * the index of the change refused, or -1 when the kernel named none.
 */
int nflb_batch_commit(struct nflb_handle *h, struct nflb_batch *b,
		      int check_only, long *refused);

/* A change the kernel applied (NFLB_MCGRP_EVENTS). */
struct nflb_event {
	uint8_t cmd; /* NFLB_CMD_{NEW,SET,DEL}_{SERVICE,DEST}, NFLB_CMD_FLUSH */
	struct nflb_svc svc; /* settings for NEW/SET_SERVICE, else the key */
	int has_dest;
	struct nflb_dest dest;
};

/*
 * Call cb for each change event, until it returns non-zero (then 0) or
 * the socket fails; lost (may be NULL) when the kernel had to drop some.
 * h is the monitor's alone from then on.
 */
int nflb_monitor(struct nflb_handle *h,
		 int (*cb)(const struct nflb_event *e, void *arg), void *arg,
		 void (*lost)(void *arg));

/* A connection, or a persistence template (template set, cport 0). */
struct nflb_conn_entry {
	uint16_t af;
	uint8_t protocol;
	union nflb_inet_addr client, virt, dest;
	union nflb_inet_addr local; /* full NAT: the director's address */
	uint16_t cport, vport, dport, lport; /* host byte order */
	int fullnat;
	int template;
	uint8_t fwd; /* enum nflb_fwd */
	uint8_t state; /* TCP: NFLB_CONN_STATE_NAMES */
	uint32_t expires_ms;
	/* of a firewall-mark service; its templates have protocol 0 and
	 * no virt or vport
	 */
	uint32_t fwmark;
};

struct nflb_conn_list {
	size_t n;
	struct nflb_conn_entry *e;
};

/* Which connections: of svc, of its real server dest, of client. */
struct nflb_conn_filter {
	const struct nflb_svc *svc;
	const struct nflb_dest *dest; /* needs svc */
	const union nflb_inet_addr *client;
	uint16_t client_af; /* of client */
};

int nflb_get_conns(struct nflb_handle *h, const struct nflb_conn_filter *f,
		   struct nflb_conn_list *list);
void nflb_conn_list_free(struct nflb_conn_list *list);
/* End the connection of c's protocol, client and service ends. */
int nflb_del_conn(struct nflb_handle *h, const struct nflb_conn_entry *c);
/* End every connection f picks (all with f NULL). */
int nflb_flush_conns(struct nflb_handle *h, const struct nflb_conn_filter *f);

/* "tcp", "udp", "sctp" (as /etc/services names them) and "TCP"... */
const char *nflb_protocol_name(uint8_t protocol);
const char *nflb_protocol_label(uint8_t protocol);
int nflb_protocol_parse(const char *name, uint8_t *out);

/* enum nflb_no_backend by name ("reset", "icmp", "drop"), and back. */
int nflb_no_backend_parse(const char *name, uint8_t *out);
const char *nflb_no_backend_name(uint8_t no_backend);
/* svc NULL: all services. */
int nflb_zero(struct nflb_handle *h, const struct nflb_svc *svc);

/* Every service with its destinations, in the kernel's order. */
int nflb_get_table(struct nflb_handle *h, struct nflb_table *table);
void nflb_table_free(struct nflb_table *table);
struct nflb_svc_entry *nflb_table_find(const struct nflb_table *table,
				       const struct nflb_svc *svc);

/*
 * The message a person should read for err (negative errno) from op:
 * ipvsadm's wording where it has one, else the kernel's explanation
 * (kernel_msg, may be NULL), else strerror().
 */
const char *nflb_strerror(enum nflb_op op, int err, const char *kernel_msg);

int nflb_svc_same(const struct nflb_svc *a, const struct nflb_svc *b);
int nflb_dest_same(uint16_t af, const struct nflb_dest *a,
		   const struct nflb_dest *b);

#endif /* _NFLB_LIBNFLB_H */
