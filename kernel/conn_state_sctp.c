// SPDX-License-Identifier: GPL-2.0
/*
 * SCTP state machine of a load-balanced association, driven by the first
 * chunk of each packet (RFC 9260, 4: INIT, INIT ACK, COOKIE ECHO, COOKIE
 * ACK open; SHUTDOWN, SHUTDOWN ACK, SHUTDOWN COMPLETE close; ABORT ends).
 * The states are those IPVS lists, so that a listing reads the same.
 */
#include "conn_state.h"

/* Opening: nothing established or closing yet. */
static bool opening(u8 state)
{
	return state <= NFLB_SCTP_COOKIE_ECHOED;
}

/* The client's INIT; a repeated one is a retransmission. */
static u8 client_init(u8 state)
{
	switch (state) {
	case NFLB_SCTP_NONE:
	case NFLB_SCTP_REJECTED:
	case NFLB_SCTP_CLOSED:
		return NFLB_SCTP_INIT1;
	case NFLB_SCTP_INIT1:
		return NFLB_SCTP_INIT;
	default:
		return state;
	}
}

static u8 from_client(u8 state, u8 chunk)
{
	switch (chunk) {
	case NFLB_SCTP_CID_INIT:
		return client_init(state);
	case NFLB_SCTP_CID_INIT_ACK:
		return state == NFLB_SCTP_COOKIE_WAIT ? NFLB_SCTP_COOKIE :
							state;
	case NFLB_SCTP_CID_COOKIE_ECHO:
		return state == NFLB_SCTP_COOKIE_SENT ?
			       NFLB_SCTP_COOKIE_REPLIED :
			       state;
	case NFLB_SCTP_CID_COOKIE_ACK:
		return state == NFLB_SCTP_COOKIE_ECHOED ?
			       NFLB_SCTP_ESTABLISHED :
			       state;
	case NFLB_SCTP_CID_SHUTDOWN:
		return state == NFLB_SCTP_ESTABLISHED ?
			       NFLB_SCTP_SHUTDOWN_RECEIVED :
			       state;
	case NFLB_SCTP_CID_SHUTDOWN_ACK:
		return state == NFLB_SCTP_SHUTDOWN_SENT ? NFLB_SCTP_CLOSED :
							  state;
	case NFLB_SCTP_CID_SHUTDOWN_COMPLETE:
		return state == NFLB_SCTP_SHUTDOWN_ACK_SENT ? NFLB_SCTP_CLOSED :
							      state;
	case NFLB_SCTP_CID_ERROR:
		/* A stale cookie: the real server's opening failed. */
		return state == NFLB_SCTP_COOKIE_ECHOED ? NFLB_SCTP_CLOSED :
							  state;
	case NFLB_SCTP_CID_ABORT:
		return state == NFLB_SCTP_COOKIE_WAIT ? NFLB_SCTP_REJECTED :
							NFLB_SCTP_CLOSED;
	default:
		return state;
	}
}

static u8 from_server(u8 state, u8 chunk)
{
	switch (chunk) {
	case NFLB_SCTP_CID_INIT:
		return state == NFLB_SCTP_ESTABLISHED ? state :
							NFLB_SCTP_COOKIE_WAIT;
	case NFLB_SCTP_CID_INIT_ACK:
		return state <= NFLB_SCTP_COOKIE_SENT ? NFLB_SCTP_COOKIE_SENT :
							state;
	case NFLB_SCTP_CID_COOKIE_ECHO:
		return opening(state) ? NFLB_SCTP_COOKIE_ECHOED : state;
	case NFLB_SCTP_CID_COOKIE_ACK:
		return state == NFLB_SCTP_COOKIE_REPLIED ?
			       NFLB_SCTP_ESTABLISHED :
			       state;
	case NFLB_SCTP_CID_SHUTDOWN:
		return state == NFLB_SCTP_ESTABLISHED ?
			       NFLB_SCTP_SHUTDOWN_SENT :
			       state;
	case NFLB_SCTP_CID_SHUTDOWN_ACK:
		return state == NFLB_SCTP_SHUTDOWN_RECEIVED ?
			       NFLB_SCTP_SHUTDOWN_ACK_SENT :
			       state;
	case NFLB_SCTP_CID_ERROR:
		/* A stale cookie: the client's opening failed. */
		return state == NFLB_SCTP_COOKIE_REPLIED ? NFLB_SCTP_CLOSED :
							   state;
	case NFLB_SCTP_CID_ABORT:
		return state == NFLB_SCTP_INIT1 || state == NFLB_SCTP_INIT ?
			       NFLB_SCTP_REJECTED :
			       NFLB_SCTP_CLOSED;
	default:
		return state;
	}
}

u8 nflb_sctp_next_state(u8 state, enum nflb_dir dir, u8 chunk)
{
	return dir == NFLB_DIR_ORIG ? from_client(state, chunk) :
				      from_server(state, chunk);
}

/*
 * Direct routing and tunnels: only the client's packets pass the
 * director. Its COOKIE ECHO shows the real server answered the INIT, its
 * SHUTDOWN ACK that the real server closed, its SHUTDOWN COMPLETE that
 * the close it began is done.
 */
u8 nflb_sctp_next_state_in_only(u8 state, u8 chunk)
{
	switch (chunk) {
	case NFLB_SCTP_CID_INIT:
		return client_init(state);
	case NFLB_SCTP_CID_COOKIE_ECHO:
		return opening(state) ? NFLB_SCTP_ESTABLISHED : state;
	case NFLB_SCTP_CID_SHUTDOWN:
		return state == NFLB_SCTP_ESTABLISHED ?
			       NFLB_SCTP_SHUTDOWN_RECEIVED :
			       state;
	case NFLB_SCTP_CID_SHUTDOWN_ACK:
		return state == NFLB_SCTP_ESTABLISHED ? NFLB_SCTP_CLOSED :
							state;
	case NFLB_SCTP_CID_SHUTDOWN_COMPLETE:
		return state == NFLB_SCTP_SHUTDOWN_RECEIVED ? NFLB_SCTP_CLOSED :
							      state;
	case NFLB_SCTP_CID_ABORT:
		return NFLB_SCTP_CLOSED;
	default:
		return state;
	}
}
