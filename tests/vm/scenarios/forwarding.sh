#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every forwarding method through real packets, in the topology of the
# kernel's own IPVS selftest, and the same case with real IPVS beside it:
#
#   client C 10.0.0.2 (br0) ---- 10.0.0.1 director D 172.16.0.1 ---- R
#                |                   (VIP on lo)           172.16.0.2 |
#                +------------------------------------------ 10.0.0.3 +
#
# The real server R answers the client directly over its 10.0.0.3 leg
# (direct routing, tunnels), or through the director (NAT: that leg is
# removed and R routes back via D), or has no route to the client at all
# (full NAT). Each case sends 20 TCP connections, one bulk transfer of
# full-size segments both ways (through a tunnel this needs path-MTU
# discovery, which the director's ICMP "fragmentation needed" drives),
# 20 UDP flows and 20 SCTP associations; the statistics must show replies
# passing the director exactly when the method routes them through it.
#
# NFLB_FAMILY=6 (forwarding6.sh) runs the same over IPv6: 2001:db8:1::/64
# for 10.0.0.0/24, 2001:db8:2::/64 for 172.16.0.0/24, VIP 2001:db8:100::1;
# tunnels are IPv6-in-IPv6 and path-MTU discovery is ICMPv6 "packet too
# big".
source "$(dirname "$0")/../lib.sh"

BULK=300000
if [[ ${NFLB_FAMILY:-4} == 6 ]]; then
	VIP=2001:db8:100::1 VLEN=128
	CIP=2001:db8:1::2 DIP_C=2001:db8:1::1 RIP_C=2001:db8:1::3
	DIP=2001:db8:2::1 RIP=2001:db8:2::2 LEN=64
	NODAD=nodad IPT=ip6tables
else
	VLEN=32
	CIP=10.0.0.2 DIP_C=10.0.0.1 RIP_C=10.0.0.3
	DIP=172.16.0.1 RIP=172.16.0.2 LEN=24
	NODAD= IPT=iptables
fi

# hp ADDR [PORT]: ADDR as a service or real server address (an IPv6 one
# in brackets when a port follows, as ipvsadm wants it).
hp() {
	if [[ -z ${2:-} ]]; then
		echo "$1"
	elif [[ $1 == *:* ]]; then
		echo "[$1]:$2"
	else
		echo "$1:$2"
	fi
}

in_r() { ip netns exec "$R" "$@"; }

sel_topology() {
	use_names "$1"
	R=$1-r
	B=("$R")
	trap cleanup EXIT
	ip netns add "$C"
	ip netns add "$D"
	ip netns add "$R"
	ip link add v01 netns "$C" type veth peer name v10 netns "$D"
	ip link add v02 netns "$C" type veth peer name v20 netns "$R"
	ip link add v12 netns "$D" type veth peer name v21 netns "$R"
	in_c ip link add br0 type bridge
	in_c ip link set v01 master br0 up
	in_c ip link set v02 master br0 up
	in_c ip link set br0 up
	in_c ip addr add $CIP/$LEN dev br0 $NODAD
	in_c ip route add $VIP via $DIP_C
	in_d ip link set lo up
	in_d ip addr add $VIP/$VLEN dev lo
	in_d ip addr add $DIP_C/$LEN dev v10 $NODAD
	in_d ip link set v10 up
	in_d ip addr add $DIP/$LEN dev v12 $NODAD
	in_d ip link set v12 up
	in_d sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	in_r ip link set lo up
	in_r ip addr add $RIP/$LEN dev v21 $NODAD
	in_r ip link set v21 up
	in_r ip addr add $RIP_C/$LEN dev v20 $NODAD
	in_r ip link set v20 up
	if [[ ${NFLB_CONNTRACK:-0} == 1 ]]; then
		in_d $IPT -P FORWARD DROP
		in_d $IPT -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT
		in_d $IPT -A FORWARD -i v10 -m state --state NEW -j ACCEPT
		in_d sysctl -qw net.ipv4.vs.conntrack=1 2>/dev/null || true
	fi
}

# The real server owns the VIP and keeps quiet about it (direct routing,
# tunnels); its replies leave over v20 while requests arrive on v21.
# (IPv6 has no reverse-path filter, and the client asks only for the
# director's address.)
real_server_owns_vip() {
	in_r sysctl -qw net.ipv4.conf.all.arp_ignore=1
	in_r sysctl -qw net.ipv4.conf.all.arp_announce=2
	in_r sysctl -qw net.ipv4.conf.all.rp_filter=0
	in_r sysctl -qw net.ipv4.conf.v21.rp_filter=0
	in_r ip addr add $VIP/$VLEN dev lo
}

# prepare_tunnel6 CASE: the IPv6 real server's decapsulation.
prepare_tunnel6() {
	modprobe -q ip6_tunnel
	in_r ip link set ip6tnl0 up
	case $1 in
	gue*)
		modprobe -q fou; modprobe -q fou6 || true
		in_r ip fou add port 6080 gue -6
		;;
	gre)
		modprobe -q ip6_gre
		in_r ip link set ip6gre0 up
		;;
	gre-csum)
		modprobe -q ip6_gre
		in_r ip link add gre1 type ip6gre local $RIP icsum
		in_r ip link set gre1 up
		;;
	esac
}

# How many "fragmentation needed" / "packet too big" errors the client got.
icmp_too_big() {
	local counter=IcmpInDestUnreachs
	[[ $VLEN == 128 ]] && counter=Icmp6InPktTooBigs
	in_c nstat -saz $counter | awk -v c=$counter '$1 == c { print $2 }'
}

# prepare CASE: the real server's side of each method.
prepare() {
	case $1 in
	nat)
		in_r ip link del v20
		in_r ip route add default via $DIP
		;;
	fullnat)
		in_r ip link del v20 # and no route back at all
		;;
	dr) real_server_owns_vip ;;
	ipip | gue* | gre*)
		real_server_owns_vip
		if [[ $VLEN == 128 ]]; then
			prepare_tunnel6 "$1"
			return
		fi
		modprobe -q ipip
		in_r ip link set tunl0 up
		in_r sysctl -qw net.ipv4.conf.tunl0.rp_filter=0
		;;&
	gue*)
		modprobe -q fou
		in_r ip fou add port 6080 gue
		;;
	gre)
		modprobe -q ip_gre
		in_r ip link set gre0 up
		in_r sysctl -qw net.ipv4.conf.gre0.rp_filter=0
		;;
	gre-csum)
		# The catch-all gre0 refuses checksummed packets.
		modprobe -q ip_gre
		in_r ip link add gre1 type gre local $RIP icsum
		in_r ip link set gre1 up
		in_r sysctl -qw net.ipv4.conf.gre1.rp_filter=0
		;;
	esac
}

# real_server CASE: address:port and forwarding options of the case.
real_server() {
	case $1 in
	nat | fullnat) echo "$(hp $RIP 8080) -m" ;;
	dr) echo "$(hp $RIP) -g" ;;
	ipip) echo "$(hp $RIP) -i" ;;
	gue) echo "$(hp $RIP) -i --tun-type gue --tun-port 6080" ;;
	gue-csum) echo "$(hp $RIP) -i --tun-type gue --tun-port 6080 --tun-csum" ;;
	gue-remcsum) echo "$(hp $RIP) -i --tun-type gue --tun-port 6080 --tun-remcsum" ;;
	gre) echo "$(hp $RIP) -i --tun-type gre" ;;
	gre-csum) echo "$(hp $RIP) -i --tun-type gre --tun-csum" ;;
	local-dr) echo "$(hp $DIP) -g" ;;
	local-nat) echo "$(hp $DIP 8080) -m" ;;
	esac
}

# run_case ipvs|nflb CASE
run_case() {
	local engine=$1 name=$2 adm rs port=80 server=r ns expect peer out
	echo "--- $name with $engine"
	sel_topology "nflbf$$-${name:0:6}-${engine:0:1}"
	prepare "$name"

	[[ $name == nat || $name == fullnat || $name == local-nat ]] && port=8080
	ns=$R
	[[ $name == local-* ]] && ns=$D server=d
	expect=$server peer=
	# Full NAT: the real server sees the director as the client.
	[[ $name == fullnat ]] && expect="$server@$DIP" peer=1
	LBTRAFFIC_PEER=$peer ip netns exec "$ns" "$TRAFFIC" serve tcp $port $server &
	PIDS+=($!)
	ip netns exec "$ns" "$TRAFFIC" serve udp $((port == 80 ? 53 : 5353)) $server &
	PIDS+=($!)
	LBTRAFFIC_PEER=$peer ip netns exec "$ns" "$TRAFFIC" serve sctp $port $server &
	PIDS+=($!)
	wait_for "server" ip netns exec "$ns" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port"

	if [[ $engine == ipvs ]]; then
		adm=(ip netns exec "$D" ipvsadm)
		# IPVS passes on the addresses an SCTP INIT ACK lists, and the
		# client would probe them past the service (sctp.sh).
		in_d $IPT -t raw -A PREROUTING -i v10 -p sctp ! -d $VIP -j DROP
	else
		adm=(lbadm)
	fi
	read -r -a rs <<<"$(real_server "$name")"
	step "${adm[@]}" -A -t "$(hp $VIP 80)" -s rr $([[ $name == fullnat ]] && echo --full-nat)
	step "${adm[@]}" -a -t "$(hp $VIP 80)" -r "${rs[@]}"
	step "${adm[@]}" -A -u "$(hp $VIP 53)" -s rr $([[ $name == fullnat ]] && echo --full-nat)
	step "${adm[@]}" -A --sctp-service "$(hp $VIP 80)" -s rr $([[ $name == fullnat ]] && echo --full-nat)
	# The director's SCTP takes no association on an address of another
	# link than the one the INIT came in on (even without a load
	# balancer): its local real server is its client-side address.
	local srs=("${rs[@]}")
	[[ $name == local-nat ]] && srs[0]=${rs[0]/$DIP/$DIP_C}
	step "${adm[@]}" -a --sctp-service "$(hp $VIP 80)" -r "${srs[@]}"
	rs[0]=${rs[0]/:8080/:5353}
	step "${adm[@]}" -a -u "$(hp $VIP 53)" -r "${rs[@]}"

	out=$(in_c "$TRAFFIC" count tcp "$(hp $VIP 80)" 20) || true
	expect_counts "$out" "$expect 20"
	out=$(in_c "$TRAFFIC" bulk "$(hp $VIP 80)" $BULK) || fail "bulk transfer: $out"
	[[ $out == "$expect $BULK" ]] || fail "bulk transfer answered '$out'"
	# Through a tunnel, the client's full-size segments did not fit.
	case $name in
	ipip | gue* | gre*)
		[[ $(icmp_too_big) -gt 0 ]] ||
			fail "$name: the client was never told its packets were too big" ;;
	esac
	out=$(in_c "$TRAFFIC" count udp "$(hp $VIP 53)" 20) || true
	expect_counts "$out" "${expect%@*} 20"
	out=$(in_c "$TRAFFIC" count sctp "$(hp $VIP 80)" 20) || true
	expect_counts "$out" "$expect 20"

	# The echoed bulk passes the director (OutBytes) only for NAT; with
	# a tunnel IPVS counts its own "fragmentation needed" errors as out.
	# For a local real server, IPVS counts TCP replies and nflb does not.
	local stats outbytes
	# IPVS sums its per-CPU counters every 2 s, in its rate estimator.
	[[ $engine == ipvs ]] && sleep 2.5
	stats=$("${adm[@]}" -Ln --stats --exact)
	echo "$stats"
	outbytes=$(awk '$1 == "TCP" { print $7 }' <<<"$stats")
	case $name in
	nat | fullnat)
		[[ $outbytes -ge $BULK ]] || fail "$name: replies not counted" ;;
	local-*) ;; # replies leave the director itself: counting differs
	*)
		# IPVS's errors are up to 1280 bytes each over IPv6: a few.
		local most=5000
		[[ $engine == ipvs ]] && most=20000
		[[ $outbytes -lt $most ]] || fail "$name: $outbytes bytes of replies passed the director" ;;
	esac
	[[ $(awk '$1 == "TCP" { print $3 }' <<<"$stats") == 21 ]] ||
		fail "$name: expected 21 TCP connections"
	step "${adm[@]}" -C
	cleanup
}

# NFLB_FWD_TUNNELS=1 (forwarding-tunnels.sh): the GUE and GRE tunnels,
# once, without conntrack: their checksum options do not meet it, and
# ipip stands for the tunnels under conntrack.
if [[ ${NFLB_FWD_TUNNELS:-0} == 1 ]]; then
	run_once without "the tunnels' checksum options do not meet it"
	cases="gue gue-csum gue-remcsum gre gre-csum"
else
	cases="nat dr ipip local-dr local-nat fullnat"
fi
load_module
modprobe -q ip_vs
modprobe -q sctp
for name in ${NFLB_FWD_CASES:-$cases}; do
	for engine in ${NFLB_FWD_ENGINES:-ipvs nflb}; do
		# IPVS has no full NAT.
		[[ $name == fullnat && $engine == ipvs ]] && continue
		run_case $engine $name
	done
done

unload_module
kernel_clean
