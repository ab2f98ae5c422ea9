#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Round robin over three backends, TCP and UDP: each backend gets exactly
# a third of the new connections (flows); counters and rates see them,
# and -Z zeroes them.
source "$(dirname "$0")/../lib.sh"
run_once without "a scheduler's choice does not depend on it (forwarding covers the stateful firewall)"

rr_director

out=$(in_c "$TRAFFIC" count tcp $VIP:80 300)
expect_counts "$out" "b1 100" "b2 100" "b3 100"
out=$(in_c "$TRAFFIC" count udp $VIP:53 300)
expect_counts "$out" "b1 100" "b2 100" "b3 100"

lbadm -Ln --stats
conns=$(lbadm -Ln --stats --exact | awk '$1 == "TCP" { print $3 }')
[[ $conns == 300 ]] || fail "TCP service counted $conns connections, not 300"

# --rate: the estimator (a tick every 2 s) sees the connections and
# packets just made, at the service and at each real server.
rates_seen() {
	lbadm -Ln --rate --exact | awk '
		$1 == "TCP" { svc = ($3 > 0 && $4 > 0 && $5 > 0) }
		$1 == "->" && $2 ~ /:80$/ { n += ($3 > 0 && $4 > 0) }
		END { exit !(svc && n == 3) }'
}
wait_for "rates of the TCP service and its three servers" rates_seen
lbadm -Ln --rate
lbadm -Ln --json | python3 -c '
import json, sys
s = [x for x in json.load(sys.stdin)["services"] if x["protocol"] == "tcp"][0]
assert s["rates"]["cps"] > 0 and s["rates"]["inbps"] > 0, s["rates"]
' || fail "--json has no rates"

# -Z zeroes one service's counters (and its servers'), then all.
step lbadm -Z -t $VIP:80
[[ $(lbadm -Ln --stats --exact | awk '$1 == "TCP" || ($1 == "->" && $2 ~ /:80$/) { print $3, $4, $5 }' | sort -u) == "0 0 0" ]] ||
	fail "-Z -t left counters of the TCP service: $(lbadm -Ln --stats --exact)"
[[ $(lbadm -Ln --stats --exact | awk '$1 == "UDP" { print $3 }') == 300 ]] ||
	fail "-Z -t zeroed the UDP service too"
step lbadm -Z
[[ $(lbadm -Ln --stats --exact | awk '$1 == "UDP" || ($1 == "->" && $2 ~ /:[0-9]+$/) { print $3, $4 }' | sort -u) == "0 0" ]] ||
	fail "-Z left counters: $(lbadm -Ln --stats --exact)"
echo "  -Z zeroed the TCP service, then every counter"

step lbadm -C
cleanup
unload_module
kernel_clean
