#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: every benchmark, nflb next to its peers, and
# docs/benchmarks.md with its plots (docs/*.png).
#   - user space: tests/bench/maglev.sh and sched.sh (instruction counts,
#     cachegrind);
#   - kernel: tests/bench/in-vm.sh in one boot of the test VM under
#     qemu -icount shift=0,sleep=off (a guest nanosecond is an
#     instruction, so CPU times repeat whatever else the host runs), or
#     directly on a host that can load modules.
# BENCH_KVER picks the kernel (default: the oldest installed, 6.1 LTS);
# BENCH_ONLY="connrate control established lookup" a subset of the kernel
# benchmarks; other BENCH_* variables reach the benchmarks (see each).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
source tests/vm/host.sh
out=build/bench
mkdir -p "$out" docs
for tool in tests/tools/lbflood.c tests/tools/lbtraffic.c tests/bench/lbconnect.c; do
	cc -O2 -Wall -Wextra -o "build/$(basename "$tool" .c)" "$tool"
done

echo "== user space: Maglev tables, scheduler choices"
bash tests/bench/maglev.sh >"$out/maglev.md"
bash tests/bench/sched.sh >"$out/sched.md"

settings=()
for v in $(compgen -v BENCH_); do settings+=("$v=${!v}"); done

all="connrate control established lookup"
rm -f "$out"/kernel-*.md "$out"/vm-*.log
if run_directly; then
	kver=$(uname -r)
	method="directly on this host (kernel $kver): CPU time"
	echo "== kernel benchmarks on this host"
	NFLB_KO=$top/nflb.ko tests/bench/in-vm.sh "${settings[@]}" 2>&1 |
		tee "$out/vm.log"
else
	kver=${BENCH_KVER:-$(ls /lib/modules | sort -V | head -n 1)}
	# Two boots side by side when there are two cores (instruction counts
	# do not depend on what the host runs beside): each benchmark still
	# measures nflb and its peers in one boot.
	lanes=("${BENCH_ONLY:-$all}")
	if [[ -z ${BENCH_ONLY:-} && $(nproc) -ge 2 ]]; then
		lanes=("connrate lookup established" "control")
	fi
	method="in a VM: Debian's kernel $kver under $(qemu-system-x86_64 --version | head -n 1),
\`-icount shift=0,sleep=off\`, one vCPU: a second of guest time is 10^9
instructions, so a CPU time repeats from run to run and from host to host.
Times are CPU time, not elapsed: with sleep=off guest time jumps ahead
while the guest idles (waiting for a file over virtio-9p, say). Each
benchmark measures nflb and its peers in one boot; the benchmarks ran
in ${#lanes[@]} boot(s) side by side"
	echo "== kernel benchmarks in a VM running $kver (--icount)"
	i=0
	for lane in "${lanes[@]}"; do
		i=$((i + 1))
		NFLB_VM_TIMEOUT=${NFLB_VM_TIMEOUT:-10800} tests/vm/vm.sh --icount --mem 6144 \
			-k "$kver" tests/bench/in-vm.sh "${settings[@]}" "BENCH_ONLY=$lane" \
			>"$out/vm-$i.log" 2>&1 &
		tail -n +1 -F --pid=$! "$out/vm-$i.log" 2>/dev/null | sed -u "s/^/[$lane] /" &
	done
	wait
	cat "$out"/vm-*.log >"$out/vm.log"
fi
# Each benchmark's Markdown, in the order of $all.
tr -d '\r' <"$out/vm.log" | awk -v dir="$out" '
	/^BENCHSTART\| / { file = dir "/kernel-" $2 ".md" }
	/^BENCH\| ?/ && file { sub(/^BENCH\| ?/, ""); print >file }'
for bench in $all; do
	cat "$out/kernel-$bench.md" 2>/dev/null
done >"$out/kernel.md"
tr -d '\r' <"$out/vm.log" | sed -n 's/^BENCHDAT| connrate //p' >"$out/connrate.dat"
if [[ -s $out/connrate.dat ]] && command -v gnuplot >/dev/null; then
	gnuplot <<-PLOT
		set terminal pngcairo size 720,420 noenhanced
		set output "$out/connrate.png"
		set title "New TCP connections per second through one VIP"
		set xlabel "services in the table"
		set ylabel "connections per second (10^9 instructions)"
		set logscale x
		set yrange [0:*]
		set key outside right
		set grid
		plot for [e in "nflb ipvs iptables nft"] \
			"< awk '\$2 == \"".e."\"' $out/connrate.dat" using 1:3 with linespoints title e
	PLOT
fi

{
	cat <<-EOF
		# nflb benchmarks

		Written by \`make bench\` (tests/bench/run.sh). Each figure is set next
		to its peers measured in the same run: nflb and IPVS (and iptables,
		nftables) in the same boot, on the same topology of network namespaces.
		Kernel figures were measured $method.
		The load generators are the C programs in \`tests/bench/\` and
		\`tests/tools/\`.

	EOF
	cat "$out/kernel.md"
	cat "$out/maglev.md"
	cat "$out/sched.md"
	cat <<-EOF
		## Not measured yet

		The per-rule cost of linear filter chains (0 to 10,000 rules that do
		not match, next to iptables-legacy and iptables-nft) waits for nflb's
		filter chains, which do not exist yet.
	EOF
} >docs/benchmarks.md
cp "$out"/*.png docs/ 2>/dev/null || true
echo "== docs/benchmarks.md written"
