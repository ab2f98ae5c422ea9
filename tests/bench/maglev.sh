#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Maglev table of the mh scheduler, in user space (tests/bench/maglev.c
# compiles kernel/sched_mh.c): for table sizes M = 4093, 16381, 65537 and
# N = 100, 1000 real servers of weight 1, the instructions one build
# takes (cachegrind: Q builds and 2Q builds, the difference divided by Q),
# the time one build takes on this machine, the largest and average number
# of slots per server, and the slots that change server when 1% of the
# servers are deleted, next to the slots those servers held (which must
# move). Prints a Markdown section; writes maglev.dat and maglev.png
# into BENCH_OUT (default build/bench).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_OUT:-$top/build/bench}
mkdir -p "$out"
bin=$out/maglev
cc -O2 -Wall -Wextra -std=gnu11 -I"$top/kernel" -I"$top/kernel/uapi" \
	-o "$bin" "$top/tests/bench/maglev.c" "$top/tests/bench/hsiphash.c" \
	"$top/kernel/sched_mh.c"

# instructions M N Q: instructions of Q builds, less the program's own.
irefs() {
	valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
		"$bin" build "$1" "$2" "$3" 2>&1 | sed -n 's/.*I *refs: *//p' | tr -d ,
}

cat <<EOF
## Maglev tables (mh)

The module's table build (\`kernel/sched_mh.c\`, compiled in user space
with the module's hash) for N real servers of weight 1. Instructions are
counted by cachegrind (Q and 2Q builds, the difference over Q); the
milliseconds are this machine's ($(nproc) CPUs, $(uname -m)), for
comparison with the Maglev paper's 1.8 ms for 65537 slots and 1000
servers. "Moved" counts the slots that change server when 1% of the
servers (every hundredth) are deleted and the table rebuilt; the servers
deleted held "must move" of them.

| slots M | servers N | instructions per build | ms per build | slots per server, max / avg | imbalance | moved at 1% deleted | must move |
|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
: >"$out/maglev.dat"
for m in 4093 16381 65537; do
	for n in 100 1000; do
		read -r _ _ max avg imb moved minimum <<<"$("$bin" stats $m $n)"
		q=2
		a=$(irefs $m $n $q)
		b=$(irefs $m $n $((2 * q)))
		ins=$(((b - a) / q))
		ns=$("$bin" time $m $n 50)
		ms=$(printf %.3f "$(echo "scale=6; $ns / 1000000" | bc)")
		echo "| $m | $n | $ins | $ms | $max / $avg | $imb% | $moved | $minimum |"
		echo "$m $n $ins $imb $moved $minimum" >>"$out/maglev.dat"
	done
done

if command -v gnuplot >/dev/null; then
	gnuplot <<-EOF
		set terminal pngcairo size 720,400 noenhanced
		set output "$out/maglev.png"
		set title "mh: instructions per table build"
		set xlabel "table slots M"
		set ylabel "million instructions"
		set logscale x
		set key top left
		set grid
		plot "< awk '\$2 == 100' $out/maglev.dat" using 1:(\$3/1e6) with linespoints title "100 servers", \
		     "< awk '\$2 == 1000' $out/maglev.dat" using 1:(\$3/1e6) with linespoints title "1000 servers"
	EOF
	printf '\n![mh build instructions](maglev.png)\n'
fi
echo
