#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Established flows and the memory of connections: with C live UDP
# connections in the table (C = 1000, 100000, 1000000), the kernel time
# of each datagram of one established flow, and the memory the C
# connections take, through
#   - nflb NAT, IPVS NAT with its default table (conn_tab_bits=12) and
#     with conn_tab_bits=20, both without conntrack;
#   - nf_conntrack alone: the director only routes, a stateful firewall
#     rule tracks every flow.
# The C connections are C earlier flows (lbflood, one datagram each);
# the real servers drop the datagrams. Kernel time is system + irq +
# softirq in /proc/stat less the background measured idle before; memory
# is the growth of the kernel's slab and vmalloc memory over the C flows
# (kernel_kb: the connections and the hash table buckets they make the
# table grow to), divided by the connections they made (the service's
# counter, or nf_conntrack_count). Run it in the test VM with --icount
# (tests/bench/run.sh does). Prints Markdown on lines starting "BENCH| ".
source "$(dirname "$0")/../vm/lib.sh"
source "$(dirname "$0")/lib.sh"

SIZES=${BENCH_CONN_SIZES:-1000 100000 1000000}
K=${BENCH_PACKETS:-50000}
FLOOD=$TOP/build/lbflood
ENGINES=(nflb ipvs ipvs-20 conntrack)
declare -A CACHE=([nflb]=nflb_conn [ipvs]=ip_vs_conn [ipvs-20]=ip_vs_conn
	[conntrack]=nf_conntrack)

load_module
BASE=$ID

# ipvs_module BITS: ip_vs loaded with a connection table of 2^BITS (it
# can be unloaded once the namespaces that used it are gone).
ipvs_module() {
	local i
	[[ $(cat /sys/module/ip_vs/parameters/conn_tab_bits 2>/dev/null) == "$1" ]] && return
	for ((i = 0; i < 100; i++)); do
		modprobe -r ip_vs_rr ip_vs 2>/dev/null && break
		sleep 0.2
	done
	modprobe ip_vs conn_tab_bits="$1"
	[[ $(cat /sys/module/ip_vs/parameters/conn_tab_bits) == "$1" ]] ||
		fail "ip_vs did not reload with conn_tab_bits=$1"
}

# setup ENGINE NSRC: a topology; TARGET is where the flows go.
setup() {
	local engine=$1 i
	cleanup
	use_names "$BASE-$engine"
	topology
	client_sources "$2"
	for i in 0 1 2; do
		ip netns exec "${B[$i]}" iptables -A INPUT -p udp --dport 9 -j DROP
	done
	TARGET=$VIP:9
	case $engine in
	nflb) tool=$LBADM ;;
	ipvs) ipvs_module 12; tool=ipvsadm ;;
	ipvs-20) ipvs_module 20; tool=ipvsadm ;;
	conntrack)
		in_d iptables -A FORWARD -m state --state NEW,ESTABLISHED -j ACCEPT
		# Room for every flow (the table's buckets stay the default),
		# and time: a million flows take longer than the 30 s an
		# unanswered UDP flow lives (nflb and IPVS keep one 300 s),
		# a setting of the namespace.
		sysctl -qw net.netfilter.nf_conntrack_max=4194304
		in_d sysctl -qw net.netfilter.nf_conntrack_udp_timeout=300
		TARGET=${BADDR[0]}:9
		return
		;;
	esac
	in_d "$tool" -A -u $VIP:9 -s rr
	for i in 0 1 2; do in_d "$tool" -a -u $VIP:9 -r "${BADDR[$i]}:9" -m; done
}

# made ENGINE: the connections made so far (service counter, or conntrack's).
made() {
	if [[ $1 == conntrack ]]; then
		in_d cat /proc/sys/net/netfilter/nf_conntrack_count
	else
		in_d "$tool" -Ln --stats --exact | awk -v s=$VIP:9 '$2 == s { print $3 }'
	fi
}

# measure ENGINE C: "NS-PER-PACKET BYTES-PER-CONNECTION" (bytes "-" under
# 100,000 connections: the hash table's growth steps weigh more).
measure() {
	local engine=$1 c=$2 nsrc m0 m1 s0 s1 n0 n1 b0 b1 t0 t1 w0 w1 per=-
	nsrc=$((c / 64512 + 2))
	setup "$engine" "$nsrc"
	in_c "$FLOOD" 10.0.2.1/$nsrc "$TARGET" 64 "$((c + 1))" >/dev/null
	sleep 1
	settle
	n0=$(made "$engine")
	m0=$(kernel_kb)
	s0=$(slab_cache_kb "${CACHE[$engine]}")
	in_c "$FLOOD" 10.0.2.1/$nsrc "$TARGET" "$c" 0 >/dev/null
	sleep 1
	m1=$(kernel_kb)
	s1=$(slab_cache_kb "${CACHE[$engine]}")
	n1=$(made "$engine")
	((n1 - n0 >= c * 9 / 10)) || fail "$engine made $((n1 - n0)) connections of $c flows"
	((c >= 100000)) && per=$(((m1 - m0) * 1024 / (n1 - n0)))
	# The flow measured: flow c + 1, one datagram already sent above.
	b0=$(kernel_ticks)
	sleep 4
	b1=$(kernel_ticks)
	w0=$(date +%s%N)
	t0=$(kernel_ticks)
	in_c "$FLOOD" 10.0.2.1/$nsrc "$TARGET" "$K" "$((c + 1))" 1 >/dev/null
	sleep 0.5
	t1=$(kernel_ticks)
	w1=$(date +%s%N)
	echo "  $engine: $((n1 - n0)) connections made of $c flows, $((m1 - m0)) kB for them," \
		"of which ${CACHE[$engine]}'s slabs $((${s1:-0} - ${s0:-0})) kB" >&2
	echo "$(echo "($t1 - $t0 - ($b1 - $b0) * ($w1 - $w0) / 4000000000) * 10000000 / $K" | bc)" \
		"$per"
	cleanup
	true
}

declare -A cost bytes
failures=()
for c in $SIZES; do
	for engine in "${ENGINES[@]}"; do
		# A case that fails is run once more on a fresh topology; a
		# second failure leaves its cells empty and is told below.
		for try in 1 2; do
			# (errexit is on: a failed case must not end the script)
			line=$(measure "$engine" "$c") || true
			[[ $line != *FAIL:* ]] && break
			echo "  $engine, $c connections, try $try:$line" >&2
		done
		if [[ $line == *FAIL:* ]]; then
			failures+=("$engine with $c connections:${line#*FAIL:}")
			line="- -"
		fi
		read -r "cost[$engine,$c]" "bytes[$engine,$c]" <<<"$line"
		echo "  $engine, $c connections: ${cost[$engine,$c]} ns per packet, ${bytes[$engine,$c]} B per connection" >&2
	done
done

first=${SIZES%% *}
last=${SIZES##* }
out "## Established flows and connection memory"
out
out "One UDP flow's datagrams ($K of them) with C other connections in the"
out "table: kernel time per datagram (guest ns, qemu -icount; the packet rate"
out "one CPU sustains is 10^9 / ns), and the memory the C connections took"
out "(growth of the kernel's slab and vmalloc memory over the connections"
out "made: connections and hash buckets; \"-\" under 100,000, where the"
out "table's growth steps weigh more). IPVS-20 is IPVS with conn_tab_bits=20,"
out "whose table is allocated when ip_vs loads and not counted here."
out "The conntrack column is the director routing with a stateful rule and"
out "no balancer."
out
out "| C connections | nflb ns | IPVS ns | IPVS-20 ns | conntrack ns | nflb B/conn | IPVS B/conn | IPVS-20 B/conn | conntrack B/conn |"
out "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for c in $SIZES; do
	out "| $c | ${cost[nflb,$c]} | ${cost[ipvs,$c]} | ${cost[ipvs-20,$c]} | ${cost[conntrack,$c]} |" \
		"${bytes[nflb,$c]} | ${bytes[ipvs,$c]} | ${bytes[ipvs-20,$c]} | ${bytes[conntrack,$c]} |"
done
out
out "Packets per second one CPU sustains (10^9 / ns):"
out
out "| C connections | nflb | IPVS | IPVS-20 | conntrack |"
out "|---:|---:|---:|---:|---:|"
for c in $SIZES; do
	row="| $c |"
	for engine in "${ENGINES[@]}"; do
		if [[ ${cost[$engine,$c]} == - ]]; then
			row+=" - |"
		else
			row+=" $(ratio 1000000000 "${cost[$engine,$c]}" 0) |"
		fi
	done
	out "$row"
done
out
if ((${#failures[@]})); then
	out "Failed twice, left out: $(printf '%s; ' "${failures[@]}" | sed 's/; $//')."
	out
fi
flat=$(ratio "${cost[nflb,$first]}" "${cost[nflb,$last]}")
out "Goals:"
out "- established packets, nflb($last conns) / nflb($first conns) >= 0.9 (as packet" \
	"rates, the inverse of the times): $flat" \
	"($(goal "$flat >= 0.9"))."
if [[ ${bytes[nflb,$last]} != - ]]; then
	out "- at most 128 bytes of kernel memory per connection: nflb takes" \
		"${bytes[nflb,$last]} B at $last connections" \
		"($(if ((bytes[nflb,$last] <= 128)); then echo met; else echo "missed by $((bytes[nflb,$last] - 128)) B"; fi))."
fi
out

for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
