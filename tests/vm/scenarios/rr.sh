#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Round robin over three backends, TCP and UDP: each backend gets exactly
# a third of the new connections (flows).
source "$(dirname "$0")/../lib.sh"

rr_director

out=$(in_c "$TRAFFIC" count tcp $VIP:80 300)
expect_counts "$out" "b1 100" "b2 100" "b3 100"
out=$(in_c "$TRAFFIC" count udp $VIP:53 300)
expect_counts "$out" "b1 100" "b2 100" "b3 100"

lbadm -Ln --stats
conns=$(lbadm -Ln --stats --exact | awk '$1 == "TCP" { print $3 }')
[[ $conns == 300 ]] || fail "TCP service counted $conns connections, not 300"

step lbadm -C
cleanup
unload_module
kernel_clean
