#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fragmented UDP through the director, IPv4 and IPv6, without conntrack:
#
#   client 10.0.0.2 --- director (VIP 10.0.0.100, VIP2 10.0.0.101) --- br
#                                                                 |  |  |
#   UDP :53 and :54 of VIP by NAT to b1, b2; :53 of VIP2 by      b1 b2 b3
#   direct routing to b3 (which owns VIP2); the same over IPv6
#   (VIP6 2001:db8::100, VIP6_2 2001:db8::101).
#
# A 2800-byte datagram (DNS with EDNS, SIP) leaves the client in
# fragments, and only the first carries the ports: the director must
# reassemble it to find the service and connection, as IPVS does with
# conntrack, and send it on in fragments again; the real servers' answers,
# as big, come back in fragments too. The director's own UDP stack must
# see none of it (without reassembly, it got the fragments). conntrack
# would reassemble by itself and hide a director that does not. The
# links behind the director take jumbo frames (the real servers' routes
# keep 1500 bytes): every datagram must still reach its real server in
# fragments no larger than it came in, as forwarding leaves them, also
# when direct routing sends it on.
#
# ICMP errors quoting a fragment: a host whose reassembly times out sends
# "time exceeded" quoting the first fragment, which has the ports. From
# the real server's side it must reach the client from the service,
# quoting client -> service; from the client's side, the real server,
# quoting real server -> client: as the quote of a whole datagram (IPv6:
# behind the fragment header). A later fragment has no ports: its error
# goes on as it is.
#
# Reassembly is on while services exist: once the last one is deleted,
# the director no longer reassembles the datagrams it forwards.
source "$(dirname "$0")/../lib.sh"
run_once without "conntrack reassembles by itself, which would hide a director that does not"

ICMP=$TOP/build/lbicmp
SIZE=2800
VIP2=10.0.0.101
VIP6_2=2001:db8::101

load_module
topology
for i in 0 1 2; do
	LBTRAFFIC_SIZE=$SIZE ip netns exec "${B[$i]}" "$TRAFFIC" serve udp 53 "b$((i + 1))" &
	PIDS+=($!)
done
# b3 answers for VIP2 (direct routing); its answers come back through
# the director, from an address the director owns.
ip netns exec "${B[2]}" ip addr add $VIP2/32 dev lo
ip netns exec "${B[2]}" ip addr add $VIP6_2/128 dev lo
in_d ip addr add $VIP2/32 dev d0
in_d ip addr add $VIP6_2/128 dev d0 nodad
in_d sysctl -qw net.ipv4.conf.all.accept_local=1 net.ipv4.conf.all.rp_filter=0 \
	net.ipv4.conf.br0.rp_filter=0
for i in 0 1 2; do
	in_d ip link set "b$i" mtu 9000
	ip netns exec "${B[$i]}" ip -batch - <<-EOF
		link set b0 mtu 9000
		route replace default via 10.0.1.1 mtu 1500
		route replace default via 2001:db8:1::1 mtu 1500
	EOF
done
in_d ip link set br0 mtu 9000
sleep 0.2

for vip in $VIP "[$VIP6]"; do
	b1=${BADDR[0]} b2=${BADDR[1]} b3=${BADDR[2]} vip2=$VIP2
	[[ $vip == "[$VIP6]" ]] && b1=[${BADDR6[0]}] b2=[${BADDR6[1]}] b3=[${BADDR6[2]}] vip2=[$VIP6_2]
	step lbadm -A -u $vip:53 -s rr
	step lbadm -a -u $vip:53 -r $b1:53 -m
	step lbadm -a -u $vip:53 -r $b2:53 -m
	step lbadm -A -u $vip:54 -s rr
	step lbadm -a -u $vip:54 -r $b1:53 -m
	step lbadm -A -u $vip2:53 -s rr
	step lbadm -a -u $vip2:53 -r $b3 -g
done

# What the director's own UDP stack has received, in both families.
director_udp() {
	in_d nstat -saz UdpInDatagrams UdpNoPorts UdpInErrors \
		Udp6InDatagrams Udp6NoPorts Udp6InErrors |
		awk '$1 ~ /^Udp/ { n += $2 } END { print n + 0 }'
}

# big ADDR:PORT N EXPECTED...: N datagrams of SIZE bytes, each answered
# with as many, by the expected real servers.
big() {
	local to=$1 n=$2 out
	shift 2
	out=$(in_c env LBTRAFFIC_SIZE=$SIZE "$TRAFFIC" count udp "$to" "$n" || true)
	expect_counts "$out" "$@"
	echo "  $n datagrams of $SIZE bytes to $to: $(tr '\n' ' ' <<<"$out")"
}

# The datagrams the real servers have reassembled, in both families.
reassembled() {
	local i
	for i in 0 1 2; do
		ip netns exec "${B[$i]}" nstat -saz IpReasmOKs Ip6ReasmOKs
	done | awk '$1 ~ /ReasmOKs$/ { n += $2 } END { print n + 0 }'
}

seen=$(director_udp)
reasm=$(reassembled)
big $VIP:53 4 "b1 2" "b2 2"
big "[$VIP6]:53" 4 "b1 2" "b2 2"
big $VIP2:53 2 "b3 2"
big "[$VIP6_2]:53" 2 "b3 2"
[[ $(($(reassembled) - reasm)) == 12 ]] ||
	fail "the real servers reassembled $(($(reassembled) - reasm)) of the 12 datagrams"
echo "  each reached its real server in fragments"
[[ $(director_udp) == "$seen" ]] ||
	fail "the director's own UDP stack received datagrams ($seen before, $(director_udp) after)"
echo "  the director's own UDP stack received none of them"

# quote LISTENER FAMILY SENDER KIND QSRC QDST TO EXPECTED: SENDER sends TO
# an error quoting KIND (first, later or whole) of a datagram QSRC ->
# QDST; LISTENER must get it as EXPECTED says.
quote() {
	local log got pid
	log=$(mktemp)
	ip netns exec "$1" "$ICMP" listen "$2" >"$log" &
	pid=$!
	wait_for "the ICMP listener" grep -q listening "$log"
	ip netns exec "$3" "$ICMP" send "$4" "$5" "$6" "$7"
	wait $pid || true
	got=$(sed -n 2p "$log")
	rm -f "$log"
	[[ $got == "$8" ]] || fail "an error quoting the $4 fragment came '$got', not '$8'"
	echo "  $4: $got"
}

# hp ADDR PORT, of the family at hand.
hp() { [[ $family == 6 ]] && echo "[$1]:$2" || echo "$1:$2"; }

for family in 4 6; do
	vip=$VIP b1=${BADDR[0]} client=10.0.0.2
	[[ $family == 6 ]] && vip=$VIP6 b1=${BADDR6[0]} client=2001:db8::2
	echo "  ICMP errors quoting fragments, IPv$family"
	out=$(in_c env LBTRAFFIC_UDP_PORT=30000 "$TRAFFIC" count udp "$(hp $vip 54)" 1 || true)
	expect_counts "$out" "b1 1"
	# From the real server's side, about client -> real server.
	quote "$C" $family "${B[0]}" whole "$(hp $client 30000)" "$(hp $b1 53)" "$client" \
		"from $vip quotes $(hp $client 30000) > $(hp $vip 54) whole"
	quote "$C" $family "${B[0]}" first "$(hp $client 30000)" "$(hp $b1 53)" "$client" \
		"from $vip quotes $(hp $client 30000) > $(hp $vip 54) first"
	quote "$C" $family "${B[0]}" later "$(hp $client 30000)" "$(hp $b1 53)" "$client" \
		"from $b1 quotes $client > $b1 later"
	# From the client's side, about service -> client.
	quote "${B[0]}" $family "$C" first "$(hp $vip 54)" "$(hp $client 30000)" "$vip" \
		"from $client quotes $(hp $b1 53) > $(hp $client 30000) first"
done

# Whether the director reassembles a datagram it only forwards (to b1
# itself, from ports no connection has). IPv4 counts reassemblies; the
# hook listing (where the kernel offers it) shows both families.
reassembles() {
	local before out
	before=$(in_d nstat -saz IpReasmReqds | awk '$1 == "IpReasmReqds" { print $2 }')
	out=$(in_c env LBTRAFFIC_SIZE=$SIZE LBTRAFFIC_UDP_PORT=40000 "$TRAFFIC" count udp "${BADDR[0]}:53" 1 || true)
	[[ $out == "b1 1" ]] || fail "a big datagram to b1 itself got '$out'"
	(($(in_d nstat -saz IpReasmReqds | awk '$1 == "IpReasmReqds" { print $2 }') > before))
}
defrag_hooks() {
	local hooks
	hooks=$(in_d nft list hooks 2>/dev/null || true)
	[[ $hooks == *nflb_in* ]] || { echo "unknown"; return; }
	grep -Eo 'ipv4_conntrack_defrag|ipv6_defrag' <<<"$hooks" | sort -u | paste -sd ' ' || true
}

reassembles || fail "the director did not reassemble while it had services"
hooks=$(defrag_hooks)
[[ $hooks == unknown || $hooks == "ipv4_conntrack_defrag ipv6_defrag" ]] ||
	fail "defragmentation hooks with services: '$hooks'"
echo "  with services, forwarded datagrams are reassembled (hooks: $hooks)"
step lbadm -C
if reassembles; then
	fail "the director still reassembles with no service left"
fi
hooks=$(defrag_hooks)
[[ $hooks == unknown || -z $hooks ]] || fail "defragmentation hooks left: '$hooks'"
echo "  without services, they are not (hooks: ${hooks:-none})"

cleanup
unload_module
kernel_clean
