#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Firewall-mark services (-f): the mangle table marks TCP :80 and :443 and
# UDP :53 to the VIP with mark 1, and one service takes them all. Each
# case runs on a fresh topology twice, real IPVS configured by ipvsadm,
# then nflb by lbadm with the same arguments; both must answer every flow
# from the same backend, and list the same connections and templates
# (-Lnc, expire times and ephemeral ports aside) and counts
# (-Ln --persistent-conn).
# - rr: real servers without a port keep each packet's port (80, 443, 53).
# - persistent: a client network keeps its real server across ports and
#   protocols, through one template ("IP ... 0.0.0.1:0" in -Lnc).
# - ahead: a marked flow goes to the mark's service even when a service of
#   its address and port exists; unmarked flows (:8080) still reach theirs.
# The same over IPv6 (-f 1 -6, ip6tables). With NFLB_CONNTRACK=1 (rr
# only) the director's stateful firewall passes only what conntrack
# recognises, so the replies prove that conntrack follows client <-> real
# server.
source "$(dirname "$0")/../lib.sh"

load_module
modprobe ip_vs
BASE=$ID
NSRC=8

# mark_flows: the mangle rules, for both families.
mark_flows() {
	in_d iptables -t mangle -A PREROUTING -d $VIP -p tcp -m multiport \
		--dports 80,443 -j MARK --set-mark 1
	in_d iptables -t mangle -A PREROUTING -d $VIP -p udp --dport 53 \
		-j MARK --set-mark 1
	in_d ip6tables -t mangle -A PREROUTING -d $VIP6 -p tcp -m multiport \
		--dports 80,443 -j MARK --set-mark 1
	in_d ip6tables -t mangle -A PREROUTING -d $VIP6 -p udp --dport 53 \
		-j MARK --set-mark 1
}

# setup TOOL SERVICE-OPTIONS...: -f 1 over b1, b2, b3 (weights 1, 2, 3),
# NAT, no port.
setup() {
	local tool=$1 six="" i
	shift
	[[ $FAMILY == 6 ]] && six=-6
	cleanup
	use_names "$BASE-$([[ $tool == ipvsadm ]] && echo ipvs || echo nflb)"
	topology
	[[ $tool == ipvsadm ]] && in_d sysctl -qw net.ipv4.vs.conntrack=1
	client_sources $NSRC
	start_backends tcp 80
	start_backends tcp 443
	start_backends tcp 8080
	start_backends udp 53
	mark_flows
	in_d "$tool" -A -f 1 $six "$@"
	for i in 0 1 2; do
		in_d "$tool" -a -f 1 $six -r "$(real_addr $i | tr -d '[]')" -m \
			-w $((i + 1))
	done
}

# answers PROTO PORT FLOWS: which backend answered each flow.
answers() {
	in_c env LBTRAFFIC_SEQUENCE=1 LBTRAFFIC_SOURCES="$(first_source)/$NSRC" \
		LBTRAFFIC_UDP_PORT=20000 "$TRAFFIC" count "$1" "$(vip_addr):$2" \
		"$3" 2>&1 >/dev/null | tr -d '\n'
	echo
}

# listing TOOL: counts, then connections and templates without their
# expire times and ephemeral client ports. A closed TCP connection may
# end in TIME_WAIT or, when a reply retransmitted in a slow VM reaches a
# client that has closed its socket, in CLOSE (a reset): both are closed.
listing() {
	in_d "$1" -Ln --persistent-conn
	in_d "$1" -Lnc | awk 'NR > 2 {
		$2 = ""
		if ($1 == "TCP") sub(/:[0-9]+$/, "", $4)
		if ($3 == "TIME_WAIT" || $3 == "CLOSE") $3 = "closed"
		print }' | sort
}

case_rr() {
	setup "$1" -s rr
	answers tcp 80 6
	answers tcp 443 6
	answers udp 53 6
	listing "$1"
}

case_persistent() {
	local mask=255.255.255.254
	[[ $FAMILY == 6 ]] && mask=127
	setup "$1" -s rr -p 60 -M $mask
	answers tcp 80 8
	answers tcp 443 8
	answers udp 53 8
	listing "$1"
}

case_ahead() {
	local tool=$1
	setup "$tool" -s rr
	in_d "$tool" -A -t "$(vip_addr):80" -s rr
	in_d "$tool" -a -t "$(vip_addr):80" -r "$(real_addr 2):80" -m
	in_d "$tool" -A -t "$(vip_addr):8080" -s rr
	in_d "$tool" -a -t "$(vip_addr):8080" -r "$(real_addr 2):8080" -m
	answers tcp 80 6
	answers tcp 8080 3
	listing "$tool"
}

# same CASE: IPVS and nflb give the same answers and listing.
same() {
	local want got
	echo "  + IPv$FAMILY $*"
	want=$("$1" ipvsadm "${@:2}")
	got=$("$1" "$LBADM" "${@:2}")
	[[ $(head -n 1 <<<"$want") =~ ^(b[123],)+$ ]] ||
		fail "IPVS did not answer every flow: $want"
	if [[ $want != "$got" ]]; then
		diff <(echo "$want") <(echo "$got") || true
		fail "$* differs from IPVS"
	fi
	grep '^b' <<<"$want" | cut -c1-72 | sed 's/^/    same answers: /'
	WANT=$want
}

for FAMILY in 4 6; do
	same case_rr
	# With conntrack, case_rr's answers prove the first packet tracked
	# again; the rest does not depend on conntrack.
	[[ ${NFLB_CONNTRACK:-0} == 1 ]] && continue
	same case_persistent
	# One template per client pair (.1 alone, .2-.3, ... .8 alone), shared
	# by TCP and UDP flows.
	n=$(awk '$1 == "IP" && $2 == "ASSURED"' <<<"$WANT" | wc -l)
	((n == 5)) || fail "expected 5 templates, not $n: $WANT"
	rounds=($(grep '^b' <<<"$WANT"))
	[[ ${rounds[0]} == "${rounds[1]}" && ${rounds[0]} == "${rounds[2]}" ]] ||
		fail "persistence did not hold across ports: ${rounds[*]}"
	same case_ahead
	grep -q "^b3,b3,b3,$" <<<"$WANT" || fail ":8080 did not reach its own service"
done

cleanup
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
kernel_clean
