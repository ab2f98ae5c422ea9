#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# docs/benchmarks.md and its plots (docs/*.png) from what a run of
# tests/bench/run.sh left in build/bench: the kernel benchmarks' console
# log (vm.log), the user-space sections (maglev.md, sched.md) and how the
# kernel figures were measured (method.txt). run.sh ends with it; run it
# alone to lay out a run's figures again.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
out=${BENCH_OUT:-build/bench}
mkdir -p docs
all="connrate control established lookup"
[[ -r $out/vm.log && -r $out/method.txt ]] ||
	{ echo "report.sh: no run in $out (vm.log, method.txt)" >&2; exit 1; }

# Each benchmark's Markdown, in the order of $all.
rm -f "$out"/kernel-*.md
# A boot's first line may follow the firmware's output on the same line.
# A section measured again replaces the one before (a file opened anew
# with ">" starts empty); kernel-NAME.commit names the commit measured.
rm -f "$out"/kernel-*.commit
tr -d '\r' <"$out/vm.log" | awk -v dir="$out" '
	/BENCHSTART\| / {
		sub(/.*BENCHSTART\| /, "")
		if (file)
			close(file)
		file = dir "/kernel-" $1 ".md"
		commit = dir "/kernel-" $1 ".commit"
		printf "%s\n", $2 >commit
		close(commit)
		printf "" >file
		next
	}
	/^BENCH\| ?/ && file {
		sub(/^BENCH\| ?/, "")
		# What the module says as it unloads is for the console log.
		if ($0 !~ /^ *\[ *[0-9]+\.[0-9]+\] nflb: /)
			print >file
	}'
for bench in $all; do
	cat "$out/kernel-$bench.md" 2>/dev/null || true
done >"$out/kernel.md"
tr -d '\r' <"$out/vm.log" | sed -n 's/^BENCHDAT| connrate //p' >"$out/connrate.dat"

# table FILE HEADING: the rows of the Markdown table whose heading row
# starts with HEADING, cells split by blanks ("-" where none).
table() {
	awk -v head="$2" '
		index($0, head) == 1 { on = 1; getline; next }
		on && !/^\|/ { exit }
		on { gsub(/^\| *| *\|$/, ""); gsub(/ *\| */, " "); print }' "$1" 2>/dev/null || true
}
table "$out/kernel-control.md" "| S services |" >"$out/control.dat"
table "$out/kernel-established.md" "| C connections |" >"$out/established.dat"

plot() {
	command -v gnuplot >/dev/null || return 0
	gnuplot <<-PLOT
		set terminal pngcairo size 720,420 noenhanced
		set datafile missing "-"
		set logscale x
		set key outside right
		set grid
		$1
	PLOT
}
if [[ -s $out/connrate.dat ]]; then
	plot "set output '$out/connrate.png'
		set title 'New TCP connections per second through one VIP'
		set xlabel 'services in the table'
		set ylabel 'connections per second (10^9 instructions)'
		set yrange [0:*]
		plot for [e in 'nflb ipvs iptables nft'] \
			\"< awk '\$2 == \\\"\".e.\"\\\"' $out/connrate.dat\" using 1:3 with linespoints title e"
fi
if [[ -s $out/control.dat ]]; then
	plot "set output '$out/control.png'
		set title 'Loading S services of 10 real servers each'
		set xlabel 'services'
		set ylabel 'CPU seconds (10^9 instructions)'
		set logscale y
		set key inside top left
		set xrange [500:200000]
		set format x '%.0f'
		plot '$out/control.dat' using 1:(\$2/1000) with linespoints title 'lbadm -R', \
			'' using 1:(\$3/1000) with linespoints title 'ipvsadm -R', \
			'' using 1:(\$4/1000) with linespoints title 'iptables-legacy-restore', \
			'' using 1:(\$5/1000) with linespoints title 'iptables-nft-restore', \
			'' using 1:(\$6/1000) with linespoints title 'nft -f'"
fi
if [[ -s $out/established.dat ]]; then
	plot "set output '$out/established.png'
		set title 'One established UDP flow with C other connections'
		set xlabel 'connections in the table'
		set ylabel 'kernel ns per datagram'
		set yrange [0:*]
		set key inside bottom right
		set xrange [500:2000000]
		set format x '%.0f'
		plot '$out/established.dat' using 1:2 with linespoints title 'nflb', \
			'' using 1:3 with linespoints title 'IPVS', \
			'' using 1:4 with linespoints title 'IPVS, conn_tab_bits=20', \
			'' using 1:5 with linespoints title 'conntrack alone'"
fi

# goals: the issue's goals as one table, from the figures above.
goals() {
	awk -v connrate="$out/connrate.dat" -v control="$out/control.dat" \
		-v established="$out/established.dat" '
	# A row of the table; higher: the goal is a floor, else a ceiling.
	function row(what, target, value, higher, unit,   short, verdict) {
		short = higher ? target - value : value - target
		verdict = "met"
		if (short > 0)
			verdict = sprintf("missed by %g%s (%.0f%%)", short, unit, 100 * short / target)
		printf "| %s | %s %s%s | %s%s | %s |\n", what, (higher ? ">=" : "<="),
			target, unit, value, unit, verdict
	}
	BEGIN {
		while ((getline < connrate) > 0)
			rate[$1, $2] = $3
		while ((getline < control) > 0)
			load[$1] = $2 " " $3
		while ((getline < established) > 0) {
			ns[$1] = $2; bytes[$1] = $6; last = $1
			if (first == "")
				first = $1
		}
		worst = ""
		for (k in rate) {
			split(k, nk, SUBSEP)
			if (nk[2] != "nflb" || !rate[nk[1], "ipvs"])
				continue
			r = rate[k] / rate[nk[1], "ipvs"]
			if (worst == "" || r < worst)
				worst = r
			if (nmin == "" || nk[1] + 0 < nmin)
				nmin = nk[1] + 0
			if (nk[1] + 0 > nmax)
				nmax = nk[1] + 0
		}
		print "| goal | target | measured | |"
		print "|---|---:|---:|---|"
		if (worst != "")
			row("new connections, nflb / IPVS at every N (the lowest)", 1,
				sprintf("%.2f", worst), 1, "")
		if (rate[nmin, "nflb"])
			row(sprintf("new connections, nflb(%d services) / nflb(%d)", nmax, nmin),
				0.95, sprintf("%.2f", rate[nmax, "nflb"] / rate[nmin, "nflb"]), 1, "")
		if (rate[10000, "iptables"])
			row("new connections at 10000 services, nflb / iptables DNAT", 5,
				sprintf("%.2f", rate[10000, "nflb"] / rate[10000, "iptables"]), 1, "x")
		if (ns[first] && ns[last])
			row(sprintf("established packets, nflb(%d conns) / nflb(%d conns)", last, first),
				0.9, sprintf("%.2f", ns[first] / ns[last]), 1, "")
		split(load[10000], l)
		if (l[1] && l[2])
			row("loading 10000 services, ipvsadm -R / lbadm -R", 10,
				sprintf("%.1f", l[2] / l[1]), 1, "x")
		if (bytes[last] != "" && bytes[last] != "-")
			row(sprintf("kernel memory per connection (%d conns)", last), 128,
				bytes[last], 0, " B")
	}'
}

# commits: which commit each kernel benchmark measured (the user-space
# ones measure the commit that writes the doc).
commits() {
	local bench c here list=()
	here=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
	git diff --quiet HEAD -- . ':!docs' 2>/dev/null || here+="+changes"
	declare -A of
	for bench in $all; do
		[[ -s $out/kernel-$bench.md ]] || continue
		c=$(cat "$out/kernel-$bench.commit" 2>/dev/null)
		of[${c:-unknown}]+="${of[${c:-unknown}]:+, }$bench"
	done
	for c in "${!of[@]}"; do list+=("$c (${of[$c]})"); done
	echo "Kernel benchmarks measured commit $(printf '%s and ' "${list[@]}" |
		sed 's/ and $//'); the user-space ones $here."
}

# Each plot below its section's first table.
picture() { [[ -s $out/$1.png ]] && printf '![%s](%s.png)\n' "$2" "$1"; true; }
{
	cat <<-EOF
		# nflb benchmarks

		Written by \`make bench\` (tests/bench/run.sh). Each figure is set next
		to its peers measured in the same run: nflb and IPVS (and iptables,
		nftables) in the same boot, on the same topology of network namespaces.
		Kernel figures were measured $(cat "$out/method.txt").
		The load generators are the C programs in \`tests/bench/\` and
		\`tests/tools/\`. $(commits)

		## Goals

		The goals nflb is measured against, from the figures below.

		$(goals)

	EOF
	awk -v control="$(picture control 'load time')" \
		-v established="$(picture established 'kernel ns per datagram')" '
		/^## / { section = $0 }
		{ print }
		/^\|/ { intable = 1; next }
		intable && section ~ /^## Control/ && control != "" { print control; print ""; control = "" }
		intable && section ~ /^## Established/ && established != "" { print established; print ""; established = "" }
		{ intable = 0 }' "$out/kernel.md"
	cat "$out/maglev.md" "$out/sched.md" 2>/dev/null
	cat <<-EOF
		## Not measured yet

		The per-rule cost of linear filter chains (0 to 10,000 rules that do
		not match, next to iptables-legacy and iptables-nft) waits for nflb's
		filter chains, which do not exist yet.
	EOF
} >docs/benchmarks.md
rm -f docs/*.png
cp "$out"/*.png docs/ 2>/dev/null || true
echo "== docs/benchmarks.md written"
