#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The schedulers' choice, in user space (tests/bench/sched.c compiles
# kernel/sched_*.c): the instructions one new connection's choice of real
# server takes, for N = 10, 100, 1000 servers (cachegrind: Q choices and
# 2Q choices, the difference divided by Q, less the same for the loop
# without a scheduler). Prints a Markdown section.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_OUT:-$top/build/bench}
mkdir -p "$out"
bin=$out/sched
k=$top/kernel
cc -O2 -Wall -Wextra -std=gnu11 -I"$k" -I"$k/uapi" -o "$bin" \
	"$top/tests/bench/sched.c" "$top/tests/bench/hsiphash.c" \
	"$k"/sched_{rr,wrr,lc,wlc,sed,nq,fo,ovf,twos,sh,dh,mh}.c
SCHEDULERS="rr wrr lc wlc sed nq fo ovf twos sh dh mh"
SERVERS="10 100 1000"
Q=${BENCH_SCHED_PICKS:-2000}

# irefs NAME N Q: the instructions of the whole run.
irefs() {
	valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
		"$bin" pick "$1" "$2" "$3" 2>&1 | sed -n 's/.*I *refs: *//p' | tr -d ,
}

# per_pick NAME N: instructions per choice, the loop's own included.
per_pick() {
	local a b
	a=$(irefs "$1" "$2" "$Q")
	b=$(irefs "$1" "$2" $((2 * Q)))
	echo $(((b - a) / Q))
}

head="| scheduler |" rule="|---|"
for n in $SERVERS; do
	head+=" N = $n |"
	rule+="---:|"
done
loop=$(per_pick loop 10)
cat <<EOF
## Choosing a real server

Instructions one new connection's choice takes in each scheduler
(\`kernel/sched_*.c\` compiled in user space), among N real servers of
weights 1 to 4, counted by cachegrind ($Q and $((2 * Q)) choices, the
difference over $Q, less the $loop instructions of the loop that makes
the flows and counts the connections). The hashing schedulers (sh, dh,
mh) look up a table built when the servers change; rr and wrr keep a
position; the least-connection family (lc, wlc, sed, nq, fo, ovf) and
twos read every server, as IPVS's schedulers of the same names do.

$head
$rule
EOF
for s in $SCHEDULERS; do
	row="| $s |"
	for n in $SERVERS; do
		row+=" $(($(per_pick "$s" "$n") - loop)) |"
	done
	echo "$row"
done
echo
