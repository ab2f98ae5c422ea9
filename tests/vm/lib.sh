# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the nflb scenarios. Source it; then call topology.
#
#   client (10.0.0.2) --- (10.0.0.1, VIP 10.0.0.100) director (10.0.1.1) --- br
#                                                                 |  |  |
#                                                     b1 10.0.1.11 b2 .12 b3 .13
#
# The same in IPv6 beside it: 2001:db8::/64 between client (::2) and
# director (::1, VIP6 2001:db8::100), 2001:db8:1::/64 behind (director ::1,
# backends ::11, ::12, ::13).
#
# Every name is unique to this run, so scenarios never see each other.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TRAFFIC=$TOP/build/lbtraffic
LBADM=$TOP/lbadm/lbadm
LBD=$TOP/lbd/lbd
VIP=10.0.0.100
BADDR=(10.0.1.11 10.0.1.12 10.0.1.13)
VIP6=2001:db8::100
BADDR6=(2001:db8:1::11 2001:db8:1::12 2001:db8:1::13)

# Scenarios that run both families set FAMILY=6 for their IPv6 half;
# these give the VIP, real server I and the first LBTRAFFIC_SOURCES
# address (see client_sources) of FAMILY, as written before a port.
FAMILY=4
vip_addr() { [[ $FAMILY == 6 ]] && echo "[$VIP6]" || echo $VIP; }
real_addr() { [[ $FAMILY == 6 ]] && echo "[${BADDR6[$1]}]" || echo "${BADDR[$1]}"; }
first_source() { [[ $FAMILY == 6 ]] && echo 2001:db8:2::1 || echo 10.0.2.1; }

# run_once WITH|WITHOUT REASON: the scenario runs once, with or without
# conntrack (run-in-vm.sh runs each twice); the other run is a SKIP.
run_once() {
	local want=0
	[[ $1 == with ]] && want=1
	if [[ ${NFLB_CONNTRACK:-0} != "$want" ]]; then
		echo "  skipped $([[ $want == 1 ]] && echo without || echo with) conntrack: $2"
		exit 77
	fi
}

# one_kernel REASON: where tests/run.sh shares the work among kernels
# (NFLB_KERNEL_SHARE=some: all kernels but the newest), the scenario is a
# SKIP: its checks do not depend on the kernel.
one_kernel() {
	if [[ ${NFLB_KERNEL_SHARE:-all} == some ]]; then
		echo "  skipped on this kernel, the newest runs it: $1"
		exit 77
	fi
}

# use_names ID: the namespaces of the next topology.
use_names() {
	ID=$1
	C=$ID-c
	D=$ID-d
	B=("$ID-b1" "$ID-b2" "$ID-b3")
}
use_names nflb$$
PIDS=()

step() {
	echo "  + $*"
	"$@"
}

fail() {
	echo "  FAIL: $*"
	exit 1
}

in_c() { ip netns exec "$C" "$@"; }
in_d() { ip netns exec "$D" "$@"; }
lbadm() { ip netns exec "$D" "$LBADM" "$@"; }
# info NAME: the value of the line "NAME: value" of the director's --info.
info() { lbadm --info | awk -F': ' -v name="$1" '$1 == name { print $2 }'; }

nflb_ko() {
	local ko=${NFLB_KO:-$TOP/build/kmod/$(uname -r)/nflb.ko}
	[[ -r $ko ]] || ko=$TOP/nflb.ko
	echo "$ko"
}

load_module() {
	if ! grep -q '^nflb ' /proc/modules; then
		# insmod does not load dependencies.
		local dep
		for dep in $(modinfo -F depends "$(nflb_ko)" | tr , ' '); do
			modprobe "$dep"
		done
		insmod "$(nflb_ko)"
	fi
}

# rmmod nflb and check that it freed every object it created.
unload_module() {
	rmmod nflb
	local line
	line=$(dmesg | grep 'nflb: unloaded: objects' | tail -n 1)
	echo "  $line"
	[[ $line == *"leaked 0" ]] || fail "objects leaked: $line"
}

kernel_clean() {
	if dmesg | grep -E 'BUG:|Oops|WARNING:|Call Trace|refcount_t|general protection|UBSAN|KASAN' >&2; then
		fail "the kernel logged a problem"
	fi
}

# Stop every process left in our namespaces (background jobs run through
# `ip netns exec`, so killing the job alone would leave them behind).
cleanup() {
	local pid ns
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for ns in "$C" "$D" "${B[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
	done
	wait 2>/dev/null || true
	for ns in "$C" "$D" "${B[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
	PIDS=()
}

# client_sources N: the client also owns 10.0.2.1 .. 10.0.2.N and
# 2001:db8:2::1 .. 2001:db8:2::N (hexadecimal), routed back by the
# director, for LBTRAFFIC_SOURCES=10.0.2.1/N or 2001:db8:2::1/N.
client_sources() {
	local i
	for ((i = 1; i <= $1; i++)); do
		echo "addr add 10.0.2.$i/32 dev c0"
		printf 'addr add 2001:db8:2::%x/128 dev c0 nodad\n' $i
	done | in_c ip -batch -
	in_d ip route add 10.0.2.0/24 via 10.0.0.2
	in_d ip route add 2001:db8:2::/64 via 2001:db8::2
}

topology() {
	trap cleanup EXIT
	ip netns add "$C"
	ip netns add "$D"
	ip link add c0 netns "$C" type veth peer name d0 netns "$D"
	in_c ip -batch - <<-EOF
		addr add 10.0.0.2/24 dev c0
		addr add 2001:db8::2/64 dev c0 nodad
		link set c0 up
		link set lo up
		route add default via 10.0.0.1
		route add default via 2001:db8::1
	EOF
	in_d ip -batch - <<-EOF
		addr add 10.0.0.1/24 dev d0
		addr add $VIP/32 dev d0
		addr add 2001:db8::1/64 dev d0 nodad
		addr add $VIP6/128 dev d0 nodad
		link set d0 up
		link set lo up
		link add br0 type bridge
		addr add 10.0.1.1/24 dev br0
		addr add 2001:db8:1::1/64 dev br0 nodad
		link set br0 up
	EOF
	in_d sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	local i ipt
	for i in 0 1 2; do
		ip netns add "${B[$i]}"
		ip link add b0 netns "${B[$i]}" type veth peer name "b$i" netns "$D"
		in_d ip link set "b$i" master br0 up
		ip netns exec "${B[$i]}" ip -batch - <<-EOF
			addr add ${BADDR[$i]}/24 dev b0
			addr add ${BADDR6[$i]}/64 dev b0 nodad
			link set b0 up
			link set lo up
			route add default via 10.0.1.1
			route add default via 2001:db8:1::1
		EOF
	done
	if [[ ${NFLB_CONNTRACK:-0} == 1 ]]; then
		# A stateful firewall on the director: only the client may open
		# connections, replies pass as ESTABLISHED.
		for ipt in iptables ip6tables; do
			in_d $ipt -P FORWARD DROP
			in_d $ipt -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT
			in_d $ipt -A FORWARD -i d0 -m state --state NEW -j ACCEPT
		done
	fi
}

# start_backends tcp|udp PORT: backend i answers with its name "b<i+1>".
start_backends() {
	local i
	for i in 0 1 2; do
		ip netns exec "${B[$i]}" "$TRAFFIC" serve "$1" "$2" "b$((i + 1))" &
		PIDS+=($!)
	done
	[[ $1 == udp ]] && { sleep 0.2; return; }
	for i in 0 1 2; do
		wait_for "backend b$((i + 1))" ip netns exec "${B[$i]}" \
			bash -c "exec 3<>/dev/tcp/${BADDR[$i]}/$2"
	done
}

# rr_services [N]: a TCP service on :80 and a UDP service on :53, rr, over
# the first N backends (default: all three).
rr_services() {
	local a
	step lbadm -A -t $VIP:80 -s rr
	step lbadm -A -u $VIP:53 -s rr
	for a in "${BADDR[@]:0:${1:-3}}"; do
		step lbadm -a -t $VIP:80 -r "$a:80" -m
		step lbadm -a -u $VIP:53 -r "$a:53" -m
	done
}

# rr_director [N]: the module, the topology, TCP :80 and UDP :53 backends
# and rr_services N: where most scenarios start.
rr_director() {
	load_module
	topology
	start_backends tcp 80
	start_backends udp 53
	rr_services "$@"
}

# wait_for WHAT CMD...: poll CMD until it succeeds, up to 10 s.
wait_for() {
	local what=$1 i
	shift
	for ((i = 0; i < 100; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	fail "timed out waiting for $what"
}

# expect_counts "OUTPUT" "b1 100" "b2 100" ...: exact per-backend tallies.
expect_counts() {
	local out=$1 want
	shift
	for want in "$@"; do
		grep -qx "$want" <<<"$out" || fail "expected '$want' in: $(tr '\n' ' ' <<<"$out")"
	done
	if grep -q '^failed' <<<"$out"; then
		fail "requests failed: $(tr '\n' ' ' <<<"$out")"
	fi
}
