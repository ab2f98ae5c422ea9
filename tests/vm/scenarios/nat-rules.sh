#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iptables NAT rules on the director beside nflb (they bring conntrack
# and nf_nat along):
# - a DNAT rule for another port (:8080 -> b3:80) keeps working;
# - a MASQUERADE rule toward the real servers turns nflb's NAT into a
#   full NAT done by iptables: the real servers see the director's
#   address, and the replies come back to the client from the VIP;
# - TCP and UDP services stay in rr order with every request answered.
source "$(dirname "$0")/../lib.sh"

rr_director
in_d iptables -t nat -A PREROUTING -d $VIP -p tcp --dport 8080 \
	-j DNAT --to-destination ${BADDR[2]}:80
step lbadm -Ln

out=$(in_c "$TRAFFIC" count tcp $VIP:80 30)
expect_counts "$out" "b1 10" "b2 10" "b3 10"
out=$(in_c "$TRAFFIC" count udp $VIP:53 30)
expect_counts "$out" "b1 10" "b2 10" "b3 10"
out=$(in_c "$TRAFFIC" count tcp $VIP:8080 3)
expect_counts "$out" "b3 3"
echo "  rr and the DNAT rule side by side: answered"

# The real servers see the director (10.0.1.1) once iptables masquerades
# what nflb sends them.
in_d iptables -t nat -A POSTROUTING -o br0 -j MASQUERADE
for i in 0 1 2; do
	ip netns exec "${B[$i]}" env LBTRAFFIC_PEER=1 "$TRAFFIC" serve tcp 81 \
		"b$((i + 1))" &
	PIDS+=($!)
	lbadm -a -t $VIP:80 -r "${BADDR[$i]}:81" -m
	lbadm -d -t $VIP:80 -r "${BADDR[$i]}:80"
done
sleep 0.3
out=$(in_c "$TRAFFIC" count tcp $VIP:80 30)
expect_counts "$out" "b1@10.0.1.1 10" "b2@10.0.1.1 10" "b3@10.0.1.1 10"
out=$(in_c "$TRAFFIC" count udp $VIP:53 30)
expect_counts "$out" "b1 10" "b2 10" "b3 10"
echo "  behind MASQUERADE: the real servers see 10.0.1.1, the client the VIP"

cleanup
unload_module
kernel_clean
