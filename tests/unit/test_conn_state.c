// SPDX-License-Identifier: GPL-2.0
/* The TCP state machine, compiled from the module's sources. */
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

static u8 run(u8 s, const int (*steps)[2], int n)
{
	int i;

	for (i = 0; i < n; i++)
		s = nflb_tcp_next_state(s, steps[i][0], steps[i][1]);
	return s;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handshake_and_client_close),
		cmocka_unit_test(test_server_closes_first),
		cmocka_unit_test(test_reset_closes),
		cmocka_unit_test(test_stray_packets_change_nothing),
		cmocka_unit_test(test_input_only),
	};

	return cmocka_run_group_tests_name("conn_state", tests, NULL, NULL);
}
