#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every kernel benchmark, one after another, in one boot: tests/bench/run.sh
# runs this in the test VM with --icount (or directly on a host that can
# load modules). Each benchmark prints its Markdown on "BENCH| " lines.
# Arguments NAME=VALUE set BENCH_* variables (the VM has no environment
# of the host's).
set -u
dir=$(cd "$(dirname "$0")" && pwd)
for arg in "$@"; do
	[[ $arg == BENCH_*=* ]] && export "${arg?}"
done
for bench in ${BENCH_ONLY:-connrate control established lookup}; do
	echo "BENCHSTART| $bench ${BENCH_COMMIT:-}"
	if [[ $bench == lookup ]]; then
		# lookup.sh prints plain lines: a preformatted block.
		echo "BENCH| ## Service and connection lookup against table size"
		echo "BENCH| "
		echo "BENCH| Kernel time per new UDP flow (tests/bench/lookup.sh):"
		echo "BENCH| "
		echo 'BENCH| ```'
		bash "$dir/lookup.sh" 2>/dev/null | grep -v '^  +' | sed 's/^/BENCH| /'
		echo 'BENCH| ```'
		echo "BENCH| "
	else
		bash "$dir/$bench.sh"
	fi || echo "BENCH| ($bench failed: see the console log)"
done
