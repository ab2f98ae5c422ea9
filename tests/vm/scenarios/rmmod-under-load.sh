#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unloading the module while connections flow: no oops, and every object
# created is freed.
source "$(dirname "$0")/../lib.sh"

rr_director

for i in 1 2 3; do
	in_c "$TRAFFIC" count tcp $VIP:80 2000 >/dev/null 2>&1 &
	PIDS+=($!)
	in_c env LBTRAFFIC_UDP_PORT=$((20000 + i * 5000)) \
		"$TRAFFIC" count udp $VIP:53 2000 >/dev/null 2>&1 &
	PIDS+=($!)
done
in_c "$TRAFFIC" hold $VIP:80 30 >/dev/null 2>&1 &
PIDS+=($!)
wait_for "connections in the table" bash -c "[[ \$(ip netns exec $D $LBADM -Ln --stats --exact | awk '\$1 == \"TCP\" { print \$3 }') -gt 50 ]]"
lbadm -Ln --stats

# The services stay configured: the module tears everything down itself.
step unload_module
cleanup
kernel_clean
