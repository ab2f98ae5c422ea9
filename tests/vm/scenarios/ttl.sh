#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What a router owes the packets it forwards, for every method, over IPv4
# and IPv6: NAT (udp :53 -> b1, forwarded by the kernel), full NAT (:54 ->
# b1), direct routing (:55 -> b2) and an IP-in-IP tunnel (:56 -> b3), in
# lib.sh's topology.
#
# - TTL: a datagram sent with TTL (hop limit) 10 reaches its real server
#   with 9, a tunnel's outer header too; the replies reach the client one
#   hop less than sent, full NAT's included. A director that did not
#   decrement would let a packet loop forever between two directors, or
#   a real server without the VIP that routes it back.
# - A datagram sent with TTL 1 draws ICMP time exceeded to the client and
#   never reaches the real server.
# - Path MTU: with an MTU of 1400 toward the real servers, a 1450-byte
#   datagram that may not be fragmented draws "fragmentation needed"
#   ("packet too big") with the MTU that fits, the tunnel's headers
#   deducted, full NAT's included (it used to be fragmented silently).
# - Full NAT, an ICMP error from the client's side about a reply (here
#   the client's port unreachable): it reaches the real server from the
#   director's address, which a real server with no route to the client
#   and reverse-path filtering (rp_filter=1; for IPv6 an nft fib rule)
#   accepts; from the client's address it was dropped.
#
# A real server on the director itself (direct routing, :57) gets the
# datagram as sent: it is delivered, not forwarded.
#
# The real servers of direct routing and the tunnel answer from the VIP
# through the director (accept_local lets its IPv4 side take them).
source "$(dirname "$0")/../lib.sh"

run_once without "the TTL and MTU checks are nflb's own and come before conntrack sees the packet (NAT's are the kernel's forwarding); the firewall would drop the replies of direct routing, which pass the director here"
load_module
topology
modprobe -q ipip
modprobe -q ip6_tunnel

# No rate limit on the director's errors (nor the client's), so that each
# probe gets its own.
in_d sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
in_c sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
in_d sysctl -qw net.ipv4.conf.br0.accept_local=1

in_b() { ip netns exec "${B[$1]}" "${@:2}"; }

# b2 (direct routing) and b3 (tunnel) own the VIP and keep quiet about it.
for i in 1 2; do
	in_b $i ip addr add $VIP/32 dev lo
	in_b $i ip addr add $VIP6/128 dev lo nodad
	in_b $i sysctl -qw net.ipv4.conf.all.arp_ignore=1 \
		net.ipv4.conf.all.arp_announce=2
done
in_b 2 ip link set tunl0 up
in_b 2 ip link set ip6tnl0 up
in_b 2 sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.tunl0.rp_filter=0

# Every host counts the datagrams of the services by TTL (hop limit):
# seen (any), seen9 and reply63 (the client's view of the replies),
# and tunnel headers with TTL 9 (outer9); b1 also counts the ICMP errors
# that come from the director's full-NAT address (director_err).
for ns in "${B[@]}" "$C"; do
	ip netns exec "$ns" nft -f - <<-EOF
		table inet ttl {
			counter seen {}
			counter seen9 {}
			counter reply63 {}
			counter outer9 {}
			counter director_err {}
			chain in {
				type filter hook input priority 0;
				udp dport 53-56 counter name seen
				udp dport 53-56 ip ttl 9 counter name seen9
				udp dport 53-56 ip6 hoplimit 9 counter name seen9
				udp sport 53-56 ip ttl 63 counter name reply63
				udp sport 53-56 ip6 hoplimit 63 counter name reply63
				meta l4proto 4 ip ttl 9 counter name outer9
				meta l4proto 41 ip6 hoplimit 9 counter name outer9
				ip saddr 10.0.1.1 icmp type destination-unreachable counter name director_err
				ip6 saddr 2001:db8:1::1 icmpv6 type destination-unreachable counter name director_err
			}
		}
	EOF
done

# take NS: its counters, as "NAME PACKETS" lines, and zero them; peek NS:
# the same, leaving them.
counters() {
	ip netns exec "$1" nft "$2" counters table inet ttl |
		awk '$1 == "counter" { name = $2 } $1 == "packets" { print name, $2 }'
}
take() { counters "$1" reset; }
peek() { counters "$1" list; }
# packets TAKEN NAME: a counter's packets in what take printed.
packets() { awk -v name="$2" '$1 == name { print $2 }' <<<"$1"; }

# The director counts what its own real server gets with TTL 10.
in_d nft -f - <<-EOF
	table inet ttl {
		counter seen10 {}
		chain in {
			type filter hook input priority 0;
			udp dport 57 ip ttl 10 counter name seen10
			udp dport 57 ip6 hoplimit 10 counter name seen10
		}
	}
EOF

# Servers: b1 for NAT and full NAT, b2 and b3 on the service's own port,
# the director's own on :57.
ip netns exec "${B[0]}" "$TRAFFIC" serve udp 53 b1 &
b1_server=$! # lbtraffic itself: ip netns exec becomes it
PIDS+=($!)
# It may be stopped below: a stopped process does not end.
trap 'kill -CONT $b1_server 2>/dev/null || true; cleanup' EXIT
in_b 1 "$TRAFFIC" serve udp 55 b2 &
PIDS+=($!)
in_b 2 "$TRAFFIC" serve udp 56 b3 &
PIDS+=($!)
in_d "$TRAFFIC" serve udp 57 d &
PIDS+=($!)
sleep 0.2

services() {
	local director
	for FAMILY in 4 6; do
		director=10.0.1.1
		[[ $FAMILY == 6 ]] && director=[2001:db8:1::1]
		cat <<-EOF
			-A -u $(vip_addr):53 -s rr
			-a -u $(vip_addr):53 -r $(real_addr 0):53 -m
			-A -u $(vip_addr):54 -s rr --full-nat
			-a -u $(vip_addr):54 -r $(real_addr 0):53 -m
			-A -u $(vip_addr):55 -s rr
			-a -u $(vip_addr):55 -r $(real_addr 1):55 -g
			-A -u $(vip_addr):56 -s rr
			-a -u $(vip_addr):56 -r $(real_addr 2):56 -i
			-A -u $(vip_addr):57 -s rr
			-a -u $(vip_addr):57 -r $director:57 -g
		EOF
	done
}
services | sed 's/^/  + lbadm /'
services | lbadm -R

# method PORT: its name; backend PORT: the index of its real server.
method() {
	case $1 in
	53) echo NAT ;; 54) echo "full NAT" ;; 55) echo "direct routing" ;;
	56) echo tunnel ;;
	esac
}
backend() {
	case $1 in
	53 | 54) echo 0 ;; 55) echo 1 ;; 56) echo 2 ;;
	esac
}

# probe PORT [VAR=VALUE...]: lbtraffic probe to the VIP of FAMILY.
probe() {
	in_c env "${@:2}" "$TRAFFIC" probe udp "$(vip_addr):$1"
}

for ns in "${B[@]}" "$C" "$D"; do take "$ns" >/dev/null; done
for FAMILY in 4 6; do
	echo "  IPv$FAMILY"
	for port in 53 54 55 56; do
		b=$(backend $port)
		what="IPv$FAMILY $(method $port)"
		out=$(probe $port LBTRAFFIC_TTL=10)
		[[ $out == "answered b$((b + 1))" ]] || fail "$what with TTL 10: $out"
		real=$(take "${B[$b]}")
		[[ $(packets "$real" seen9) == 1 ]] ||
			fail "$what: b$((b + 1)) did not get the datagram with TTL 9"
		[[ $(packets "$(take "$C")" reply63) == 1 ]] ||
			fail "$what: the reply did not reach the client one hop less"
		if [[ $port == 56 ]]; then
			[[ $(packets "$real" outer9) == 1 ]] ||
				fail "$what: the tunnel's header has not TTL 9"
		fi
		echo "  $what: TTL 10 reached the real server with 9, the reply one hop less"

		out=$(probe $port LBTRAFFIC_TTL=1)
		[[ $out == "icmp time-exceeded from "* ]] ||
			fail "$what with TTL 1: '$out', expected time exceeded"
		[[ $(packets "$(take "${B[$b]}")" seen) == 0 ]] ||
			fail "$what: a datagram with TTL 1 reached b$((b + 1))"
		echo "  $what: TTL 1: $out"
	done
	out=$(probe 57 LBTRAFFIC_TTL=10)
	[[ $out == "answered d" ]] || fail "IPv$FAMILY, to the director's own real server: $out"
	[[ $(packets "$(take "$D")" seen10) == 1 ]] ||
		fail "IPv$FAMILY: the director's own real server did not get TTL 10"
	echo "  IPv$FAMILY direct routing to the director itself: TTL 10 delivered as sent"
done

# Path MTU: 1400 toward the real servers.
step in_d ip link set br0 mtu 1400
for FAMILY in 4 6; do
	for port in 53 54 55 56; do
		what="IPv$FAMILY $(method $port)"
		want=1400
		[[ $port == 56 ]] && want=$((FAMILY == 6 ? 1360 : 1380))
		out=$(probe $port LBTRAFFIC_SIZE=1450)
		[[ $out == "icmp too-big $want from "* ]] ||
			fail "$what, 1450 bytes with DF: '$out', expected too big ($want)"
		echo "  $what: 1450 bytes: $out"
	done
done

# Full NAT: b1 has no route to the client and filters by reverse path.
step in_b 0 ip route del default
step in_b 0 ip -6 route del default
step in_b 0 sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.b0.rp_filter=1
in_b 0 nft add chain inet ttl rpf '{ type filter hook prerouting priority -300; }'
in_b 0 nft add rule inet ttl rpf fib saddr . iif oif missing drop
b1_got_it() { [[ $(packets "$(peek "${B[0]}")" seen) == 1 ]]; }
director_err_reached() {
	[[ $(packets "$(take "${B[0]}")" director_err) == 1 ]]
}
for FAMILY in 4 6; do
	vip=$VIP
	[[ $FAMILY == 6 ]] && vip=$VIP6
	take "${B[0]}" >/dev/null
	# b1 answers once the client has closed its port: the answer draws
	# port unreachable from the client.
	kill -STOP $b1_server
	step in_c bash -c "echo hi >/dev/udp/$vip/54"
	wait_for "IPv$FAMILY: the datagram reaching b1" b1_got_it
	kill -CONT $b1_server
	wait_for "IPv$FAMILY: the client's error reaching b1 from the director" \
		director_err_reached
	echo "  IPv$FAMILY full NAT: the client's port unreachable reached b1 from the director"
done

step lbadm -C
cleanup
unload_module
kernel_clean
