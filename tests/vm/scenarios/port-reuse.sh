#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A client that reuses the ports of connections the director still keeps
# in TIME_WAIT is scheduled at once, and not to a drained server:
#
#   client 10.0.0.2:30000..30011 --- director (VIP :80, rr) --- b1 b2 b3
#
# Round 1: 12 connections from fixed ports, each closed by its server
# first (the servers keep TIME_WAIT, so the client may reuse its ports at
# once; the director lists all 12 in TIME_WAIT). Then b1 is drained and
# round 2 comes from the same 12 ports. nflb must answer every connection
# of round 2 from b2 and b3 without a single SYN retransmitted by the
# client (the one-second stall that IPVS's conn_reuse_mode causes when it
# drops such a SYN). Real IPVS, set up as kube-proxy does
# (net.ipv4.vs.conntrack=1), runs the same rounds first; both must give
# the same answers, and what IPVS's clients retransmitted is printed.
source "$(dirname "$0")/../lib.sh"

# Once, where it matters most: conntrack and a stateful firewall on the
# director hold the old connection too (kube-proxy's hosts).
run_once with "the run with it covers the same"

load_module
modprobe ip_vs
BASE=$ID
N=12

# syn_retransmits: the client's count of retransmitted SYNs.
syn_retransmits() {
	in_c awk '$1 == "TcpExt:" {
		if (!seen) { for (i = 2; i <= NF; i++) col[$i] = i; seen = 1 }
		else print $col["TCPSynRetrans"] }' /proc/net/netstat
}

# round: which backend answered each connection from ports 30000 on.
round() {
	in_c env LBTRAFFIC_SEQUENCE=1 LBTRAFFIC_TCP_PORT=30000 "$TRAFFIC" \
		count tcp $VIP:80 $N 2>&1 >/dev/null | tr -d '\n'
}

# run TOOL: "ROUND1 ROUND2 RETRANSMITS MILLISECONDS".
run() {
	local tool=$1 i first second before start ms
	cleanup
	use_names "$BASE-$([[ $tool == ipvsadm ]] && echo ipvs || echo nflb)"
	topology
	[[ $tool == ipvsadm ]] && in_d sysctl -qw net.ipv4.vs.conntrack=1
	LBTRAFFIC_CLOSE=1 start_backends tcp 80
	in_d "$tool" -A -t $VIP:80 -s rr
	for i in 0 1 2; do
		in_d "$tool" -a -t $VIP:80 -r "${BADDR[$i]}:80" -m
	done
	first=$(round)
	wait_for "$N connections in TIME_WAIT ($tool)" bash -c \
		"[[ \$(ip netns exec $D $tool -Lnc | grep -c TIME_WAIT) == $N ]]"
	in_d "$tool" -e -t $VIP:80 -r "${BADDR[0]}:80" -m -w 0
	before=$(syn_retransmits)
	start=$(date +%s%N)
	second=$(round)
	ms=$((($(date +%s%N) - start) / 1000000))
	echo "$first $second $(($(syn_retransmits) - before)) $ms"
}

out=$(run ipvsadm) || { echo "$out"; exit 1; }
read -r want1 want2 ipvs_retrans ipvs_ms <<<"$out"
echo "  ipvs: round 1 $want1"
echo "  ipvs: round 2 $want2 ($ipvs_retrans SYNs retransmitted, $ipvs_ms ms)"
[[ $want1 == *b1*b2*b3* && $want1 != *-* ]] || fail "IPVS did not answer round 1: $want1"

out=$(run "$LBADM") || { echo "$out"; exit 1; }
read -r got1 got2 retrans ms <<<"$out"
echo "  nflb: round 1 $got1"
echo "  nflb: round 2 $got2 ($retrans SYNs retransmitted, $ms ms)"
[[ $got1 == "$want1" ]] || fail "round 1 differs from IPVS"
[[ $got2 != *-* ]] || fail "round 2 left connections unanswered: $got2"
[[ $got2 != *b1* ]] || fail "the drained b1 took a reused port: $got2"
[[ $(tr ',' '\n' <<<"$got2" | grep -c .) == "$N" ]] || fail "round 2 answered $got2"
((retrans == 0)) || fail "the client retransmitted $retrans SYNs: a reused port waited"
[[ $got2 == "$want2" ]] || fail "round 2 differs from IPVS: $want2"

cleanup
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
kernel_clean
