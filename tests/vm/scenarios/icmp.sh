#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ICMP errors through the director, real IPVS first, then nflb, over IPv4
# and over IPv6 (ICMPv6):
#
#   client 10.0.3.2 --(mtu 1280)-- router 10.0.3.1/10.0.0.2 -- director -- b1
#   (2001:db8:3::2)            (2001:db8:3::1/2001:db8::2)
#
# Path MTU: the client's route says mtu 1280 but it advertises a full-size
# MSS, so b1's full-size echo segments reach the router, which answers
# "fragmentation needed" (ICMPv6 "packet too big") to the service
# address. Only if the director hands that to b1, rewritten to b1's own
# packet, does the 300 kB echo complete (and b1 learn mtu 1280 toward the
# client).
# Unreachable: a UDP service whose real server has no socket on the port;
# the server's ICMP port unreachable must reach the client as coming from
# the service, so that the client's connected socket sees "refused".
# nflb also runs both through full-NAT services.
source "$(dirname "$0")/../lib.sh"

load_module
modprobe ip_vs
BASE=$ID
BYTES=300000

# The lib's client becomes the router; a new client sits behind it.
router_and_client() {
	CC=$ID-cc
	ip netns add "$CC"
	ip link add rc netns "$C" mtu 1280 type veth peer name cc0 netns "$CC"
	in_c ip addr add 10.0.3.1/24 dev rc
	in_c ip addr add 2001:db8:3::1/64 dev rc nodad
	in_c ip link set rc up
	in_c sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	ip netns exec "$CC" ip addr add 10.0.3.2/24 dev cc0
	ip netns exec "$CC" ip addr add 2001:db8:3::2/64 dev cc0 nodad
	ip netns exec "$CC" ip link set cc0 up
	ip netns exec "$CC" ip link set lo up
	ip netns exec "$CC" ip route add default via 10.0.3.1 mtu 1280 advmss 1460
	ip netns exec "$CC" ip route add default via 2001:db8:3::1 mtu 1280 advmss 1440
	in_d ip route add 10.0.3.0/24 via 10.0.0.2
	in_d ip route add 2001:db8:3::/64 via 2001:db8::2
	trap 'ip netns del $CC 2>/dev/null; cleanup' EXIT
}

in_cc() { ip netns exec "$CC" "$@"; }

# check TCP-PORT UDP-PORT: the echo completes and the probe is refused.
check() {
	local out
	out=$(in_cc "$TRAFFIC" bulk $vip:"$1" $BYTES 2>&1) ||
		fail "echo through :$1 failed: $out"
	echo "  :$1 echo: $out"
	out=$(in_cc "$TRAFFIC" probe udp $vip:"$2")
	[[ $out == refused ]] || fail "UDP to :$2 ended '$out', expected 'refused'"
	echo "  :$2 unreachable: $out"
}

# run_engine TOOL 4|6
run_engine() {
	local tool=$1 vip=$VIP b1=${BADDR[0]} b2=${BADDR[1]} client=10.0.3.2
	if [[ $2 == 6 ]]; then
		vip=[$VIP6] b1=[${BADDR6[0]}] b2=[${BADDR6[1]}]
		client=2001:db8:3::2
	fi
	echo "  + $tool, IPv$2"
	cleanup
	use_names "$BASE-$2$([[ $tool == ipvsadm ]] && echo ipvs || echo nflb)"
	topology
	[[ $tool == ipvsadm ]] && in_d sysctl -qw net.ipv4.vs.conntrack=1
	router_and_client
	start_backends tcp 80
	in_d "$tool" -A -t $vip:80 -s rr
	in_d "$tool" -a -t $vip:80 -r "$b1:80" -m
	in_d "$tool" -A -u $vip:54 -s rr
	in_d "$tool" -a -u $vip:54 -r "$b1:54" -m
	check 80 54
	ip netns exec "${B[0]}" ip route get $client | grep -q 'mtu 1280' ||
		fail "b1 did not learn the path MTU"
	echo "  b1: $(ip netns exec "${B[0]}" ip route get $client | head -n 2 | tr -s ' \n' ' ')"
	[[ $tool == ipvsadm ]] && return
	in_d "$tool" -A -t $vip:81 -s rr --full-nat
	in_d "$tool" -a -t $vip:81 -r "$b2:80" -m
	in_d "$tool" -A -u $vip:55 -s rr --full-nat
	in_d "$tool" -a -u $vip:55 -r "$b2:55" -m
	check 81 55
}

for family in 4 6; do
	run_engine ipvsadm $family
	run_engine "$LBADM" $family
done

cleanup
ip netns del "$CC" 2>/dev/null || true
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
trap - EXIT
unload_module
kernel_clean
