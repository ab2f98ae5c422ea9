#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# New-connection rate through a VIP against the number of services N:
# TCP connect, the server's greeting, close, one after another
# (tests/bench/lbconnect.c), through
#   - nflb NAT (lbadm -R), and IPVS NAT (ipvsadm -R), without conntrack;
#   - an iptables DNAT chain as kube-proxy's iptables mode builds it (one
#     rule per service in KUBE-SERVICES, the measured service last, then
#     its KUBE-SVC chain picking a KUBE-SEP chain at random), with
#     iptables-legacy;
#   - an nftables verdict map of address . protocol . port, as kube-proxy's
#     nftables mode builds it.
# N = 1, 100, 1000, 10000, 100000; the measured service has the three
# real servers, the others none (they are only found, never used). Run
# in the test VM with --icount (tests/bench/run.sh does): the rates are
# per second of guest time, i.e. per 10^9 instructions. Prints Markdown
# on lines starting "BENCH| " and data on "BENCHDAT| connrate N ENGINE
# RATE".
source "$(dirname "$0")/../vm/lib.sh"
source "$(dirname "$0")/lib.sh"

COUNT=${BENCH_CONNECTIONS:-3000}
SIZES=${BENCH_SIZES:-1 100 1000 10000 100000}
CONNECT=$TOP/build/lbconnect
ENGINES=(nflb ipvs iptables nft)

load_module
modprobe ip_vs
BASE=$ID

# other I: the address of the I-th service that is not measured.
others() {
	python3 - "$1" "$2" <<-'EOF'
		import sys
		fmt = sys.argv[2]
		for i in range(int(sys.argv[1])):
		    addr = "10.%d.%d.%d" % (100 + i // 65536, i // 256 % 256, i % 256)
		    print(fmt.replace("ADDR", addr))
	EOF
}

# configure ENGINE N: N services on the director, the measured one VIP:80.
configure() {
	local engine=$1 n=$2 file i
	file=$(mktemp)
	case $engine in
	nflb | ipvs)
		{
			echo "-A -t $VIP:80 -s rr"
			for i in 0 1 2; do echo "-a -t $VIP:80 -r ${BADDR[$i]}:80 -m"; done
			others $((n - 1)) "-A -t ADDR:80 -s rr"
		} >"$file"
		if [[ $engine == nflb ]]; then in_d "$LBADM" -R <"$file"; else in_d ipvsadm -R <"$file"; fi
		;;
	iptables)
		{
			echo "*nat"
			echo ":KUBE-SERVICES - [0:0]"
			echo ":KUBE-SVC-OTHER - [0:0]"
			echo ":KUBE-SVC-MEASURED - [0:0]"
			for i in 1 2 3; do echo ":KUBE-SEP-$i - [0:0]"; done
			echo "-A PREROUTING -j KUBE-SERVICES"
			others $((n - 1)) "-A KUBE-SERVICES -d ADDR/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-OTHER"
			echo "-A KUBE-SERVICES -d $VIP/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-MEASURED"
			echo "-A KUBE-SVC-MEASURED -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-1"
			echo "-A KUBE-SVC-MEASURED -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-2"
			echo "-A KUBE-SVC-MEASURED -j KUBE-SEP-3"
			for i in 0 1 2; do
				echo "-A KUBE-SEP-$((i + 1)) -p tcp -m tcp -j DNAT --to-destination ${BADDR[$i]}:80"
			done
			echo "COMMIT"
		} >"$file"
		in_d iptables-legacy-restore <"$file"
		;;
	nft)
		{
			echo "table ip kube-bench {"
			echo "  map services { type ipv4_addr . inet_proto . inet_service : verdict; elements = {"
			others $((n - 1)) "    ADDR . tcp . 80 : goto other,"
			echo "    $VIP . tcp . 80 : goto measured } }"
			echo "  chain prerouting { type nat hook prerouting priority dstnat; policy accept;"
			echo "    ip daddr . meta l4proto . th dport vmap @services; }"
			echo "  chain other { }"
			echo "  chain measured { numgen random mod 3 vmap { 0 : goto sep1, 1 : goto sep2, 2 : goto sep3 }; }"
			for i in 0 1 2; do
				echo "  chain sep$((i + 1)) { meta l4proto tcp dnat to ${BADDR[$i]}:80; }"
			done
			echo "}"
		} >"$file"
		in_d nft -f "$file"
		;;
	esac
	rm -f "$file"
}

# measure ENGINE N: the rate in conn/s (fewer connections for a long
# linear chain: each costs a walk of it). Guest time here counts only
# instructions: the guest never idles during the run (the CPU time beside
# it, in ticks, says so).
measure() {
	local engine=$1 n=$2 count=$COUNT line t0 t1
	[[ $engine == iptables ]] && ((n >= 10000)) && count=$((COUNT / 4))
	cleanup
	use_names "$BASE-$engine-$n"
	topology
	start_backends tcp 80
	configure "$engine" "$n"
	in_c "$CONNECT" $VIP:80 50 >/dev/null || fail "$engine with $n services: warm-up failed"
	# The namespaces of the case before free their tables in the
	# background: let them finish before counting.
	settle
	t0=$(busy_ticks)
	line=$(in_c "$CONNECT" $VIP:80 "$count") || fail "$engine with $n services: $line"
	t1=$(busy_ticks)
	echo "  $engine, $n services: $line, $(((t1 - t0) * TICK_MS)) ms of CPU" >&2
	# Here, not in the EXIT trap: bash may exec a subshell's last
	# command, and the trap with it.
	cleanup
	echo "${line% conn/s}" | awk '{ print $NF }'
	true
}

declare -A rate
for n in $SIZES; do
	for engine in "${ENGINES[@]}"; do
		rate[$engine,$n]=$(measure "$engine" "$n")
		echo "BENCHDAT| connrate $n $engine ${rate[$engine,$n]}"
	done
done
first=${SIZES%% *}
again=$(measure nflb "$first")

out "## New connections through a VIP"
out
out "TCP connect, greeting, close, one connection at a time, through one"
out "VIP whose service has three real servers, with N services in the table"
out "(the others have none). Connections per second of guest time, client,"
out "director and servers together on one CPU that never idles (qemu"
out "-icount: a second is 10^9 instructions); $COUNT connections per"
out "case ($((COUNT / 4)) for iptables from 10,000 rules on). nflb and IPVS run"
out "without conntrack; iptables-legacy DNAT and the nftables map need it."
out
out "| N services | nflb | IPVS | iptables DNAT | nftables map | nflb / IPVS | nflb / iptables | nflb / nftables |"
out "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
	out "| $n | ${rate[nflb,$n]} | ${rate[ipvs,$n]} | ${rate[iptables,$n]} | ${rate[nft,$n]} |" \
		"$(ratio "${rate[nflb,$n]}" "${rate[ipvs,$n]}") |" \
		"$(ratio "${rate[nflb,$n]}" "${rate[iptables,$n]}") |" \
		"$(ratio "${rate[nflb,$n]}" "${rate[nft,$n]}") |"
done
out
out "![new connections per second](connrate.png)"
out
out "Repeatability: nflb with $first service(s), measured twice on fresh"
out "topologies: ${rate[nflb,$first]} and $again conn/s."
out
last=${SIZES##* }
out "Goals:"
worst=$(for n in $SIZES; do ratio "${rate[nflb,$n]}" "${rate[ipvs,$n]}"; echo; done | sort -n | head -n 1)
out "- nflb >= IPVS at every N: lowest nflb / IPVS is $worst" \
	"($(goal "$worst >= 1"))."
flat=$(ratio "${rate[nflb,$last]}" "${rate[nflb,$first]}")
out "- nflb($last) / nflb($first) >= 0.95: $flat" \
	"($(goal "$flat >= 0.95"))."
if [[ -n ${rate[nflb,10000]:-} ]]; then
	x=$(ratio "${rate[nflb,10000]}" "${rate[iptables,10000]}")
	out "- nflb >= 5x the iptables DNAT chain at N = 10000: ${x}x" \
		"($(goal "$x >= 5"))."
fi
out

cleanup
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
