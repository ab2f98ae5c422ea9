/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-connection protocol state: the TCP and SCTP state machines and the
 * timeout of each state. Pure logic, also compiled into the user-space unit tests.
 */
#ifndef _NFLB_CONN_STATE_H
#define _NFLB_CONN_STATE_H

#include "pure.h"

enum nflb_dir {
	NFLB_DIR_ORIG, /* client to service */
	NFLB_DIR_REPLY, /* real server back to client */
};

enum nflb_tcp_state {
	NFLB_TCP_NONE,
	NFLB_TCP_SYN_SENT, /* SYN seen from the client */
	NFLB_TCP_SYN_RECV, /* SYN-ACK seen from the real server */
	NFLB_TCP_ESTABLISHED,
	NFLB_TCP_FIN_WAIT, /* the client closed first */
	NFLB_TCP_CLOSE_WAIT, /* the real server closed first */
	NFLB_TCP_TIME_WAIT, /* both sides closed */
	NFLB_TCP_CLOSE, /* reset */
	NFLB_TCP_S_MAX
};

/*
 * SCTP association states, as IPVS names them; the setup states say who
 * sent what last, for the listing.
 */
enum nflb_sctp_state {
	NFLB_SCTP_NONE,
	NFLB_SCTP_INIT1, /* the client's first INIT */
	NFLB_SCTP_INIT, /* the client's INIT again */
	NFLB_SCTP_COOKIE_SENT, /* the real server's INIT ACK */
	NFLB_SCTP_COOKIE_REPLIED, /* the client's COOKIE ECHO */
	NFLB_SCTP_COOKIE_WAIT, /* the real server's own INIT */
	NFLB_SCTP_COOKIE, /* the client's INIT ACK to it */
	NFLB_SCTP_COOKIE_ECHOED, /* the real server's COOKIE ECHO */
	NFLB_SCTP_ESTABLISHED,
	NFLB_SCTP_SHUTDOWN_SENT, /* by the real server */
	NFLB_SCTP_SHUTDOWN_RECEIVED, /* from the client */
	NFLB_SCTP_SHUTDOWN_ACK_SENT, /* by the real server */
	NFLB_SCTP_REJECTED, /* an INIT answered with ABORT */
	NFLB_SCTP_CLOSED,
	NFLB_SCTP_S_MAX
};

/* SCTP chunk types (RFC 9260, 3.2) that move the state. */
enum nflb_sctp_chunk {
	NFLB_SCTP_CID_DATA = 0,
	NFLB_SCTP_CID_INIT = 1,
	NFLB_SCTP_CID_INIT_ACK = 2,
	NFLB_SCTP_CID_ABORT = 6,
	NFLB_SCTP_CID_SHUTDOWN = 7,
	NFLB_SCTP_CID_SHUTDOWN_ACK = 8,
	NFLB_SCTP_CID_ERROR = 9,
	NFLB_SCTP_CID_COOKIE_ECHO = 10,
	NFLB_SCTP_CID_COOKIE_ACK = 11,
	NFLB_SCTP_CID_SHUTDOWN_COMPLETE = 14,
};

/* A UDP flow has one state. */
#define NFLB_UDP_STATE 0

/* TCP header flag bits, as in the header's 13th byte. */
#define NFLB_TCPF_FIN 0x01
#define NFLB_TCPF_SYN 0x02
#define NFLB_TCPF_RST 0x04
#define NFLB_TCPF_ACK 0x10

/* Seconds. The defaults are IPVS's: tcp 900, tcpfin 120, udp 300. */
struct nflb_timeouts {
	u32 tcp[NFLB_TCP_S_MAX];
	u32 udp;
	u32 sctp[NFLB_SCTP_S_MAX];
};

extern const struct nflb_timeouts nflb_default_timeouts;

u8 nflb_tcp_next_state(u8 state, enum nflb_dir dir, u8 tcp_flags);
u8 nflb_tcp_next_state_in_only(u8 state, u8 tcp_flags);
const char *nflb_tcp_state_name(u8 state);

/*
 * May a new connection reuse the ports of one in this state at once?
 * When only the client is seen (in_only), its FIN already ended it.
 */
static inline bool nflb_tcp_state_reusable(u8 state, bool in_only)
{
	return state == NFLB_TCP_TIME_WAIT || state == NFLB_TCP_CLOSE ||
	       state == NFLB_TCP_NONE ||
	       (in_only && state == NFLB_TCP_FIN_WAIT);
}

/* Established connections count as active, the others as inactive. */
static inline bool nflb_tcp_state_active(u8 state)
{
	return state == NFLB_TCP_ESTABLISHED;
}

u8 nflb_sctp_next_state(u8 state, enum nflb_dir dir, u8 chunk);
u8 nflb_sctp_next_state_in_only(u8 state, u8 chunk);

/* May an INIT on the ports of an association in this state start anew? */
static inline bool nflb_sctp_state_reusable(u8 state)
{
	return state == NFLB_SCTP_CLOSED || state == NFLB_SCTP_REJECTED;
}

#endif /* _NFLB_CONN_STATE_H */
