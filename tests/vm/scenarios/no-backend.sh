#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A service with no real server to take a new connection answers at once,
# as it is told (--no-backend): a TCP reset (UDP: ICMP port unreachable) by
# default, ICMP port unreachable, or nothing (IPVS's silence: the client
# waits); over IPv6 the same with ICMPv6. The client counts what reaches it
# with iptables and ip6tables.
source "$(dirname "$0")/../lib.sh"

rr_director

# What reaches the client: resets and ICMP port unreachables, counted.
in_c iptables -A INPUT -p tcp --tcp-flags RST RST -m comment --comment reset
in_c iptables -A INPUT -p icmp --icmp-type port-unreachable \
	-m comment --comment icmp
in_c ip6tables -A INPUT -p tcp --tcp-flags RST RST -m comment --comment reset
in_c ip6tables -A INPUT -p icmpv6 --icmpv6-type port-unreachable \
	-m comment --comment icmp
# counted reset|icmp [ip6tables]: how many reached the client so far.
counted() {
	in_c "${2:-iptables}" -nvxL INPUT |
		awk -v c="/* $1 */" 'index($0, c) { print $1 }'
}

# probe PROTO PORT WANT [HOST]: one new flow to HOST (default: the VIP)
# ends as WANT ("refused", "timeout").
probe() {
	local got
	got=$(in_c "$TRAFFIC" probe "$1" "${4:-$VIP}:$2")
	[[ $got == "$3"* ]] || fail "$1 to ${4:-}:$2 ended '$got', expected '$3'"
	echo "  $1 ${4:-}:$2 -> $got"
}

probe tcp 80 answered
probe udp 53 answered
for a in "${BADDR[@]}"; do
	step lbadm -e -t $VIP:80 -r "$a:80" -m -w 0
	step lbadm -e -u $VIP:53 -r "$a:53" -m -w 0
done

probe tcp 80 refused
probe udp 53 refused
[[ $(counted reset) == 1 && $(counted icmp) == 1 ]] ||
	fail "expected 1 reset and 1 ICMP, got $(counted reset) and $(counted icmp): $(in_c iptables -nvxL INPUT)"

step lbadm -E -t $VIP:80 -s rr --no-backend icmp
lbadm -Ln | grep -q "^TCP  $VIP:80 rr no-backend icmp$" || fail "listing lacks 'no-backend icmp'"
probe tcp 80 refused
[[ $(counted reset) == 1 && $(counted icmp) == 2 ]] ||
	fail "expected ICMP for TCP, got $(counted reset) resets and $(counted icmp) ICMP"

step lbadm -E -t $VIP:80 -s rr --no-backend drop
step lbadm -E -u $VIP:53 -s rr --no-backend drop
probe tcp 80 timeout
probe udp 53 timeout
[[ $(counted reset) == 1 && $(counted icmp) == 2 ]] || fail "drop answered the client"

# The same over IPv6: a TCP reset, an ICMPv6 port unreachable.
step lbadm -A -t "[$VIP6]:80" -s rr
step lbadm -A -u "[$VIP6]:53" -s rr
step lbadm -a -t "[$VIP6]:80" -r "[${BADDR6[0]}]:80" -m
step lbadm -a -u "[$VIP6]:53" -r "[${BADDR6[0]}]:53" -m
probe tcp 80 answered "[$VIP6]"
probe udp 53 answered "[$VIP6]"
step lbadm -e -t "[$VIP6]:80" -r "[${BADDR6[0]}]:80" -m -w 0
step lbadm -e -u "[$VIP6]:53" -r "[${BADDR6[0]}]:53" -m -w 0
probe tcp 80 refused "[$VIP6]"
probe udp 53 refused "[$VIP6]"
[[ $(counted reset ip6tables) == 1 && $(counted icmp ip6tables) == 1 ]] ||
	fail "IPv6: expected 1 reset and 1 ICMPv6, got $(counted reset ip6tables) and $(counted icmp ip6tables)"
# (A client whose SYN meets the error while connect() still holds the
# socket only notes it and retries a second later: one error or two.)
step lbadm -E -t "[$VIP6]:80" -s rr --no-backend icmp
probe tcp 80 refused "[$VIP6]"
[[ $(counted reset ip6tables) == 1 && $(counted icmp ip6tables) -ge 2 ]] ||
	fail "IPv6: expected ICMPv6 for TCP, got $(counted reset ip6tables) resets and $(counted icmp ip6tables) ICMPv6"

# A service with no real server at all behaves the same.
step lbadm -A -t $VIP:81 -s wlc
probe tcp 81 refused

# The connection table's limit: held connections up to it keep working,
# the ones beyond are refused and counted (established connections are
# never ended to make room; what the probes above left would be).
step lbadm -E -t $VIP:80 -s rr
step lbadm -e -t $VIP:80 -r "${BADDR[0]}:80" -m -w 1
step lbadm --flush-conn
base=$(info connections)
echo $((base + 5)) >/sys/module/nflb/parameters/conn_max
trap 'echo 1048576 >/sys/module/nflb/parameters/conn_max; cleanup' EXIT
holds=()
for i in 1 2 3 4 5; do
	in_c "$TRAFFIC" hold $VIP:80 6 >/dev/null &
	holds+=($!)
done
PIDS+=("${holds[@]}")
wait_for "5 more connections" bash -c "ip netns exec $D $LBADM --info | grep -qx 'connections: $((base + 5))'"
out=$(in_c "$TRAFFIC" count tcp $VIP:80 3 || true)
grep -qx "failed 3" <<<"$out" || fail "over the limit: $(tr '\n' ' ' <<<"$out")"
lbadm --info
lbadm --info | grep -q '^connections refused at the limit: [1-9]' || fail "refusals not counted"
for pid in "${holds[@]}"; do
	wait "$pid" || fail "a connection under the limit broke"
done
echo "  5 held connections lasted; 3 more were refused"
echo 1048576 >/sys/module/nflb/parameters/conn_max
trap cleanup EXIT

cleanup
unload_module
kernel_clean
