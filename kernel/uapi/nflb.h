/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * nflb - layer-4 load balancer: generic netlink interface.
 *
 * Family NFLB_GENL_NAME, version NFLB_GENL_VERSION. Every message carries
 * top-level attributes of enum nflb_attr; objects travel as nests.
 *
 * Every command, the dumps included, and joining NFLB_MCGRP_EVENTS need
 * CAP_NET_ADMIN in the initial user namespace, as IPVS's do: EPERM
 * otherwise. Each acts on the network namespace of the request's socket.
 *
 * NFLB_CMD_GET_INFO (do)
 *   reply: NFLB_A_INFO { enum nflb_info_attr },
 *          NFLB_A_TIMEOUTS { enum nflb_timeout_attr }
 *
 * NFLB_CMD_SET_TIMEOUTS (do)
 *   NFLB_A_TIMEOUTS { TCP, TCP_FIN, UDP: each optional, 0 = unchanged }
 *
 * NFLB_CMD_NEW_SERVICE, NFLB_CMD_SET_SERVICE (do)
 *   NFLB_A_SERVICE { AF, PROTOCOL, ADDR, PORT: the key (all required),
 *                    or AF, FWMARK: a firewall-mark service's key;
 *                    SCHED: required for NEW, optional for SET;
 *                    FLAGS (enum nflb_svc_flags), TABLE_SIZE, TIMEOUT,
 *                    NETMASK, NO_BACKEND: optional }
 *   errors: EEXIST (NEW: service exists), ESRCH (SET: no such service),
 *           ENOENT (unknown scheduler), EAFNOSUPPORT, EPROTONOSUPPORT
 *
 * NFLB_CMD_DEL_SERVICE (do)
 *   NFLB_A_SERVICE { key }; ESRCH when absent. Existing connections of
 *   its destinations keep flowing until they expire.
 *
 * NFLB_CMD_GET_SERVICE (dump)
 *   one message per service: NFLB_A_SERVICE { key, SCHED, FLAGS,
 *   TABLE_SIZE, TIMEOUT, NETMASK, NO_BACKEND, DEST_COUNT,
 *   STATS { enum nflb_stats_attr } }
 *
 * NFLB_CMD_NEW_DEST, NFLB_CMD_SET_DEST (do)
 *   NFLB_A_SERVICE { key }, NFLB_A_DEST { ADDR, PORT (required); FWD,
 *   WEIGHT, U_THRESH, L_THRESH, TUN_TYPE, TUN_PORT, TUN_FLAGS (optional;
 *   NEW defaults: masq, 1, 0, 0, ipip, 0, 0) }
 *   errors: ESRCH (no such service), EEXIST (NEW), ENOENT (SET: no such
 *           destination), EINVAL (tunnel options that do not fit)
 *
 * NFLB_CMD_DEL_DEST (do)
 *   NFLB_A_SERVICE { key }, NFLB_A_DEST { ADDR, PORT }; its connections
 *   keep flowing until they expire.
 *
 * NFLB_CMD_GET_DEST (dump)
 *   optional filter NFLB_A_SERVICE { key }; one message per destination:
 *   NFLB_A_SERVICE { key }, NFLB_A_DEST { ADDR, PORT, FWD, WEIGHT,
 *   U_THRESH, L_THRESH, TUN_TYPE, TUN_PORT, TUN_FLAGS, ACTIVE_CONNS,
 *   INACT_CONNS, PERSIST_CONNS, STATS }
 *
 * NFLB_CMD_FLUSH (do)
 *   deletes every service of the network namespace.
 *
 * NFLB_CMD_ZERO (do)
 *   optional NFLB_A_SERVICE { key }: zero the counters of that service
 *   and its destinations, or of all services when absent.
 *
 * NFLB_CMD_GET_CONN (dump)
 *   optional filters: NFLB_A_SERVICE { key }, NFLB_A_DEST { ADDR, PORT },
 *   NFLB_A_CONN { CLIENT_ADDR }. One message per connection, then per
 *   persistence template (TEMPLATE set, CLIENT_ADDR the masked network,
 *   CLIENT_PORT 0): NFLB_A_CONN { enum nflb_conn_attr }. Connections may
 *   be missed or seen twice while the table resizes.
 *
 * NFLB_CMD_DEL_CONN (do)
 *   NFLB_A_CONN { PROTOCOL, CLIENT_ADDR, CLIENT_PORT, VIRT_ADDR,
 *   VIRT_PORT }: ends that connection; ESRCH when there is none. The
 *   family is the addresses' (by their length, as CLIENT_ADDR's filter).
 *
 * NFLB_CMD_FLUSH_CONN (do)
 *   ends the connections, and removes the persistence templates, that
 *   match the filters of NFLB_CMD_GET_CONN (all when none is given).
 *
 * NFLB_CMD_BATCH (do)
 *   NFLB_A_CHANGE { enum nflb_change_attr }, repeated, in order;
 *   optional NFLB_A_BATCH_FLAGS. The changes are checked in order, each
 *   against the table as the ones before it leave it, and applied only
 *   when all pass: a refused batch changes nothing. The refusal's extack
 *   offset points into the refused NFLB_A_CHANGE. Every change of one
 *   batch is applied under one lock: no other request sees a part of it,
 *   and packets see each service change in one step (a service deleted
 *   and created again is replaced, never missing).
 *   Errors: those of the single commands; EINVAL for a CMD that is not a
 *   change. A big batch needs a big socket send buffer (SO_SNDBUFFORCE).
 *
 * Dumps of services and destinations are resumable and consistent: a change between two parts of a
 * dump sets NLM_F_DUMP_INTR on the next part.
 *
 * Addresses are in network byte order, 4 bytes for AF_INET and 16 for
 * AF_INET6; ports are network byte order u16.
 */
#ifndef _UAPI_NFLB_H
#define _UAPI_NFLB_H

#include <linux/types.h>

#define NFLB_GENL_NAME "nflb"
#define NFLB_GENL_VERSION 1

/*
 * Multicast group of change events: after each applied change (of a
 * single command or of a batch), a message whose command is the change's
 * (NFLB_CMD_{NEW,SET,DEL}_{SERVICE,DEST}, NFLB_CMD_FLUSH) with
 * NFLB_A_SERVICE (NEW/SET_SERVICE: as GET_SERVICE dumps it, else the key)
 * and, for destinations, NFLB_A_DEST as GET_DEST dumps it.
 */
#define NFLB_MCGRP_EVENTS "events"

#define NFLB_SCHED_NAME_MAX 16 /* including the terminating NUL */
#define NFLB_WEIGHT_MAX 65535

/* Maglev (mh) lookup table: a prime number of slots, default as IPVS's. */
#define NFLB_MH_TABLE_DEFAULT 4093
#define NFLB_MH_TABLE_MAX 1048573

/* Persistence timeout in seconds: default and upper bound (31 days). */
#define NFLB_PERSIST_TIMEOUT_DEFAULT 360
#define NFLB_PERSIST_TIMEOUT_MAX (31 * 86400)

enum nflb_cmd {
	NFLB_CMD_UNSPEC,
	NFLB_CMD_GET_INFO,
	NFLB_CMD_NEW_SERVICE,
	NFLB_CMD_SET_SERVICE,
	NFLB_CMD_DEL_SERVICE,
	NFLB_CMD_GET_SERVICE,
	NFLB_CMD_NEW_DEST,
	NFLB_CMD_SET_DEST,
	NFLB_CMD_DEL_DEST,
	NFLB_CMD_GET_DEST,
	NFLB_CMD_FLUSH,
	NFLB_CMD_ZERO,
	NFLB_CMD_SET_TIMEOUTS,
	NFLB_CMD_GET_CONN,
	NFLB_CMD_DEL_CONN,
	NFLB_CMD_FLUSH_CONN,
	NFLB_CMD_BATCH,
	__NFLB_CMD_MAX
};
#define NFLB_CMD_MAX (__NFLB_CMD_MAX - 1)

/* Top level. */
enum nflb_attr {
	NFLB_A_UNSPEC,
	NFLB_A_SERVICE, /* nest: enum nflb_svc_attr */
	NFLB_A_DEST, /* nest: enum nflb_dest_attr */
	NFLB_A_INFO, /* nest: enum nflb_info_attr */
	NFLB_A_TIMEOUTS, /* nest: enum nflb_timeout_attr */
	NFLB_A_CONN, /* nest: enum nflb_conn_attr */
	NFLB_A_CHANGE, /* nest: enum nflb_change_attr (NFLB_CMD_BATCH) */
	NFLB_A_BATCH_FLAGS, /* u32: enum nflb_batch_flags */
	__NFLB_A_MAX
};
#define NFLB_A_MAX (__NFLB_A_MAX - 1)

/*
 * Inside NFLB_A_CHANGE: one change as its own command would carry it.
 * CMD is NFLB_CMD_{NEW,SET,DEL}_SERVICE, NFLB_CMD_{NEW,SET,DEL}_DEST or
 * NFLB_CMD_FLUSH.
 */
enum nflb_change_attr {
	NFLB_CHANGE_A_UNSPEC,
	NFLB_CHANGE_A_CMD, /* u8: enum nflb_cmd */
	NFLB_CHANGE_A_SERVICE, /* nest: enum nflb_svc_attr */
	NFLB_CHANGE_A_DEST, /* nest: enum nflb_dest_attr */
	__NFLB_CHANGE_A_MAX
};
#define NFLB_CHANGE_A_MAX (__NFLB_CHANGE_A_MAX - 1)

enum nflb_batch_flags {
	NFLB_BATCH_F_CHECK = 0x1, /* check the batch, apply nothing */
};

/* Inside NFLB_A_SERVICE. */
enum nflb_svc_attr {
	NFLB_SVC_A_UNSPEC,
	NFLB_SVC_A_AF, /* u16: AF_INET or AF_INET6 */
	NFLB_SVC_A_PROTOCOL, /* u8: IPPROTO_TCP, IPPROTO_UDP */
	NFLB_SVC_A_ADDR, /* binary: virtual address */
	NFLB_SVC_A_PORT, /* be16: virtual port, non-zero */
	NFLB_SVC_A_SCHED, /* string: scheduler name */
	NFLB_SVC_A_DEST_COUNT, /* u32: destinations (output) */
	NFLB_SVC_A_STATS, /* nest: enum nflb_stats_attr (output) */
	NFLB_SVC_A_PAD,
	NFLB_SVC_A_FLAGS, /* u32: enum nflb_svc_flags */
	NFLB_SVC_A_TABLE_SIZE, /* u32: mh lookup table slots, a prime */
	/* u32: seconds a persistence template outlives the last connection
	 * it started, 1..NFLB_PERSIST_TIMEOUT_MAX (default 360, as ipvsadm)
	 */
	NFLB_SVC_A_TIMEOUT,
	/* be32: which client addresses share a template: AF_INET a netmask,
	 * AF_INET6 a prefix length 1..128 (default: the whole address)
	 */
	NFLB_SVC_A_NETMASK,
	NFLB_SVC_A_NO_BACKEND, /* u8: enum nflb_no_backend */
	/*
	 * u32, non-zero: the service takes the new flows of its family whose
	 * packets carry this mark (skb->mark, as set by the mangle table),
	 * whatever their protocol, address and port, before any service of
	 * address and port. Such a service has no PROTOCOL, ADDR or PORT.
	 */
	NFLB_SVC_A_FWMARK,
	__NFLB_SVC_A_MAX
};
#define NFLB_SVC_A_MAX (__NFLB_SVC_A_MAX - 1)

/*
 * Service flags, NFLB_SVC_A_FLAGS; the values are IPVS's IP_VS_SVC_F_*.
 * The scheduler flags mean sh-fallback/mh-fallback (1) and
 * sh-port/mh-port (2) to the hashing schedulers, nothing to the others.
 */
enum nflb_svc_flags {
	/* New connections of a client network follow its first one's real
	 * server (NFLB_SVC_A_TIMEOUT, NFLB_SVC_A_NETMASK).
	 */
	NFLB_SVC_F_PERSISTENT = 0x0001,
	/* Every UDP datagram is scheduled on its own, and no connection
	 * stays (-o): NAT replies are not translated back, as in IPVS.
	 */
	NFLB_SVC_F_ONEPACKET = 0x0004,
	NFLB_SVC_F_SCHED1 = 0x0008,
	NFLB_SVC_F_SCHED2 = 0x0010,
	NFLB_SVC_F_SCHED3 = 0x0020,
	/*
	 * Full NAT (not in IPVS): masqueraded connections also get a source
	 * address of the director, so real servers need no route back
	 * through it.
	 */
	NFLB_SVC_F_FULLNAT = 0x10000,
	__NFLB_SVC_F_ALL = 0x1003d
};
#define NFLB_SVC_F_FALLBACK NFLB_SVC_F_SCHED1
#define NFLB_SVC_F_PORT NFLB_SVC_F_SCHED2

/*
 * What a new connection gets when its service has no real server to take
 * it (none, all drained or overloaded), NFLB_SVC_A_NO_BACKEND.
 */
enum nflb_no_backend {
	NFLB_NO_BACKEND_RESET, /* TCP reset; UDP ICMP port unreachable */
	NFLB_NO_BACKEND_ICMP, /* ICMP port unreachable */
	NFLB_NO_BACKEND_DROP, /* nothing: the client retries (IPVS) */
	__NFLB_NO_BACKEND_MAX
};
#define NFLB_NO_BACKEND_MAX (__NFLB_NO_BACKEND_MAX - 1)

/*
 * Forwarding methods, NFLB_DEST_A_FWD. Whatever the method, a real server
 * whose address is the director's own gets the packets locally. Tunnel
 * and direct routing leave the ports as they are: the destination port
 * must be the service's (any port in a firewall-mark service, which has
 * none).
 */
enum nflb_fwd {
	NFLB_FWD_MASQ, /* NAT */
	NFLB_FWD_LOCAL, /* delivered to the director itself */
	NFLB_FWD_TUNNEL, /* encapsulated, NFLB_DEST_A_TUN_TYPE */
	NFLB_FWD_ROUTE, /* direct routing */
	__NFLB_FWD_MAX
};
#define NFLB_FWD_MAX (__NFLB_FWD_MAX - 1)

/* Tunnel encapsulations, NFLB_DEST_A_TUN_TYPE; IPVS's values. */
enum nflb_tun_type {
	NFLB_TUN_IPIP,
	NFLB_TUN_GUE, /* needs NFLB_DEST_A_TUN_PORT */
	NFLB_TUN_GRE,
	__NFLB_TUN_MAX
};
#define NFLB_TUN_MAX (__NFLB_TUN_MAX - 1)

/*
 * Tunnel checksum, NFLB_DEST_A_TUN_FLAGS (GUE and GRE): none (0), an
 * outer checksum, or GUE's remote checksum offload. IPVS's values.
 */
enum nflb_tun_flags {
	NFLB_TUN_F_CSUM = 0x1,
	NFLB_TUN_F_REMCSUM = 0x2,
	__NFLB_TUN_F_ALL = 0x3
};

/* Inside NFLB_A_DEST. */
enum nflb_dest_attr {
	NFLB_DEST_A_UNSPEC,
	NFLB_DEST_A_ADDR, /* binary: real server address, same family */
	/* be16: real server port; 0 only in a firewall-mark service, where it
	 * keeps each packet's destination port
	 */
	NFLB_DEST_A_PORT,
	NFLB_DEST_A_FWD, /* u32: enum nflb_fwd */
	NFLB_DEST_A_WEIGHT, /* u32: 0..NFLB_WEIGHT_MAX, 0 = drain */
	NFLB_DEST_A_U_THRESH, /* u32: upper connection threshold, 0 = none */
	NFLB_DEST_A_L_THRESH, /* u32: lower connection threshold */
	NFLB_DEST_A_ACTIVE_CONNS, /* u32 (output) */
	NFLB_DEST_A_INACT_CONNS, /* u32 (output) */
	NFLB_DEST_A_STATS, /* nest: enum nflb_stats_attr (output) */
	NFLB_DEST_A_PAD,
	NFLB_DEST_A_TUN_TYPE, /* u8: enum nflb_tun_type, default ipip */
	NFLB_DEST_A_TUN_PORT, /* be16: GUE destination port */
	NFLB_DEST_A_TUN_FLAGS, /* u16: enum nflb_tun_flags */
	NFLB_DEST_A_PERSIST_CONNS, /* u32: persistence templates (output) */
	__NFLB_DEST_A_MAX
};
#define NFLB_DEST_A_MAX (__NFLB_DEST_A_MAX - 1)

/*
 * Inside NFLB_SVC_A_STATS and NFLB_DEST_A_STATS; all u64. The counters,
 * then the rates per second, estimated as IPVS's (a two-second sample
 * moves the average a quarter of the way).
 */
enum nflb_stats_attr {
	NFLB_STATS_A_UNSPEC,
	NFLB_STATS_A_CONNS,
	NFLB_STATS_A_INPKTS,
	NFLB_STATS_A_OUTPKTS,
	NFLB_STATS_A_INBYTES,
	NFLB_STATS_A_OUTBYTES,
	NFLB_STATS_A_PAD,
	NFLB_STATS_A_CPS,
	NFLB_STATS_A_INPPS,
	NFLB_STATS_A_OUTPPS,
	NFLB_STATS_A_INBPS,
	NFLB_STATS_A_OUTBPS,
	__NFLB_STATS_A_MAX
};
#define NFLB_STATS_A_MAX (__NFLB_STATS_A_MAX - 1)

/* Inside NFLB_A_INFO. */
enum nflb_info_attr {
	NFLB_INFO_A_UNSPEC,
	NFLB_INFO_A_VERSION, /* string: module version */
	NFLB_INFO_A_CONN_TAB_SIZE, /* u32: initial connection table buckets */
	NFLB_INFO_A_CONN_COUNT, /* u32: connections in this namespace */
	NFLB_INFO_A_SVC_COUNT, /* u32: services in this namespace */
	/* u32: services, destinations, connections and persistence
	 * templates this namespace holds
	 */
	NFLB_INFO_A_OBJ_LIVE,
	NFLB_INFO_A_CONN_MAX, /* u32: the limit of CONN_COUNT, 0 = none */
	/* u64: new connections refused because CONN_COUNT was CONN_MAX */
	NFLB_INFO_A_CONN_REFUSED,
	NFLB_INFO_A_PAD,
	/* u32: buckets of the service and connection hash tables now (they
	 * grow with their content, at most 3/4 full, and shrink again)
	 */
	NFLB_INFO_A_SVC_BUCKETS,
	NFLB_INFO_A_CONN_BUCKETS,
	__NFLB_INFO_A_MAX
};
#define NFLB_INFO_A_MAX (__NFLB_INFO_A_MAX - 1)

/*
 * Inside NFLB_A_TIMEOUTS: u32 seconds of the connections of this network
 * namespace in a state, as ipvsadm's --set: established TCP, TCP after
 * the client's FIN, UDP.
 */
enum nflb_timeout_attr {
	NFLB_TIMEOUT_A_UNSPEC,
	NFLB_TIMEOUT_A_TCP,
	NFLB_TIMEOUT_A_TCP_FIN,
	NFLB_TIMEOUT_A_UDP,
	__NFLB_TIMEOUT_A_MAX
};
#define NFLB_TIMEOUT_A_MAX (__NFLB_TIMEOUT_A_MAX - 1)

/* Inside NFLB_A_CONN. Addresses are of the service's family. */
enum nflb_conn_attr {
	NFLB_CONN_A_UNSPEC,
	NFLB_CONN_A_AF, /* u16 */
	NFLB_CONN_A_PROTOCOL, /* u8 */
	NFLB_CONN_A_CLIENT_ADDR, /* binary */
	NFLB_CONN_A_CLIENT_PORT, /* be16 */
	NFLB_CONN_A_VIRT_ADDR, /* binary: the service */
	NFLB_CONN_A_VIRT_PORT, /* be16 */
	NFLB_CONN_A_DEST_ADDR, /* binary: the real server */
	NFLB_CONN_A_DEST_PORT, /* be16 */
	NFLB_CONN_A_LOCAL_ADDR, /* binary: full NAT's director address */
	NFLB_CONN_A_LOCAL_PORT, /* be16: and port */
	NFLB_CONN_A_FWD, /* u8: enum nflb_fwd */
	NFLB_CONN_A_STATE, /* u8: see NFLB_CONN_STATE_NAMES */
	NFLB_CONN_A_EXPIRES, /* u32: milliseconds left */
	NFLB_CONN_A_TEMPLATE, /* flag: a persistence template */
	/*
	 * u32: the firewall-mark service's mark; its templates have
	 * PROTOCOL 0 and no VIRT_ADDR or VIRT_PORT (one template serves every
	 * protocol and port of the mark).
	 */
	NFLB_CONN_A_FWMARK,
	__NFLB_CONN_A_MAX
};
#define NFLB_CONN_A_MAX (__NFLB_CONN_A_MAX - 1)

/*
 * NFLB_CONN_A_STATE of a TCP connection, by value, as ipvsadm names
 * them (NFLB_SCTP_STATE_NAMES for SCTP); UDP connections are 0; a
 * template is 1 once a connection it started was answered ("ASSURED"),
 * else 0 ("NONE").
 */
#define NFLB_CONN_STATE_NAMES                                              \
	{                                                                  \
		"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", \
			"CLOSE_WAIT", "TIME_WAIT", "CLOSE"                 \
	}
#define NFLB_SCTP_STATE_NAMES                                             \
	{                                                                 \
		"NONE", "INIT1", "INIT", "C-SENT", "C-REPLIED", "C-WAIT", \
			"COOKIE", "C-ECHOED", "ESTABLISHED", "S-SENT",    \
			"S-RECEIVED", "S-ACK-SENT", "REJECTED", "CLOSED"  \
	}

#endif /* _UAPI_NFLB_H */
