#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Full NAT's director ports stay out of the director's own: a full-NAT
# connection keeps the client's port only when it is outside
# net.ipv4.ip_local_port_range, so that a connection the director itself
# makes to the same real server (a health check, say) from a port of
# that range never has its replies taken for the full-NAT one. The
# module parameter fullnat_ports bounds the range further.
source "$(dirname "$0")/../lib.sh"

run_once without "the choice of a port does not depend on conntrack"
PARAM=/sys/module/nflb/parameters/fullnat_ports

load_module
topology
# Servers that close first, as LBTRAFFIC_TCP_PORT wants.
LBTRAFFIC_CLOSE=1 start_backends tcp 80
step lbadm -A -t $VIP:80 -s rr --full-nat
step lbadm -a -t $VIP:80 -r "${BADDR[0]}:80" -m
step in_d sysctl -qw net.ipv4.ip_local_port_range="40000 40100"

# count_from PORT N [director]: N connections to the VIP (or, from the
# director, to b1) from ports PORT on. Each stays in the table, closed,
# for the TIME_WAIT timeout, and keeps its director port meanwhile.
count_from() {
	local target=$VIP:80 ns=$C
	[[ ${3:-} == director ]] && target=${BADDR[0]}:80 ns=$D
	ip netns exec "$ns" env LBTRAFFIC_TCP_PORT="$1" \
		"$TRAFFIC" count tcp "$target" "$2" || true
}

out=$(count_from 40050 1)
[[ $out == "b1 1" ]] || fail "the client from port 40050 got '$out'"
lport=$(lbadm -Lnc --json | python3 -c '
import json, sys
print(" ".join(str(c["local_port"]) for c in json.load(sys.stdin)["connections"]))')
echo "  the director's port toward b1: $lport"
[[ $lport =~ ^[0-9]+$ ]] || fail "expected one full-NAT connection, got ports '$lport'"
((lport < 40000 || lport > 40100)) ||
	fail "full NAT took port $lport of the local range 40000-40100"
# The director's own connection from the client's port reaches b1, while
# the full-NAT connection is still in the table.
out=$(count_from 40050 1 director)
[[ $out == "b1 1" ]] || fail "the director's own connection from port 40050 got '$out'"

# A range of two ports holds two connections to b1, not three.
step lbadm --flush-conn
(echo 0-10 >$PARAM) 2>/dev/null && fail "fullnat_ports took 0-10"
dmesg | grep -q "fullnat_ports: '0-10' is not LOW-HIGH" ||
	fail "no message naming the refused range 0-10"
(echo 6000-5000 >$PARAM) 2>/dev/null && fail "fullnat_ports took 6000-5000"
step bash -c "echo 5000-5001 >$PARAM"
[[ $(cat $PARAM) == 5000-5001 ]] || fail "fullnat_ports reads '$(cat $PARAM)'"
out=$(count_from 30000 2)
[[ $out == "b1 2" ]] || fail "two connections with two ports: '$out'"
step lbadm --flush-conn
out=$(count_from 30100 3)
[[ $out == *"b1 2"* && $out == *"failed 1"* ]] ||
	fail "three connections with two ports: '$out'"
echo 1024-65535 >$PARAM

step lbadm -C
cleanup
unload_module
kernel_clean
