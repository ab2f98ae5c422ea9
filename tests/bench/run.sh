#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: every benchmark, nflb next to its peers, and
# docs/benchmarks.md with its plots (docs/*.png), which
# tests/bench/report.sh lays out from the run's output in build/bench.
#   - user space: tests/bench/maglev.sh and sched.sh (instruction counts,
#     cachegrind);
#   - kernel: tests/bench/in-vm.sh in one boot of the test VM under
#     qemu -icount shift=0,sleep=off (a guest nanosecond is an
#     instruction, so CPU times repeat whatever else the host runs), or
#     directly on a host that can load modules.
# BENCH_KVER picks the kernel (default: the oldest installed, 6.1 LTS);
# BENCH_ONLY="connrate control established lookup" a subset of the kernel
# benchmarks (measured again: the doc keeps the others' last figures and
# names the commit of each); other BENCH_* variables reach the
# benchmarks (see each).
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

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit+="+changes"
BENCH_COMMIT=$commit
settings=()
for v in $(compgen -v BENCH_); do settings+=("$v=${!v}"); done

# A run of every benchmark starts afresh; a run of some (BENCH_ONLY)
# keeps the others' logs, and its sections replace theirs in the doc.
all="connrate control established lookup"
[[ -n ${BENCH_ONLY:-} ]] || rm -f "$out"/vm-*.log
run=$(date +%Y%m%d%H%M%S)
if run_directly; then
	kver=$(uname -r)
	method="directly on this host (kernel $kver): CPU time"
	echo "== kernel benchmarks on this host"
	NFLB_KO=$top/nflb.ko tests/bench/in-vm.sh "${settings[@]}" 2>&1 |
		tee "$out/vm-$run-1.log"
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
benchmark measures nflb and its peers in one boot"
	echo "== kernel benchmarks in a VM running $kver (--icount)"
	i=0
	for lane in "${lanes[@]}"; do
		i=$((i + 1))
		NFLB_VM_TIMEOUT=${NFLB_VM_TIMEOUT:-10800} tests/vm/vm.sh --icount --mem 6144 \
			-k "$kver" tests/bench/in-vm.sh "${settings[@]}" "BENCH_ONLY=$lane" \
			>"$out/vm-$run-$i.log" 2>&1 &
		tail -n +1 -F --pid=$! "$out/vm-$run-$i.log" 2>/dev/null | sed -u "s/^/[$lane] /" &
	done
	wait
fi
# Oldest first: a benchmark measured again replaces its earlier section.
cat $(ls "$out"/vm-*.log | sort) >"$out/vm.log"
printf '%s\n' "$method" >"$out/method.txt"
tests/bench/report.sh
