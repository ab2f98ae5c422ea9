#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nflb's schedulers that weigh load, or remember a server per destination
# address, pick the same real server as IPVS's for the same client
# sequence (tests/vm/parity.sh); twos, which draws at random, loads the
# servers by weight.
source "$(dirname "$0")/../lib.sh"

# Once is enough: a scheduler's choice does not depend on conntrack
# (forwarding, icmp and the others cover a stateful firewall).
run_once without "a scheduler's choice does not depend on conntrack"
one_kernel "the picks are the module's own code"
source "$(dirname "$0")/../parity.sh"

# twos draws at random: no sequence to compare, but each engine must
# answer every held connection and load the servers by weight (1:2:3).
twos_spread() {
	local seq n1 n2 n3
	seq=$(run_case "$1" tcp-held twos "" 36 0 1 | tr -d '\n')
	[[ $seq != *-* ]] || fail "$1 twos left connections unanswered: $seq"
	n1=$(grep -o b1 <<<"$seq" | wc -l)
	n2=$(grep -o b2 <<<"$seq" | wc -l)
	n3=$(grep -o b3 <<<"$seq" | wc -l)
	echo "    $1 twos: b1 $n1, b2 $n2, b3 $n3"
	((n1 + n2 + n3 == 36 && n1 > 0 && n1 < n3)) ||
		fail "$1 twos spread $n1/$n2/$n3 is not by weight 1:2:3"
}

# The schedulers that weigh active connections, over held ones (closed
# ones only count as inactive: the same for all of these).
same tcp-held lc "" 24 0 1
same tcp-held sed "" 24 0 1
same tcp-held nq "" 24 0 1
same tcp-held fo "" 12 0 1
same tcp-held ovf "" 9 0 1

echo "  + tcp-held twos 36"
# IPVS has twos from Linux 6.7 on.
if modprobe -q ip_vs_twos; then
	twos_spread ipvsadm
else
	echo "    (this kernel's IPVS has no twos)"
fi
twos_spread "$LBADM"
# lblc and lblcr remember a real server per destination address: one
# firewall-mark service over 8 VIPs, 3 flows to each in turn.
same udp lblc "" 3 0 8 1
same udp lblcr "" 3 0 8 1
same tcp lblc "" 3 0 8 1

cleanup
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
kernel_clean
