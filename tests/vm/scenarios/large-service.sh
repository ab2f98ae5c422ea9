#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A service of 400 real servers: its destination set (32 bytes a server)
# outgrows two pages, which must neither warn (an allocation of that
# size that is told it must not fail does, on 6.1) nor stall when a
# removal rebuilds it. Three of them answer; the others, weight 0, only
# take room. Removals and edits keep the three answering.
source "$(dirname "$0")/../lib.sh"

run_once without "the destination set does not depend on conntrack"

load_module
topology
start_backends tcp 80
{
	echo "-A -t $VIP:80 -s wrr"
	for ((i = 0; i < 397; i++)); do
		echo "-a -t $VIP:80 -r 10.0.3.$((i / 200 + 1)):$((1000 + i % 200)) -m -w 0"
	done
	for a in "${BADDR[@]}"; do
		echo "-a -t $VIP:80 -r $a:80 -m"
	done
} | lbadm -R
[[ $(lbadm -Ln | grep -c -- '->.*Masq') == 400 ]] || fail "400 real servers were not all added"
expect_counts "$(in_c "$TRAFFIC" count tcp $VIP:80 6)" "b1 2" "b2 2" "b3 2"

# Removals, one by one and in a batch, and an edit, rebuild the set.
step lbadm -d -t $VIP:80 -r 10.0.3.1:1000
{
	for ((i = 1; i < 100; i++)); do
		echo "-d -t $VIP:80 -r 10.0.3.1:$((1000 + i))"
	done
	echo "-e -t $VIP:80 -r ${BADDR[2]}:80 -m -w 2"
} | lbadm -R
step lbadm -d -t $VIP:80 -r "${BADDR[0]}:80"
[[ $(lbadm -Ln | grep -c -- '->.*Masq') == 299 ]] || fail "299 real servers should be left"
expect_counts "$(in_c "$TRAFFIC" count tcp $VIP:80 6)" "b2 2" "b3 4"

step lbadm -C
cleanup
unload_module
kernel_clean
