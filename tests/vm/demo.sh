#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: three backends behind 10.0.0.100, configured by lbd from
# conf/lbd.conf; directly where this host can load modules, else in a VM.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cc -O2 -o "$top/build/lbtraffic" "$top/tests/tools/lbtraffic.c"
source "$top/tests/vm/host.sh"
if [[ ${NFLB_IN_VM:-0} != 1 ]] && ! run_directly; then
	k=$(ls /boot/vmlinuz-* | sort -V | tail -n 1)
	exec "$top/tests/vm/vm.sh" -k "${k#/boot/vmlinuz-}" "$0"
fi
source "$top/tests/vm/lib.sh"
load_module
topology
start_backends tcp 80
start_backends udp 53
echo "== lbd applies conf/lbd.conf"
in_d "$LBD" -c "$top/conf/lbd.conf" &
PIDS+=($!)
wait_for "lbd" bash -c "ip netns exec $D $LBADM -Ln | grep -q UDP"
echo "== 500 TCP connections and 300 UDP flows from the client"
echo "-- TCP requests served per backend (weights 3:1:1):"
in_c "$TRAFFIC" count tcp $VIP:80 500
echo "-- UDP requests served per backend (rr):"
in_c "$TRAFFIC" count udp $VIP:53 300
echo "== lbadm -Ln"
lbadm -Ln
echo "== lbadm -Ln --stats"
lbadm -Ln --stats
