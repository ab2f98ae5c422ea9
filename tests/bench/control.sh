#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Control plane: the time to load S services of 10 real servers each
# (S = 1000, 10000, 100000), then with the largest table the time to add
# one real server, to remove it again and to list everything, through
#   - lbadm -R (one batch), ipvsadm -R (a request per line);
#   - iptables-legacy-restore and iptables-nft-restore of the nat table as
#     kube-proxy's iptables mode lays it out (a KUBE-SERVICES rule per
#     service, a chain per service whose rules pick a real server at
#     random and DNAT to it); one more rule with iptables -A;
#   - nft -f of a verdict map of address . protocol . port to a chain per
#     service that DNATs through a numgen map; one more element with nft.
# Each engine gets a namespace of its own; times are guest time (run it in
# the test VM with --icount, as tests/bench/run.sh does). Prints Markdown
# on lines starting "BENCH| ".
source "$(dirname "$0")/../vm/lib.sh"

SIZES=${BENCH_CONTROL_SIZES:-1000 10000 100000}
REAL=10
ENGINES=(nflb ipvs iptables-legacy iptables-nft nft)

load_module
modprobe ip_vs
BASE=$ID
WORK=$(mktemp -d)
out() { echo "BENCH| $*"; }

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

# timed CMD...: runs CMD in the director's namespace; prints milliseconds.
timed() {
	local t0 t1
	t0=$(date +%s%N)
	in_d "$@" >/dev/null || fail "$* failed"
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
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

declare -A ms
for s in $SIZES; do
	for engine in "${ENGINES[@]}"; do
		D=$BASE-$engine-d
		ms[$engine,load,$s]=$(load "$engine" "$s")
		echo "  $engine: $s services loaded in ${ms[$engine,load,$s]} ms" >&2
		ip netns del "$D"
	done
done
last=${SIZES##* }
for engine in "${ENGINES[@]}"; do
	D=$BASE-$engine-d
	load "$engine" "$last" >/dev/null
	ms[$engine,add]=$(edit "$engine" add)
	ms[$engine,del]=$(edit "$engine" del)
	ms[$engine,list]=$(list_all "$engine")
	echo "  $engine at $last services: add ${ms[$engine,add]} ms, remove ${ms[$engine,del]} ms, list ${ms[$engine,list]} ms" >&2
	ip netns del "$D"
done

# ratio A B: A / B, one decimal (a time under 1 ms counts as 1 ms).
ratio() { printf '%.1f' "$(echo "scale=4; $1 / $(($2 > 0 ? $2 : 1))" | bc)"; }
out "## Control plane"
out
out "Milliseconds of guest time (qemu -icount) to load S services of"
out "$REAL real servers each into an empty table, and with $last services to"
out "add one real server, remove it, and list everything. iptables and"
out "nftables hold the services as kube-proxy lays them out (DNAT chains"
out "and a verdict map); their \"add\" is one rule or one map element."
out
out "| S services | lbadm -R | ipvsadm -R | iptables-legacy-restore | iptables-nft-restore | nft -f | ipvsadm / lbadm |"
out "|---:|---:|---:|---:|---:|---:|---:|"
for s in $SIZES; do
	out "| $s | ${ms[nflb,load,$s]} | ${ms[ipvs,load,$s]} | ${ms[iptables-legacy,load,$s]} |" \
		"${ms[iptables-nft,load,$s]} | ${ms[nft,load,$s]} |" \
		"$(ratio "${ms[ipvs,load,$s]}" "${ms[nflb,load,$s]}") |"
done
out
out "| with $last services | nflb | IPVS | iptables-legacy | iptables-nft | nftables |"
out "|---|---:|---:|---:|---:|---:|"
for op in add del list; do
	label=$op
	[[ $op == add ]] && label="add a real server"
	[[ $op == del ]] && label="remove it"
	[[ $op == list ]] && label="list all"
	out "| $label | ${ms[nflb,$op]} | ${ms[ipvs,$op]} | ${ms[iptables-legacy,$op]} | ${ms[iptables-nft,$op]} | ${ms[nft,$op]} |"
done
out
if [[ -n ${ms[nflb,load,10000]:-} ]]; then
	x=$(ratio "${ms[ipvs,load,10000]}" "${ms[nflb,load,10000]}")
	out "Goal: loading 10000 services at least 10x faster than ipvsadm -R: ${x}x" \
		"($(if (($(echo "$x >= 10" | bc))); then echo met; else echo missed; fi))."
	out
fi
rm -rf "$WORK"
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
