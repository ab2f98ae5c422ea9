#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A long-lived connection survives its backend being drained (weight 0)
# and then deleted; new connections go to the others meanwhile.
source "$(dirname "$0")/../lib.sh"

load_module
topology
start_backends tcp 80

step lbadm -A -t $VIP:80 -s rr
step lbadm -a -t $VIP:80 -r "${BADDR[0]}:80" -m

hold_out=$(mktemp)
in_c "$TRAFFIC" hold $VIP:80 6 >"$hold_out" 2>&1 &
hold=$!
wait_for "the long-lived connection" grep -q connected "$hold_out"

step lbadm -a -t $VIP:80 -r "${BADDR[1]}:80" -m
step lbadm -a -t $VIP:80 -r "${BADDR[2]}:80" -m
step lbadm -e -t $VIP:80 -r "${BADDR[0]}:80" -m -w 0
out=$(in_c "$TRAFFIC" count tcp $VIP:80 20)
expect_counts "$out" "b2 10" "b3 10"
lbadm -Ln
active=$(lbadm -Ln | awk -v b="${BADDR[0]}:80" '$2 == b { print $5 }')
[[ $active == 1 ]] || fail "drained backend shows $active active connections, not 1"

step lbadm -d -t $VIP:80 -r "${BADDR[0]}:80"
out=$(in_c "$TRAFFIC" count tcp $VIP:80 20)
expect_counts "$out" "b2 10" "b3 10"

wait "$hold" || fail "the long-lived connection broke: $(cat "$hold_out")"
grep -q "held 60 exchanges" "$hold_out" || fail "$(cat "$hold_out")"
rm -f "$hold_out"

step lbadm -C
cleanup
unload_module
kernel_clean
