#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nflb's schedulers pick the same real server as IPVS's for the same
# client sequence (tests/vm/parity.sh): the ones that do not weigh load.
# sched-parity-load.sh has those that do.
source "$(dirname "$0")/../lib.sh"

# Once is enough: a scheduler's choice does not depend on conntrack
# (forwarding, icmp and the others cover a stateful firewall).
run_once without "a scheduler's choice does not depend on conntrack"
one_kernel "the picks are the module's own code"
source "$(dirname "$0")/../parity.sh"

same tcp rr "" 30 0 1
same tcp wrr "" 36 0 1
same udp sh "" 64 1 1
same udp sh sh-port 120 0 1
same udp mh "" 64 1 1
same udp mh mh-port 120 0 1
same udp dh "" 1 0 8
same tcp wlc "" 36 0 1

FAMILY=6
same tcp rr "" 30 0 1
same udp sh "" 64 1 1
same udp sh sh-port 120 0 1
same udp mh "" 64 1 1
same udp dh "" 1 0 8

cleanup
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
kernel_clean
