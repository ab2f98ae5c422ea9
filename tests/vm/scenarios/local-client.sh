#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A client on the director itself, real IPVS first, then nflb, over IPv4
# and IPv6, in lib.sh's topology: TCP and UDP through NAT (:80, :53 ->
# b1), full NAT (nflb's, :81, :54 -> b2) and direct routing (:82, :55 ->
# b3, which owns the VIP).
#
# Its packets reach the director's hooks over the loopback device, still
# carrying their route to the VIP here: after NAT's rewrite they must be
# routed anew to the real server (they were delivered locally to a
# destination that is not the director's), and NAT's replies, delivered
# here, must get the service's address back before a socket sees them
# (IPVS does it in LOCAL_IN). Full NAT's replies come back with the VIP,
# an address of this host, as their source, which input routing drops as
# martian: they must be given their local route.
#
# Direct routing works for a client on the director as with IPVS: the
# client takes the director's own address (not the VIP, which the real
# server would take for its own), and the director accepts the replies
# from the VIP (accept_local on its IPv4 side).
source "$(dirname "$0")/../lib.sh"

load_module
modprobe ip_vs
BASE=$ID

# check TOOL 4|6: the client in the director's namespace, through NAT and
# full NAT.
check() {
	local tool=$1 what out
	FAMILY=$2
	what="$(basename "$tool"), IPv$FAMILY"

	out=$(in_d "$TRAFFIC" count tcp "$(vip_addr):80" 3) ||
		fail "$what, NAT over TCP: $out"
	expect_counts "$out" "b1 3"
	out=$(in_d "$TRAFFIC" count udp "$(vip_addr):53" 3) ||
		fail "$what, NAT over UDP: $out"
	expect_counts "$out" "b1 3"
	echo "  $what: NAT answered"

	[[ $tool == ipvsadm ]] && return
	local director=10.0.1.1
	[[ $FAMILY == 6 ]] && director=2001:db8:1::1
	out=$(in_d "$TRAFFIC" count tcp "$(vip_addr):81" 3) ||
		fail "$what, full NAT over TCP: $out"
	expect_counts "$out" "b2@$director 3"
	out=$(in_d "$TRAFFIC" count udp "$(vip_addr):54" 3) ||
		fail "$what, full NAT over UDP: $out"
	expect_counts "$out" "b2 3"
	echo "  $what: full NAT answered, from $director"
}

# check_dr TOOL 4|6: the same through direct routing.
check_dr() {
	local tool=$1 src=10.0.0.1/1 what out
	FAMILY=$2
	[[ $FAMILY == 6 ]] && src=2001:db8::1/1
	what="$(basename "$tool"), IPv$FAMILY"

	out=$(in_d env LBTRAFFIC_SOURCES=$src "$TRAFFIC" count tcp "$(vip_addr):82" 3) ||
		fail "$what, direct routing over TCP: $out"
	expect_counts "$out" "b3 3"
	out=$(in_d env LBTRAFFIC_SOURCES=$src "$TRAFFIC" count udp "$(vip_addr):55" 3) ||
		fail "$what, direct routing over UDP: $out"
	expect_counts "$out" "b3 3"
	echo "  $what: direct routing answered"
}

# run_engine TOOL
run_engine() {
	local tool=$1 i
	echo "  + $tool"
	cleanup
	use_names "$BASE-$([[ $tool == ipvsadm ]] && echo ipvs || echo nflb)"
	topology
	[[ $tool == ipvsadm ]] && in_d sysctl -qw net.ipv4.vs.conntrack=1
	ip netns exec "${B[2]}" ip addr add $VIP/32 dev lo
	ip netns exec "${B[2]}" ip addr add $VIP6/128 dev lo nodad
	ip netns exec "${B[2]}" sysctl -qw net.ipv4.conf.all.arp_ignore=1 \
		net.ipv4.conf.all.arp_announce=2
	for i in 0 1 2; do
		local port=80 uport=53
		[[ $i == 2 ]] && port=82 uport=55
		# Full NAT's real server tells whom it sees as the client.
		ip netns exec "${B[$i]}" env LBTRAFFIC_PEER=$([[ $i == 1 ]] && echo 1) \
			"$TRAFFIC" serve tcp $port "b$((i + 1))" &
		PIDS+=($!)
		ip netns exec "${B[$i]}" "$TRAFFIC" serve udp $uport "b$((i + 1))" &
		PIDS+=($!)
	done
	for FAMILY in 4 6; do
		in_d "$tool" -A -t "$(vip_addr):80" -s rr
		in_d "$tool" -a -t "$(vip_addr):80" -r "$(real_addr 0):80" -m
		in_d "$tool" -A -u "$(vip_addr):53" -s rr
		in_d "$tool" -a -u "$(vip_addr):53" -r "$(real_addr 0):53" -m
		in_d "$tool" -A -t "$(vip_addr):82" -s rr
		in_d "$tool" -a -t "$(vip_addr):82" -r "$(real_addr 2):82" -g
		in_d "$tool" -A -u "$(vip_addr):55" -s rr
		in_d "$tool" -a -u "$(vip_addr):55" -r "$(real_addr 2):82" -g
		[[ $tool == ipvsadm ]] && continue
		in_d "$tool" -A -t "$(vip_addr):81" -s rr --full-nat
		in_d "$tool" -a -t "$(vip_addr):81" -r "$(real_addr 1):80" -m
		in_d "$tool" -A -u "$(vip_addr):54" -s rr --full-nat
		in_d "$tool" -a -u "$(vip_addr):54" -r "$(real_addr 1):53" -m
	done
	for i in 0 1 2; do
		wait_for "backend b$((i + 1))" ip netns exec "${B[$i]}" \
			bash -c "exec 3<>/dev/tcp/${BADDR[$i]}/$((i == 2 ? 82 : 80))"
	done
	check "$tool" 4
	check "$tool" 6
	# Only now: full NAT's replies must not need it.
	in_d sysctl -qw net.ipv4.conf.br0.accept_local=1
	check_dr "$tool" 4
	check_dr "$tool" 6
	in_d "$tool" -C
}

# IPVS once is enough to compare.
[[ ${NFLB_CONNTRACK:-0} == 0 ]] && run_engine ipvsadm
run_engine "$LBADM"

cleanup
trap - EXIT
unload_module
kernel_clean
