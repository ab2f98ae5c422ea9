// SPDX-License-Identifier: GPL-2.0
/* The TCP and SCTP state machines, compiled from the module's sources. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "conn_state.h"

#define SYN NFLB_TCPF_SYN
#define ACK NFLB_TCPF_ACK
#define FIN NFLB_TCPF_FIN
#define RST NFLB_TCPF_RST
#define O NFLB_DIR_ORIG
#define R NFLB_DIR_REPLY

typedef u8 next_state_fn(u8 state, enum nflb_dir dir, u8 event);

static u8 run_machine(next_state_fn *next, u8 s, const int (*steps)[2], int n)
{
	int i;

	for (i = 0; i < n; i++)
		s = next(s, steps[i][0], steps[i][1]);
	return s;
}

static u8 run(u8 s, const int (*steps)[2], int n)
{
	return run_machine(nflb_tcp_next_state, s, steps, n);
}

static void test_handshake_and_client_close(void **state)
{
	const int steps[][2] = { { O, SYN }, { R, SYN | ACK }, { O, ACK } };
	const int close[][2] = { { O, FIN | ACK },
				 { R, ACK },
				 { R, FIN | ACK } };
	u8 s;

	(void)state;
	s = run(NFLB_TCP_NONE, steps, 3);
	assert_int_equal(s, NFLB_TCP_ESTABLISHED);
	assert_true(nflb_tcp_state_active(s));
	s = run(s, close, 1);
	assert_int_equal(s, NFLB_TCP_FIN_WAIT);
	s = run(s, close + 1, 2);
	assert_int_equal(s, NFLB_TCP_TIME_WAIT);
	assert_true(nflb_tcp_state_reusable(s, false));
}

static void test_server_closes_first(void **state)
{
	const int steps[][2] = { { O, SYN },
				 { R, SYN | ACK },
				 { O, ACK },
				 { R, FIN | ACK },
				 { O, FIN | ACK } };

	(void)state;
	assert_int_equal(run(NFLB_TCP_NONE, steps, 4), NFLB_TCP_CLOSE_WAIT);
	assert_int_equal(run(NFLB_TCP_NONE, steps, 5), NFLB_TCP_TIME_WAIT);
}

static void test_reset_closes(void **state)
{
	(void)state;
	assert_int_equal(nflb_tcp_next_state(NFLB_TCP_ESTABLISHED, R, RST),
			 NFLB_TCP_CLOSE);
	assert_int_equal(nflb_default_timeouts.tcp[NFLB_TCP_CLOSE], 10);
}

static void test_stray_packets_change_nothing(void **state)
{
	(void)state;
	/* A SYN-ACK from the client side, or a SYN mid-connection. */
	assert_int_equal(nflb_tcp_next_state(NFLB_TCP_SYN_SENT, O, SYN | ACK),
			 NFLB_TCP_SYN_SENT);
	assert_int_equal(nflb_tcp_next_state(NFLB_TCP_ESTABLISHED, O, SYN),
			 NFLB_TCP_ESTABLISHED);
	assert_string_equal(nflb_tcp_state_name(NFLB_TCP_ESTABLISHED),
			    "ESTABLISHED");
	assert_int_equal(nflb_default_timeouts.tcp[NFLB_TCP_ESTABLISHED], 900);
	assert_int_equal(nflb_default_timeouts.udp, 300);
}

/* Direct routing and tunnels: the client's packets alone drive it. */
static void test_input_only(void **state)
{
	u8 s = NFLB_TCP_NONE;

	(void)state;
	s = nflb_tcp_next_state_in_only(s, SYN);
	assert_int_equal(s, NFLB_TCP_SYN_RECV);
	assert_false(nflb_tcp_state_active(s));
	s = nflb_tcp_next_state_in_only(s, ACK);
	assert_int_equal(s, NFLB_TCP_ESTABLISHED);
	assert_true(nflb_tcp_state_active(s));
	assert_int_equal(nflb_tcp_next_state_in_only(s, SYN),
			 NFLB_TCP_ESTABLISHED);
	s = nflb_tcp_next_state_in_only(s, FIN | ACK);
	assert_int_equal(s, NFLB_TCP_FIN_WAIT);
	assert_int_equal(nflb_tcp_next_state_in_only(s, ACK),
			 NFLB_TCP_FIN_WAIT);
	/* The client closed: a new SYN on its ports is a new connection. */
	assert_true(nflb_tcp_state_reusable(s, true));
	assert_false(nflb_tcp_state_reusable(s, false));
	assert_int_equal(nflb_tcp_next_state_in_only(s, RST), NFLB_TCP_CLOSE);
	assert_int_equal(nflb_tcp_next_state_in_only(NFLB_TCP_SYN_RECV,
						     FIN | ACK),
			 NFLB_TCP_TIME_WAIT);
}

#define INIT NFLB_SCTP_CID_INIT
#define INIT_ACK NFLB_SCTP_CID_INIT_ACK
#define COOKIE_ECHO NFLB_SCTP_CID_COOKIE_ECHO
#define COOKIE_ACK NFLB_SCTP_CID_COOKIE_ACK
#define DATA NFLB_SCTP_CID_DATA
#define SHUTDOWN NFLB_SCTP_CID_SHUTDOWN
#define SHUTDOWN_ACK NFLB_SCTP_CID_SHUTDOWN_ACK
#define SHUTDOWN_COMPLETE NFLB_SCTP_CID_SHUTDOWN_COMPLETE
#define ABORT NFLB_SCTP_CID_ABORT

static u8 run_sctp(u8 s, const int (*steps)[2], int n)
{
	return run_machine(nflb_sctp_next_state, s, steps, n);
}

/* The four-way opening, then each side closing. */
static void test_sctp_association(void **state)
{
	const int open[][2] = { { O, INIT },	    { R, INIT_ACK },
				{ O, COOKIE_ECHO }, { R, COOKIE_ACK },
				{ O, DATA },	    { R, DATA } };
	const int client_closes[][2] = { { O, SHUTDOWN },
					 { R, SHUTDOWN_ACK },
					 { O, SHUTDOWN_COMPLETE } };
	const int server_closes[][2] = { { R, SHUTDOWN }, { O, SHUTDOWN_ACK } };
	const u8 seen[] = { NFLB_SCTP_INIT1, NFLB_SCTP_COOKIE_SENT,
			    NFLB_SCTP_COOKIE_REPLIED, NFLB_SCTP_ESTABLISHED };
	u8 s = NFLB_SCTP_NONE;
	int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		s = run_sctp(s, open + i, 1);
		assert_int_equal(s, seen[i]);
	}
	s = run_sctp(s, open + 4, 2);
	assert_int_equal(s, NFLB_SCTP_ESTABLISHED);
	assert_int_equal(run_sctp(s, client_closes, 1),
			 NFLB_SCTP_SHUTDOWN_RECEIVED);
	assert_int_equal(run_sctp(s, client_closes, 2),
			 NFLB_SCTP_SHUTDOWN_ACK_SENT);
	assert_int_equal(run_sctp(s, client_closes, 3), NFLB_SCTP_CLOSED);
	assert_int_equal(run_sctp(s, server_closes, 1),
			 NFLB_SCTP_SHUTDOWN_SENT);
	s = run_sctp(s, server_closes, 2);
	assert_int_equal(s, NFLB_SCTP_CLOSED);
	assert_true(nflb_sctp_state_reusable(s));
	assert_int_equal(nflb_default_timeouts.sctp[NFLB_SCTP_ESTABLISHED],
			 900);
}

static void test_sctp_retransmitted_and_refused_init(void **state)
{
	u8 s;

	(void)state;
	s = nflb_sctp_next_state(NFLB_SCTP_NONE, O, INIT);
	assert_int_equal(nflb_default_timeouts.sctp[s], 4);
	s = nflb_sctp_next_state(s, O, INIT);
	assert_int_equal(s, NFLB_SCTP_INIT);
	s = nflb_sctp_next_state(s, R, ABORT);
	assert_int_equal(s, NFLB_SCTP_REJECTED);
	assert_true(nflb_sctp_state_reusable(s));
	/* An INIT while established is the client restarting: it stays. */
	assert_int_equal(nflb_sctp_next_state(NFLB_SCTP_ESTABLISHED, O, INIT),
			 NFLB_SCTP_ESTABLISHED);
	assert_false(nflb_sctp_state_reusable(NFLB_SCTP_ESTABLISHED));
	assert_int_equal(nflb_sctp_next_state(NFLB_SCTP_ESTABLISHED, R, ABORT),
			 NFLB_SCTP_CLOSED);
}

/* Direct routing and tunnels: the client's chunks alone drive it. */
static void test_sctp_input_only(void **state)
{
	u8 s = NFLB_SCTP_NONE;

	(void)state;
	s = nflb_sctp_next_state_in_only(s, INIT);
	assert_int_equal(s, NFLB_SCTP_INIT1);
	s = nflb_sctp_next_state_in_only(s, COOKIE_ECHO);
	assert_int_equal(s, NFLB_SCTP_ESTABLISHED);
	assert_int_equal(nflb_sctp_next_state_in_only(s, DATA),
			 NFLB_SCTP_ESTABLISHED);
	/* The real server closed: the client acknowledges. */
	assert_int_equal(nflb_sctp_next_state_in_only(s, SHUTDOWN_ACK),
			 NFLB_SCTP_CLOSED);
	s = nflb_sctp_next_state_in_only(s, SHUTDOWN);
	assert_int_equal(s, NFLB_SCTP_SHUTDOWN_RECEIVED);
	s = nflb_sctp_next_state_in_only(s, SHUTDOWN_COMPLETE);
	assert_int_equal(s, NFLB_SCTP_CLOSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handshake_and_client_close),
		cmocka_unit_test(test_server_closes_first),
		cmocka_unit_test(test_reset_closes),
		cmocka_unit_test(test_stray_packets_change_nothing),
		cmocka_unit_test(test_input_only),
		cmocka_unit_test(test_sctp_association),
		cmocka_unit_test(test_sctp_retransmitted_and_refused_init),
		cmocka_unit_test(test_sctp_input_only),
	};

	return cmocka_run_group_tests_name("conn_state", tests, NULL, NULL);
}
