#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Lookup cost against table size, nflb next to IPVS in the same run: the
# kernel CPU time (system + irq + softirq in /proc/stat) that K new UDP
# flows through the director cost, per datagram,
#   - with 10 services and with NSVC services in the table (the measured
#     one is added last), the connection table empty;
#   - with NCONN connections already in the table (NCONN earlier flows).
# Each datagram is a new flow: a service lookup, a connection lookup and
# a connection insert. The real servers drop the datagrams silently.
# Prints one line per case and the ratios to each engine's smallest
# table. Run it in the test VM with --icount (tests/vm/vm.sh --icount
# tests/bench/lookup.sh): the guest's time is then its instruction count,
# the same whatever else the host runs; or directly as root where nflb.ko
# loads.
source "$(dirname "$0")/../vm/lib.sh"
source "$(dirname "$0")/lib.sh"

K=${BENCH_FLOWS:-50000}
NSVC=${BENCH_SERVICES:-100000}
NCONN=${BENCH_CONNS:-100000}
FLOOD=$TOP/build/lbflood
# Client addresses of 64512 source ports each: room for NCONN + 2K flows.
NSRC=$(((NCONN + 2 * K) / 64512 + 1))

load_module
modprobe ip_vs
BASE=$ID


# setup ipvsadm|lbadm SERVICES: a topology whose director has SERVICES
# UDP services, the first one $VIP:9 over the three backends (IPVS puts
# newer services first in its hash chains: the first one added is the
# last found).
setup() {
	local tool=$1 n=$2 i batch
	cleanup
	use_names "$BASE-$([[ $tool == ipvsadm ]] && echo ipvs || echo nflb)"
	topology
	client_sources $NSRC
	for i in 0 1 2; do
		ip netns exec "${B[$i]}" iptables -A INPUT -p udp --dport 9 -j DROP
	done
	in_d "$tool" -A -u $VIP:9 -s rr
	for i in 0 1 2; do in_d "$tool" -a -u $VIP:9 -r "${BADDR[$i]}:9" -m; done
	batch=$(mktemp)
	python3 - "$((n - 1))" >"$batch" <<-'EOF'
		import sys
		for i in range(int(sys.argv[1])):
		    print("-A -u 10.%d.%d.%d:9 -s rr"
		          % (100 + i // 65536, i // 256 % 256, i % 256))
	EOF
	in_d "$tool" -R <"$batch"
	rm -f "$batch"
}

# flood FIRST COUNT: COUNT new flows, from source port index FIRST on.
# Prints nanoseconds of kernel time per datagram, without the background
# work (rate estimation, connection expiry) that the table's size also
# costs: that is measured over 4 idle seconds before, and subtracted for
# the flood's duration. BACKGROUND gets the background in ticks/s.
flood() {
	local b0 b1 t0 t1 w0 w1
	sleep 1
	b0=$(kernel_ticks)
	sleep 4
	b1=$(kernel_ticks)
	BACKGROUND=$(echo "scale=1; ($b1 - $b0) / 4" | bc)
	w0=$(date +%s%N)
	t0=$(kernel_ticks)
	in_c "$FLOOD" 10.0.2.1/$NSRC $VIP:9 "$2" "$1" >/dev/null
	sleep 0.5
	t1=$(kernel_ticks)
	w1=$(date +%s%N)
	echo "($t1 - $t0 - ($b1 - $b0) * ($w1 - $w0) / 4000000000) * 10000000 / $2" |
		bc
}

declare -A cost bg
for tool in ipvsadm "$LBADM"; do
	engine=$([[ $tool == ipvsadm ]] && echo ipvs || echo nflb)
	setup "$tool" 10
	flood 0 "$K" >/tmp/bench.$$
	cost[$engine,small]=$(cat /tmp/bench.$$)
	setup "$tool" "$NSVC"
	flood 0 "$K" >/tmp/bench.$$
	cost[$engine,services]=$(cat /tmp/bench.$$)
	bg[$engine,services]=$BACKGROUND
	in_c "$FLOOD" 10.0.2.1/$NSRC $VIP:9 "$NCONN" "$K" >/dev/null
	flood $((K + NCONN)) "$K" >/tmp/bench.$$
	cost[$engine,conns]=$(cat /tmp/bench.$$)
	bg[$engine,conns]=$BACKGROUND
	echo "  $engine: $(in_d "$tool" -Ln | grep -c '^UDP') services after the runs"
done

for engine in ipvs nflb; do
	echo "$engine background (ticks/s): $NSVC services ${bg[$engine,services]}," \
		"+$NCONN conns ${bg[$engine,conns]}"
done
echo "ns of kernel time per new flow ($K flows each; 1 tick = 10 ms):"
printf '%-8s %14s %14s %14s\n' engine "10 services" "$NSVC services" "+$NCONN conns"
for engine in ipvs nflb; do
	printf '%-8s %14s %14s %14s\n' $engine "${cost[$engine,small]}" \
		"${cost[$engine,services]}" "${cost[$engine,conns]}"
done
for engine in ipvs nflb; do
	echo "$engine: ${NSVC} services / 10 = $(echo "scale=2; ${cost[$engine,services]} / ${cost[$engine,small]}" | bc)," \
		"+${NCONN} conns / 10 services = $(echo "scale=2; ${cost[$engine,conns]} / ${cost[$engine,small]}" | bc)"
done
echo "nflb / ipvs: 10 services $(echo "scale=2; ${cost[nflb,small]} / ${cost[ipvs,small]}" | bc)," \
	"$NSVC services $(echo "scale=2; ${cost[nflb,services]} / ${cost[ipvs,services]}" | bc)," \
	"+$NCONN conns $(echo "scale=2; ${cost[nflb,conns]} / ${cost[ipvs,conns]}" | bc)"

rm -f /tmp/bench.$$
cleanup
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
