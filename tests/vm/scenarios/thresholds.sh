#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Connection thresholds (-x upper, -y lower) next to real IPVS: a real
# server with as many connections as its upper threshold takes no new
# ones until it is back under its lower threshold (3/4 of the upper when
# there is none). UDP flows are inactive connections that stay for the
# UDP timeout, so a round of flows fills the servers without holding
# sockets open. Each case runs on a fresh topology, ipvsadm then lbadm
# with the same arguments: the same server must answer each flow, and
# -Ln --thresholds must list the same counts.
source "$(dirname "$0")/../lib.sh"

# Scheduling does not depend on conntrack.
run_once without "thresholds do not depend on it"

load_module
modprobe ip_vs
BASE=$ID

# setup TOOL SCHED B1-OPTIONS B2-OPTIONS B3-OPTIONS
setup() {
	local tool=$1 sched=$2 i
	shift 2
	cleanup
	use_names "$BASE-$([[ $tool == ipvsadm ]] && echo ipvs || echo nflb)"
	topology
	start_backends udp 53
	in_d "$tool" -A -u $VIP:53 -s "$sched"
	for i in 0 1 2; do
		# shellcheck disable=SC2086
		in_d "$tool" -a -u $VIP:53 -r "${BADDR[$i]}:53" -m ${1:-}
		shift
	done
}

# round FLOWS FIRST-PORT: which backend answered each flow ("-" none).
round() {
	in_c env LBTRAFFIC_SEQUENCE=1 LBTRAFFIC_UDP_PORT="$2" "$TRAFFIC" \
		count udp $VIP:53 "$1" 2>&1 >/dev/null | tr -d '\n'
	echo
}

# b1 stops at 2 flows and b2 at 3; b3 takes the rest. Then, once the
# flows have expired (a 5 s UDP timeout), b1 and b2 take flows again.
case_fill() {
	setup "$1" "$2" "-x 2 -y 1" "-x 3" ""
	in_d "$1" --set 0 0 5
	round 12 20000
	in_d "$1" -Ln --thresholds
	sleep 8
	round 6 22000
	in_d "$1" -Ln --thresholds
}

# Every server full: the flows beyond are not answered (IPVS drops them;
# lbadm -A here gives nflb's default, which answers ICMP unreachable, so
# both show "-").
case_full() {
	setup "$1" rr "-x 1" "-x 1" "-x 1"
	round 5 20000
	in_d "$1" -Ln --thresholds
}

same() {
	local want got
	echo "  + $*"
	want=$("$1" ipvsadm "${@:2}")
	got=$("$1" "$LBADM" "${@:2}")
	[[ $(head -n 1 <<<"$want") == *b* ]] || fail "IPVS answered nothing: $want"
	if [[ $want != "$got" ]]; then
		diff <(echo "$want") <(echo "$got") || true
		fail "$* differs from IPVS"
	fi
	grep '^[-b]' <<<"$want" | sed 's/^/    same answers: /'
	WANT=$want
}

same case_fill rr
first=$(grep -m1 '^[-b]' <<<"$WANT")
[[ $(tr ',' '\n' <<<"$first" | grep -c '^b1$') == 2 &&
	$(tr ',' '\n' <<<"$first" | grep -c '^b2$') == 3 ]] ||
	fail "b1 and b2 took more than their thresholds: $first"
same case_full
[[ $(grep -m1 '^[-b]' <<<"$WANT") == *-* ]] || fail "a full service answered every flow"

cleanup
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
kernel_clean
