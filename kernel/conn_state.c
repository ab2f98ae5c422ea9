// SPDX-License-Identifier: GPL-2.0
/*
 * TCP state machine of a load-balanced connection. The director sees both
 * directions of NAT traffic, so it follows the handshake and the close of
 * each side, and picks each state's timeout from there.
 */
#include "conn_state.h"

const struct nflb_timeouts nflb_default_timeouts = {
	.tcp = {
		[NFLB_TCP_NONE] = 2,
		[NFLB_TCP_SYN_SENT] = 120,
		[NFLB_TCP_SYN_RECV] = 60,
		[NFLB_TCP_ESTABLISHED] = 900,
		[NFLB_TCP_FIN_WAIT] = 120,
		[NFLB_TCP_CLOSE_WAIT] = 60,
		[NFLB_TCP_TIME_WAIT] = 120,
		[NFLB_TCP_CLOSE] = 10,
	},
	.udp = 300,
	/* IPVS's: a lost first INIT and a refused one go fast, the other
	 * transient states last one maximum retransmission time (60 s) and
	 * a second.
	 */
	.sctp = {
		[NFLB_SCTP_NONE] = 2,
		[NFLB_SCTP_INIT1] = 4,
		[NFLB_SCTP_INIT] = 61,
		[NFLB_SCTP_COOKIE_SENT] = 61,
		[NFLB_SCTP_COOKIE_REPLIED] = 61,
		[NFLB_SCTP_COOKIE_WAIT] = 61,
		[NFLB_SCTP_COOKIE] = 61,
		[NFLB_SCTP_COOKIE_ECHOED] = 61,
		[NFLB_SCTP_ESTABLISHED] = 900,
		[NFLB_SCTP_SHUTDOWN_SENT] = 61,
		[NFLB_SCTP_SHUTDOWN_RECEIVED] = 61,
		[NFLB_SCTP_SHUTDOWN_ACK_SENT] = 61,
		[NFLB_SCTP_REJECTED] = 4,
		[NFLB_SCTP_CLOSED] = 61,
	},
};

static const char *const tcp_state_names[NFLB_TCP_S_MAX] = {
	[NFLB_TCP_NONE] = "NONE",
	[NFLB_TCP_SYN_SENT] = "SYN_SENT",
	[NFLB_TCP_SYN_RECV] = "SYN_RECV",
	[NFLB_TCP_ESTABLISHED] = "ESTABLISHED",
	[NFLB_TCP_FIN_WAIT] = "FIN_WAIT",
	[NFLB_TCP_CLOSE_WAIT] = "CLOSE_WAIT",
	[NFLB_TCP_TIME_WAIT] = "TIME_WAIT",
	[NFLB_TCP_CLOSE] = "CLOSE",
};

const char *nflb_tcp_state_name(u8 state)
{
	return state < NFLB_TCP_S_MAX ? tcp_state_names[state] : "ERR!";
}

static u8 tcp_on_fin(u8 state, enum nflb_dir dir)
{
	switch (state) {
	case NFLB_TCP_SYN_RECV:
	case NFLB_TCP_ESTABLISHED:
		return dir == NFLB_DIR_ORIG ? NFLB_TCP_FIN_WAIT :
					      NFLB_TCP_CLOSE_WAIT;
	case NFLB_TCP_FIN_WAIT:
		return dir == NFLB_DIR_REPLY ? NFLB_TCP_TIME_WAIT : state;
	case NFLB_TCP_CLOSE_WAIT:
		return dir == NFLB_DIR_ORIG ? NFLB_TCP_TIME_WAIT : state;
	default:
		return state;
	}
}

u8 nflb_tcp_next_state(u8 state, enum nflb_dir dir, u8 tcp_flags)
{
	if (tcp_flags & NFLB_TCPF_RST)
		return NFLB_TCP_CLOSE;

	if (tcp_flags & NFLB_TCPF_SYN) {
		if (dir == NFLB_DIR_ORIG && !(tcp_flags & NFLB_TCPF_ACK))
			return nflb_tcp_state_reusable(state, false) ||
					       state == NFLB_TCP_SYN_SENT ?
				       NFLB_TCP_SYN_SENT :
				       state;
		if (dir == NFLB_DIR_REPLY && (tcp_flags & NFLB_TCPF_ACK) &&
		    state == NFLB_TCP_SYN_SENT)
			return NFLB_TCP_SYN_RECV;
		return state;
	}

	if (tcp_flags & NFLB_TCPF_FIN)
		return tcp_on_fin(state, dir);

	if ((tcp_flags & NFLB_TCPF_ACK) && dir == NFLB_DIR_ORIG &&
	    state == NFLB_TCP_SYN_RECV)
		return NFLB_TCP_ESTABLISHED;

	return state;
}

/*
 * Direct routing and tunnels: only the client's packets pass the
 * director, so the state follows them alone, as IPVS's input-only table
 * does: SYN opens, ACK establishes, FIN closes, RST resets.
 */
u8 nflb_tcp_next_state_in_only(u8 state, u8 tcp_flags)
{
	if (tcp_flags & NFLB_TCPF_RST)
		return state == NFLB_TCP_SYN_RECV ? state : NFLB_TCP_CLOSE;
	if (tcp_flags & NFLB_TCPF_SYN)
		return state == NFLB_TCP_ESTABLISHED ? state :
						       NFLB_TCP_SYN_RECV;
	if (tcp_flags & NFLB_TCPF_FIN) {
		switch (state) {
		case NFLB_TCP_ESTABLISHED:
			return NFLB_TCP_FIN_WAIT;
		case NFLB_TCP_SYN_RECV:
			return NFLB_TCP_TIME_WAIT;
		case NFLB_TCP_NONE:
			return NFLB_TCP_CLOSE;
		default:
			return state;
		}
	}
	if (tcp_flags & NFLB_TCPF_ACK) {
		if (state == NFLB_TCP_NONE || state == NFLB_TCP_SYN_RECV)
			return NFLB_TCP_ESTABLISHED;
	}
	return state;
}
