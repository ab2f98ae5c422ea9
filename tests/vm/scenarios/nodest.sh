#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A deleted real server's flows. UDP: the flow's next datagram is scheduled
# to a remaining server at once (IPVS, by default, keeps sending it to the
# deleted one: a black hole). TCP: the connection finishes where it is,
# unless expire_nodest_conn is set, which ends it at its next packet.
source "$(dirname "$0")/../lib.sh"

PARAM=/sys/module/nflb/parameters/expire_nodest_conn

rr_director 2

# One UDP flow, always from port 30000.
flow() { in_c env LBTRAFFIC_UDP_PORT=30000 "$TRAFFIC" count udp $VIP:53 1 || true; }
first=$(flow)
[[ $first =~ ^(b[12])\ 1$ ]] || fail "first datagram answered '$first'"
b=${BASH_REMATCH[1]}
[[ $(flow) == "$b 1" ]] || fail "the flow left $b while it was configured"
step lbadm -d -u $VIP:53 -r "${BADDR[${b#b} - 1]}:53"
other=b1
[[ $b == b1 ]] && other=b2
out=$(flow)
[[ $out == "$other 1" ]] || fail "after deleting $b the flow got '$out', not $other"
echo "  the flow moved from $b to $other"

# TCP with expire_nodest_conn: the held connection ends when its server goes.
[[ $(cat $PARAM) == N ]] || fail "expire_nodest_conn is not off by default"
echo 1 >$PARAM
log=$(mktemp)
in_c "$TRAFFIC" hold $VIP:80 4 >"$log" 2>&1 &
hold=$!
wait_for "the held connection" grep -q connected "$log"
conns=$(lbadm -Ln | awk '/-> 10.0.1.1[12]:80/ && $5 == 1 { print $2 }')
[[ -n $conns ]] || fail "no active TCP connection listed"
step lbadm -d -t $VIP:80 -r "$conns"
if wait $hold; then
	fail "the connection outlived its deleted server with expire_nodest_conn=1"
fi
echo "  the connection to the deleted $conns ended"
echo 0 >$PARAM
rm -f "$log"

step lbadm -C
cleanup
unload_module
kernel_clean
