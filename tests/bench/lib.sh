# SPDX-License-Identifier: GPL-2.0
# Source it (after tests/vm/lib.sh): what the kernel benchmarks share.

# out TEXT: a line of the Markdown the benchmark contributes.
out() { echo "BENCH| $*"; }

# kernel_ticks: system + irq + softirq time of all CPUs, in USER_HZ ticks.
kernel_ticks() { awk '/^cpu / { print $4 + $7 + $8 }' /proc/stat; }

# busy_ticks: all CPU time but idle and I/O wait, in USER_HZ ticks. Under
# qemu -icount with sleep=off, guest time jumps ahead while the guest
# idles (waiting for a file over virtio-9p, say), so a command's elapsed
# time is not what it cost; its CPU time is.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
TICK_MS=$((1000 / $(getconf CLK_TCK)))

# used_kb: memory in use, page cache and buffers aside.
used_kb() {
	awk '/^MemTotal:/ { t = $2 } /^MemFree:/ { f = $2 } /^Buffers:/ { b = $2 }
		/^Cached:/ { c = $2 } END { print t - f - b - c }' /proc/meminfo
}

# kernel_kb: what the kernel's objects take: slab caches and vmalloc
# (large hash tables). Unlike used_kb, the pages that processes, page
# tables and per-CPU free lists hold or let go of do not move it.
kernel_kb() {
	awk '/^Slab:/ { s = $2 } /^VmallocUsed:/ { v = $2 } END { print s + v }' /proc/meminfo
}

# slab_cache_kb CACHE: the pages of one slab cache (SLUB's sysfs; a merged
# cache shows the pages of all that share it), or nothing.
slab_cache_kb() {
	local d=/sys/kernel/slab/$1
	[[ -r $d/slabs && -r $d/order ]] || return 0
	echo $(($(cut -d' ' -f1 "$d/slabs") * (4 << $(cat "$d/order"))))
}

# settle: wait (at most 30 s) until used memory holds still: a namespace
# deleted before frees its objects in the background, and would be
# measured with what comes next.
settle() {
	local i a b
	b=$(used_kb)
	for ((i = 0; i < 30; i++)); do
		sleep 1
		a=$b
		b=$(used_kb)
		((a - b < 1024 && b - a < 1024)) && return
	done
}

# ratio A B [DIGITS]: A / B (B under 1 counts as 1), DIGITS decimals
# (default 2).
ratio() {
	local b=$2
	(($(echo "$b < 1" | bc))) && b=1
	printf "%.${3:-2}f" "$(echo "scale=4; $1 / $b" | bc)"
}

# goal CONDITION: "met" or "missed", as bc finds CONDITION ("$x >= 10").
goal() { if (($(echo "$1" | bc))); then echo met; else echo missed; fi; }
