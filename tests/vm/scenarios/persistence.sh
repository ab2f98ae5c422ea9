#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Persistence (-p, -M) sends a client network where IPVS sends it. Each
# case runs on a fresh topology twice: real IPVS configured by ipvsadm,
# then nflb configured by lbadm with the same arguments. The sequence of
# answering backends must be identical, and so must `-Ln --persistent-conn`
# afterwards (templates, active and inactive connections per server).
# Clients come from 16 addresses in turn (10.0.2.1 .. 10.0.2.16); with
# FAMILY=6, from 2001:db8:2::1 .. 2001:db8:2::10 to the IPv6 service, whose
# -M is a prefix length.
source "$(dirname "$0")/../lib.sh"

# Once is enough: persistence templates do not depend on conntrack
# (forwarding, icmp and the others cover a stateful firewall).
run_once without "persistence templates do not depend on conntrack"
one_kernel "templates are the module's own code"

load_module
modprobe ip_vs
BASE=$ID
NSRC=16

# setup TOOL PROTO PORT SERVICE-OPTIONS...: b1, b2, b3 with weights 1, 2, 3.
setup() {
	local tool=$1 proto=$2 port=$3 opt=-t i
	shift 3
	[[ $proto == udp ]] && opt=-u
	cleanup
	use_names "$BASE-$([[ $tool == ipvsadm ]] && echo ipvs || echo nflb)"
	topology
	[[ $tool == ipvsadm ]] && in_d sysctl -qw net.ipv4.vs.conntrack=1
	client_sources $NSRC
	start_backends "$proto" "$port"
	in_d "$tool" -A $opt "$(vip_addr):$port" "$@"
	for i in 0 1 2; do
		in_d "$tool" -a $opt "$(vip_addr):$port" -r "$(real_addr $i):$port" -m \
			-w $((i + 1))
	done
}

# answers PROTO PORT FLOWS UDP-FIRST-PORT: which backend answered each flow.
answers() {
	in_c env LBTRAFFIC_SEQUENCE=1 LBTRAFFIC_SOURCES="$(first_source)/$NSRC" \
		LBTRAFFIC_UDP_PORT="$4" "$TRAFFIC" count "$1" "$(vip_addr):$2" "$3" \
		2>&1 >/dev/null | tr -d '\n'
	echo
}

listing() {
	in_d "$1" -Ln --persistent-conn
}

# case_plain TOOL PROTO SERVICE-OPTIONS...: 48 flows, three per address.
case_plain() {
	local tool=$1 proto=$2 port=80
	shift 2
	[[ $proto == udp ]] && port=53
	setup "$tool" "$proto" $port "$@"
	answers "$proto" $port 48 20000
	listing "$tool"
}

# case_drain TOOL EXPIRE-QUIESCENT: b3 drained, then deleted, between
# rounds of 16 flows. Persistent clients stay on a drained server unless
# quiescent templates expire; a deleted server's clients move.
case_drain() {
	local tool=$1 quiescent=$2
	setup "$tool" tcp 80 -s rr -p 600
	if [[ $tool == ipvsadm ]]; then
		in_d sysctl -qw net.ipv4.vs.expire_quiescent_template="$quiescent"
	else
		echo "$quiescent" >/sys/module/nflb/parameters/expire_quiescent_template
	fi
	answers tcp 80 16 20000
	in_d "$tool" -e -t "$(vip_addr):80" -r "$(real_addr 2):80" -m -w 0
	answers tcp 80 16 20000
	in_d "$tool" -d -t "$(vip_addr):80" -r "$(real_addr 2):80"
	answers tcp 80 16 20000
	listing "$tool"
}

# case_expiry TOOL: a template ends after its connections: with UDP flows
# of 1 s (--set) and -p 3, the same clients 7 s later are scheduled anew.
# (A template due while its flows live would get another minute.)
case_expiry() {
	local tool=$1
	setup "$tool" udp 53 -s rr -p 3
	in_d "$tool" --set 0 0 1
	answers udp 53 16 20000
	sleep 7
	answers udp 53 16 21000
	listing "$tool"
}

# same CASE ARGS...: IPVS and nflb give the same answers and listing (left
# in WANT).
same() {
	local want got
	echo "  + $*"
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

same case_plain tcp -s rr -p 60
same case_plain tcp -s wrr -p 60 -M 255.255.255.248
same case_plain udp -s rr -p 60 -M 255.255.255.252
same case_plain tcp -s wlc -p
same case_drain 0
same case_drain 1
same case_expiry
rounds=($(grep '^b' <<<"$WANT"))
[[ ${rounds[0]} != "${rounds[1]}" ]] || fail "templates did not expire: ${rounds[0]}"
echo 0 >/sys/module/nflb/parameters/expire_quiescent_template

# IPv6: -M is a prefix length; ::1 .. ::f share a /124, ::10 is alone.
FAMILY=6
same case_plain tcp -s rr -p 60
same case_plain tcp -s wrr -p 60 -M 124
same case_plain udp -s rr -p 60 -M 126
same case_drain 0

cleanup
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
kernel_clean
