#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A SYN flood from spoofed sources against a director at its connection
# limit (conn_max, 3000 here): connections that were never answered make
# room for new ones, as conntrack's early drop does, so that a held
# connection keeps working and new connections of real clients are made
# throughout; what is counted never passes the limit. The same flood
# against a persistent service, from 60,000 client addresses, leaves at
# most conn_max persistence templates, and none for the flows refused.
#
#   client 10.0.0.2 (real) + 10.8.0.0/16 (spoofed) --- director --- b1 b2 b3
source "$(dirname "$0")/../lib.sh"

run_once without "the table's limit does not depend on conntrack"
one_kernel "early drop is the module's own logic"
PARAM=/sys/module/nflb/parameters/conn_max
FLOOD=$TOP/build/lbflood
MAX=3000

load_module
topology
start_backends tcp 80
for a in "${BADDR[@]}"; do
	ip netns exec "${B[${a##*.} - 11]}" sysctl -qw net.ipv4.tcp_syncookies=1
done
step lbadm -A -t $VIP:80 -s rr
step lbadm -A -t $VIP:443 -s rr -p 300
for a in "${BADDR[@]}"; do
	step lbadm -a -t $VIP:80 -r "$a:80" -m
	step lbadm -a -t $VIP:443 -r "$a:80" -m
done
echo $MAX >$PARAM
trap 'echo 1048576 >$PARAM; cleanup' EXIT

templates() {
	lbadm -Lnc --json | python3 -c '
import json, sys
print(sum(c["template"] for c in json.load(sys.stdin)["connections"]))'
}

# flood PORT FLOWS: spoofed SYNs of FLOWS flows to the VIP, from
# 10.8.0.1 on (60,000 addresses), until stopped; at a low priority, so
# that the real clients' handshakes are not held up by the emulated
# CPU's load (a held connection's exchange must not wait 3 s).
flood() {
	while :; do
		in_c env LBFLOOD_PROTO=tcp nice -n 19 "$FLOOD" 10.8.0.1/60000 \
			"$VIP:$1" "$2" >/dev/null || return
	done
}

log=$(mktemp)
in_c "$TRAFFIC" hold $VIP:80 30 >"$log" 2>&1 &
hold=$!
PIDS+=($hold)
wait_for "the held connection" grep -q connected "$log"

echo "  + spoofed SYNs to :80 and :443 while real clients connect"
floods=()
flood 80 20000 &
floods+=($!)
flood 443 20000 &
floods+=($!)
PIDS+=("${floods[@]}")
full() { (($(info connections) >= MAX - 10)); }
wait_for "a full table" full
for round in 1 2 3; do
	for port in 80 443; do
		out=$(in_c "$TRAFFIC" count tcp $VIP:$port 10 || true)
		grep -q '^failed' <<<"$out" &&
			fail "round $round, :$port: real clients refused during the flood: $(tr '\n' ' ' <<<"$out")"
	done
	n=$(info connections)
	t=$(templates)
	echo "  round $round: 20 real connections made; $n connections, $t templates, $(info 'connections refused at the limit') refused"
	((n <= MAX + 10)) || fail "$n connections, over the limit of $MAX"
	((t <= MAX + 10)) || fail "$t persistence templates, over the limit of $MAX"
done
kill "${floods[@]}" 2>/dev/null || true
wait "$hold" || fail "the held connection broke during the flood: $(cat "$log")"
echo "  the held connection lasted; refused at the limit: $(info 'connections refused at the limit')"
rm -f "$log"

echo 1048576 >$PARAM
trap cleanup EXIT
step lbadm -C
cleanup
unload_module
kernel_clean
