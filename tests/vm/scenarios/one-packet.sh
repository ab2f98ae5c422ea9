#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One-packet scheduling (-o): every UDP datagram of a flow is scheduled on
# its own. Next to real IPVS (ipvsadm, then lbadm with the same
# arguments, each on a fresh topology): six datagrams from one client
# port must reach the same real servers in the same order, and none stays
# in the connection table (-Lnc); with -p the client's template keeps
# them on one server. Both families. nflb counts each datagram as a
# connection (--stats).
source "$(dirname "$0")/../lib.sh"

# Scheduling does not depend on conntrack; and under the stateful
# firewall IPVS answers nothing (its untranslated replies from the real
# servers are not part of any tracked connection).
run_once without "IPVS has no answer to compare with"

load_module
modprobe ip_vs
BASE=$ID

# setup TOOL SERVICE-OPTIONS...: UDP :53 over b1, b2, b3, NAT.
setup() {
	local tool=$1 i
	shift
	cleanup
	use_names "$BASE-$([[ $tool == ipvsadm ]] && echo ipvs || echo nflb)"
	topology
	start_backends udp 53
	in_d "$tool" -A -u "$(vip_addr):53" "$@"
	for i in 0 1 2; do
		in_d "$tool" -a -u "$(vip_addr):53" -r "$(real_addr $i):53" -m
	done
}

# datagrams N: N datagrams from client port 20000, each answered by
# (IPVS leaves NAT replies of one-packet flows untranslated, and so does
# nflb: the client takes an answer from any source).
datagrams() {
	local i
	for ((i = 0; i < $1; i++)); do
		in_c env LBTRAFFIC_UDP_PORT=20000 LBTRAFFIC_SEQUENCE=1 \
			"$TRAFFIC" count udp "$(vip_addr):53" 1 2>&1 >/dev/null |
			tr -d '\n'
	done
	echo
}

case_ops() {
	local conns
	setup "$@"
	datagrams 6
	in_d "$1" -Ln
	in_d "$1" -Lnc | awk 'NR > 2 { $2 = ""; print }'
	# Each datagram counts as a connection (IPVS's counters lag).
	[[ $1 == ipvsadm ]] && return
	conns=$(in_d "$1" -Ln --stats --exact | awk '/^UDP/ { print $3 }')
	[[ $conns == 6 ]] || echo "counted $conns connections for 6 datagrams"
}

same() {
	local want got
	echo "  + IPv$FAMILY $*"
	want=$("$1" ipvsadm "${@:2}")
	got=$("$1" "$LBADM" "${@:2}")
	[[ $(head -n 1 <<<"$want") =~ ^(b[123],){6}$ ]] ||
		fail "IPVS did not answer every datagram: $want"
	if [[ $want != "$got" ]]; then
		diff <(echo "$want") <(echo "$got") || true
		fail "$* differs from IPVS"
	fi
	echo "    same answers: $(head -n 1 <<<"$want")"
	WANT=$want
}

for FAMILY in 4 6; do
	same case_ops -s rr -o
	[[ $(head -n 1 <<<"$WANT") == b3,b2,b1,b3,b2,b1, ]] ||
		fail "datagrams were not scheduled one by one"
	[[ $(grep -c 'ops$' <<<"$WANT") == 1 ]] || fail "-Ln does not say ops"
	same case_ops -s rr -o -p 60
	[[ $(head -n 1 <<<"$WANT" | tr ',' '\n' | sort -u | grep -c .) == 1 ]] ||
		fail "a persistent client moved"
done

cleanup
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
kernel_clean
