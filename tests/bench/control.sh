#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Control plane: the time to load S services of 10 real servers each
# (S = 1000, 10000, 100000), then in each table the time to add one real
# server, to remove it again and to list everything, through
#   - lbadm -R (one batch), ipvsadm -R (a request per line);
#   - iptables-legacy-restore and iptables-nft-restore of the nat table as
#     kube-proxy's iptables mode lays it out (a KUBE-SERVICES rule per
#     service, a chain per service whose rules pick a real server at
#     random and DNAT to it); one more rule with iptables -A;
#   - nft -f of a verdict map of address . protocol . port to a chain per
#     service that DNATs through a numgen map; one more element with nft.
# Each engine gets a namespace of its own; times are CPU time, and an
# engine stops at the first size that would take over BUDGET ms. Run it in
# the test VM with --icount (tests/bench/run.sh does). Prints Markdown on
# lines starting "BENCH| ".
source "$(dirname "$0")/../vm/lib.sh"
source "$(dirname "$0")/lib.sh"

SIZES=${BENCH_CONTROL_SIZES:-1000 10000 100000}
REAL=${BENCH_CONTROL_REAL:-10}
BUDGET=${BENCH_CONTROL_BUDGET_MS:-240000}
EDITS=${BENCH_CONTROL_EDITS:-3}
ENGINES=(nflb ipvs iptables-legacy iptables-nft nft)

load_module
modprobe ip_vs
BASE=$ID
WORK=$(mktemp -d)

# write_config ENGINE S FILE: S services of $REAL real servers each.
write_config() {
	python3 - "$1" "$2" "$REAL" >"$3" <<-'EOF'
		import sys
		engine, services, real = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
		def vip(i):
		    return "10.%d.%d.%d" % (100 + i // 65536, i // 256 % 256, i % 256)
		def rip(j):
		    return "172.16.%d.%d" % (j // 250, 1 + j % 250)
		out = []
		if engine in ("nflb", "ipvs"):
		    for i in range(services):
		        out.append("-A -t %s:80 -s rr" % vip(i))
		        for j in range(real):
		            out.append("-a -t %s:80 -r %s:8080 -m" % (vip(i), rip(j)))
		elif engine.startswith("iptables"):
		    out.append("*nat")
		    out.append(":KUBE-SERVICES - [0:0]")
		    for i in range(services):
		        out.append(":KUBE-SVC-%d - [0:0]" % i)
		    out.append("-A PREROUTING -j KUBE-SERVICES")
		    for i in range(services):
		        out.append("-A KUBE-SERVICES -d %s/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-%d" % (vip(i), i))
		        for j in range(real):
		            left = real - j
		            pick = "-m statistic --mode random --probability %.11f " % (1.0 / left) if left > 1 else ""
		            out.append("-A KUBE-SVC-%d -p tcp %s-j DNAT --to-destination %s:8080" % (i, pick, rip(j)))
		    out.append("COMMIT")
		else:
		    out.append("table ip kube-bench {")
		    out.append("  map services { type ipv4_addr . inet_proto . inet_service : verdict; elements = {")
		    out.append(",\n".join("    %s . tcp . 80 : goto svc%d" % (vip(i), i) for i in range(services)))
		    out.append("  } }")
		    out.append("  chain prerouting { type nat hook prerouting priority dstnat; policy accept;")
		    out.append("    ip daddr . meta l4proto . th dport vmap @services; }")
		    for i in range(services):
		        out.append("  chain svc%d { meta l4proto tcp dnat to numgen random mod %d map { %s }; }"
		                   % (i, real, ", ".join("%d : %s . 8080" % (j, rip(j)) for j in range(real))))
		    out.append("}")
		print("\n".join(out))
	EOF
}

# timed CMD...: runs CMD in the director's namespace; prints the CPU
# milliseconds it ran, in user space and in the kernel (getrusage, as
# bash's time prints it, to the millisecond). Elapsed time would not do:
# see busy_ticks.
timed() {
	local TIMEFORMAT='%3U %3S' t
	t=$({ time in_d "$@" >/dev/null 2>&1; } 2>&1) || fail "$* failed"
	awk -v cmd="${1##*/}" '{
		ms = ($1 + $2) * 1000
		if (ms >= 100)
			printf "    %s: user %.3f s, kernel %.3f s\n", cmd, $1, $2 >"/dev/stderr"
		printf "%.0f", ms
	}' <<<"$t"
}

# load ENGINE S: the namespace $D, made afresh, loaded with S services.
load() {
	local engine=$1 s=$2
	ip netns add "$D"
	in_d ip link set lo up
	write_config "$engine" "$s" "$WORK/config"
	case $engine in
	nflb) timed "$LBADM" -R <"$WORK/config" ;;
	ipvs) timed ipvsadm -R <"$WORK/config" ;;
	nft) timed nft -f "$WORK/config" ;;
	*) timed "$engine-restore" <"$WORK/config" ;;
	esac
}

# edit ENGINE add|del: one real server more on the first service, or not.
edit() {
	local engine=$1 op=$2 vip=10.100.0.0 rip=172.16.9.9
	case $engine,$op in
	nflb,add) timed "$LBADM" -a -t $vip:80 -r $rip:8080 -m ;;
	nflb,del) timed "$LBADM" -d -t $vip:80 -r $rip:8080 ;;
	ipvs,add) timed ipvsadm -a -t $vip:80 -r $rip:8080 -m ;;
	ipvs,del) timed ipvsadm -d -t $vip:80 -r $rip:8080 ;;
	iptables*,add) timed "$engine" -t nat -I KUBE-SVC-0 -p tcp -m statistic \
		--mode random --probability 0.09 -j DNAT --to-destination $rip:8080 ;;
	iptables*,del) timed "$engine" -t nat -D KUBE-SVC-0 1 ;;
	nft,add) timed nft add element ip kube-bench services "{ 10.200.0.1 . tcp . 80 : goto svc0 }" ;;
	nft,del) timed nft delete element ip kube-bench services "{ 10.200.0.1 . tcp . 80 }" ;;
	esac
}

list_all() {
	case $1 in
	nflb) timed "$LBADM" -Ln ;;
	ipvs) timed ipvsadm -Ln ;;
	nft) timed nft list ruleset ;;
	*) timed "$1-save" -t nat ;;
	esac
}

# estimate ENGINE S: the CPU ms that loading S services should take,
# from the sizes loaded before (linear, or as fast as it last grew).
estimate() {
	local e=$1 s=$2
	[[ -n ${prev[$e]:-} ]] || { echo 0; return; }
	awk -v s="$s" -v p="${prev[$e]}" -v t="${ms[$e,load,${prev[$e]}]}" \
		-v pp="${prev2[$e]:-}" -v tt="${ms[$e,load,${prev2[$e]:-x}]:-}" 'BEGIN {
		g = s / p
		if (pp != "" && tt > 0 && t / tt > p / pp)
			g *= (t / tt) / (p / pp)
		printf "%d", t * g
	}'
}

# measure ENGINE S: load S services into a fresh namespace, then add one
# real server, remove it, and list everything.
measure() {
	local e=$1 s=$2 m0 i add=0 del=0
	D=$BASE-$e-d
	settle
	m0=$(used_kb)
	ms[$e,load,$s]=$(load "$e" "$s")
	settle
	kb[$e,$s]=$(($(used_kb) - m0))
	for ((i = 0; i < EDITS; i++)); do
		add=$((add + $(edit "$e" add)))
		del=$((del + $(edit "$e" del)))
	done
	ms[$e,add,$s]=$(ratio $add $EDITS 1)
	ms[$e,del,$s]=$(ratio $del $EDITS 1)
	ms[$e,list,$s]=$(list_all "$e")
	echo "  $e, $s services: load ${ms[$e,load,$s]} ms, add ${ms[$e,add,$s]} ms," \
		"remove ${ms[$e,del,$s]} ms, list ${ms[$e,list,$s]} ms, ${kb[$e,$s]} kB" >&2
	ip netns del "$D"
}

# services_kb ENGINE S: the memory S services without real servers take.
services_kb() {
	local m0 kb
	D=$BASE-$1-d
	settle
	m0=$(used_kb)
	REAL=0 load "$1" "$2" >/dev/null
	settle
	kb=$(($(used_kb) - m0))
	ip netns del "$D"
	echo "$kb"
}

declare -A ms kb prev prev2 svc
skipped=()
for engine in "${ENGINES[@]}"; do
	for s in $SIZES; do
		est=$(estimate "$engine" "$s")
		if ((est > BUDGET)); then
			skipped+=("$engine from $s services (about $((est / 1000)) s expected)")
			echo "  $engine: $s services skipped, about $est ms expected" >&2
			break
		fi
		measure "$engine" "$s"
		prev2[$engine]=${prev[$engine]:-}
		prev[$engine]=$s
	done
done
settle

cell() { echo "${ms[$1]:--}"; }
out "## Control plane"
out
out "CPU milliseconds (qemu -icount: a millisecond is 10^6 instructions) to"
out "load S services of $REAL real servers each into an empty table, then, in"
out "that table, to add one real server and remove it again (the mean of"
out "$EDITS of each), and to list everything: the CPU time of the command,"
out "in user space and in the kernel (getrusage). iptables and"
out "nftables hold the services as kube-proxy lays them out (DNAT chains"
out "and a verdict map); their \"add\" is one rule or one map element."
out "An engine stops at the size whose load would take more than"
out "$((BUDGET / 1000)) s of CPU time, judged from the sizes before (\"-\")."
out
out "| S services | lbadm -R | ipvsadm -R | iptables-legacy-restore | iptables-nft-restore | nft -f | ipvsadm / lbadm |"
out "|---:|---:|---:|---:|---:|---:|---:|"
for s in $SIZES; do
	r=-
	[[ -n ${ms[ipvs,load,$s]:-} && -n ${ms[nflb,load,$s]:-} ]] &&
		r=$(ratio "${ms[ipvs,load,$s]}" "${ms[nflb,load,$s]}" 1)
	out "| $s | $(cell nflb,load,$s) | $(cell ipvs,load,$s) | $(cell iptables-legacy,load,$s) |" \
		"$(cell iptables-nft,load,$s) | $(cell nft,load,$s) | $r |"
done
out
for op in add del list; do
	case $op in
	add) out "Adding one real server (ms):" ;;
	del) out "Removing it (ms):" ;;
	list) out "Listing everything (ms):" ;;
	esac
	out
	out "| S services | nflb | IPVS | iptables-legacy | iptables-nft | nftables |"
	out "|---:|---:|---:|---:|---:|---:|"
	for s in $SIZES; do
		out "| $s | $(cell nflb,$op,$s) | $(cell ipvs,$op,$s) | $(cell iptables-legacy,$op,$s) |" \
			"$(cell iptables-nft,$op,$s) | $(cell nft,$op,$s) |"
	done
	out
done
if ((${#skipped[@]})); then
	out "Not run, over the budget: $(printf '%s; ' "${skipped[@]}" | sed 's/; $//')."
	out
fi

# Memory per service and per real server at the largest size both
# balancers loaded: the full load less a load of the services alone.
for s in $SIZES; do
	[[ -n ${kb[nflb,$s]:-} && -n ${kb[ipvs,$s]:-} ]] && big=$s
done
if [[ -n ${big:-} ]]; then
	out "Kernel memory with $big services of $REAL real servers (growth of used"
	out "memory over the load):"
	out
	out "| | nflb | IPVS |"
	out "|---|---:|---:|"
	for e in nflb ipvs; do
		svc[$e]=$(services_kb "$e" "$big")
	done
	out "| bytes per service | $((svc[nflb] * 1024 / big)) | $((svc[ipvs] * 1024 / big)) |"
	out "| bytes per real server | $(((kb[nflb,$big] - svc[nflb]) * 1024 / (big * REAL))) |" \
		"$(((kb[ipvs,$big] - svc[ipvs]) * 1024 / (big * REAL))) |"
	out
fi
if [[ -n ${ms[nflb,load,10000]:-} && -n ${ms[ipvs,load,10000]:-} ]]; then
	x=$(ratio "${ms[ipvs,load,10000]}" "${ms[nflb,load,10000]}" 1)
	out "Goal: loading 10000 services at least 10x faster than ipvsadm -R: ${x}x" \
		"($(goal "$x >= 10"))."
	out
fi
rm -rf "$WORK"
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
