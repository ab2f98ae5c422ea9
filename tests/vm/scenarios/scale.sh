#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The service and connection tables grow with what they hold (at most 3/4
# full), so a lookup walks a short chain whether there are 10 entries or
# 100,000; IPVS's stay at 256 service and 4096 connection buckets.
# - 100,000 services, loaded by one lbadm -R batch (its time is printed):
#   all of them listed, the first and the last answer, and the service
#   table has a bucket per service or more; emptied, it shrinks back.
# - 100,000 UDP flows (lbflood, raw datagrams from 3 addresses x 33,334
#   ports): a connection each, and a bucket per connection or more; idle,
#   they all leave after their UDP timeout.
# NFLB_SCALE sets both counts (a client address per 50,000 flows).
# Lookup times next to IPVS's are the benchmarks' to measure.
source "$(dirname "$0")/../lib.sh"

run_once without "the tables' growth does not depend on it"

N=${NFLB_SCALE:-100000} # NFLB_SCALE=1000000 for a million (and 1 GB)
FLOOD=$TOP/build/lbflood

NSRC=$((N / 50000 + 1))
# Seconds: longer than the flood takes (NFLB_SCALE_TIMEOUT sets it).
UDP_TIMEOUT=${NFLB_SCALE_TIMEOUT:-$((20 + N / 10000))}

load_module
topology
client_sources $NSRC
start_backends udp 53

# buckets services|connections: that count and its table's buckets.
buckets() {
	lbadm --info --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d[sys.argv[1]], d["buckets"][sys.argv[1]])' "$1"
}

# Service i: 10.100.0.0 + i, UDP :53.
svc_addr() { echo "10.$((100 + $1 / 65536)).$(($1 / 256 % 256)).$(($1 % 256))"; }

echo "  empty: services and buckets: $(buckets services)"
batch=$(mktemp)
python3 - "$N" >"$batch" <<-'EOF'
	import sys
	n = int(sys.argv[1])
	for i in range(n):
	    a = "10.%d.%d.%d" % (100 + i // 65536, i // 256 % 256, i % 256)
	    print("-A -u %s:53 -s rr" % a)
	    if i in (0, n - 1):
	        print("-a -u %s:53 -r 10.0.1.11:53 -m" % a)
EOF
start=$(date +%s%N)
lbadm -R <"$batch"
echo "  lbadm -R of $N services: $((($(date +%s%N) - start) / 1000000)) ms"
rm -f "$batch"
read -r n b <<<"$(buckets services)"
echo "  $n services, $b buckets"
((n == N)) || fail "$n services loaded, not $N"
((b >= N)) || fail "$b buckets for $N services"
listed=$(lbadm -Ln | grep -c '^UDP')
((listed == N)) || fail "-Ln listed $listed services"
for i in 0 $((N - 1)); do
	out=$(in_c "$TRAFFIC" probe udp "$(svc_addr $i):53")
	[[ $out == "answered b1" ]] || fail "service $(svc_addr $i): $out"
	echo "  service $(svc_addr $i):53 $out"
done
lbadm -C
shrunk() { read -r n b <<<"$(buckets services)" && ((b < 1024)); }
wait_for "the service table to shrink" shrunk
echo "  emptied: services and buckets: $(buckets services)"

lbadm -A -u $VIP:9 -s rr
for a in "${BADDR[@]}"; do lbadm -a -u $VIP:9 -r "$a:9" -m; done
lbadm --set 0 0 $UDP_TIMEOUT
read -r before b <<<"$(buckets connections)"
echo "  before: connections and buckets: $before $b"
in_c "$FLOOD" 10.0.2.1/$NSRC $VIP:9 $N
sleep 1
read -r n b <<<"$(buckets connections)"
made=$(lbadm -Ln --stats --exact | awk -v s=$VIP:9 '$1 == "UDP" && $2 == s { print $3 }')
echo "  after $N flows: $made connections made, $n in the table, $b buckets"
# A datagram lost on the way (a full backlog) makes no connection; the
# first flows of a long flood may have left already.
((made >= N * 9 / 10)) || fail "$made connections for $N flows"
((b >= n)) || fail "$b buckets for $n connections"

# The idle flows leave after their timeout, however large the table: the
# collector visits up to 262,144 table nodes (two a flow) a second. (The
# probes' connections from before stay for the default timeout.)
start=$(date +%s)
limit=$((UDP_TIMEOUT + 2 * N / 262144 + 10))
while read -r n b <<<"$(buckets connections)" && ((n > before)); do
	(($(date +%s) - start < limit)) || fail "$((n - before)) flows left after $limit s"
	sleep 1
done
echo "  every idle flow left within $(($(date +%s) - start)) s"

cleanup
unload_module
kernel_clean
