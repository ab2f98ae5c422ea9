#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Weighted round robin 3:1:1 gives exactly 300/100/100 of 500 connections.
source "$(dirname "$0")/../lib.sh"
run_once without "a scheduler's choice does not depend on it (forwarding covers the stateful firewall)"

load_module
topology
start_backends tcp 80

step lbadm -A -t $VIP:80 -s wrr
step lbadm -a -t $VIP:80 -r "${BADDR[0]}:80" -m -w 3
step lbadm -a -t $VIP:80 -r "${BADDR[1]}:80" -m -w 1
step lbadm -a -t $VIP:80 -r "${BADDR[2]}:80" -m -w 1

out=$(in_c "$TRAFFIC" count tcp $VIP:80 500)
expect_counts "$out" "b1 300" "b2 100" "b3 100"

step lbadm -C
cleanup
unload_module
kernel_clean
