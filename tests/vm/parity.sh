# SPDX-License-Identifier: GPL-2.0
# Source it (after lib.sh): the scheduler parity scenarios' cases. Each
# case runs twice on a fresh topology: once with real IPVS configured by
# ipvsadm, once with nflb configured by lbadm with the very same
# arguments. Destinations b1, b2, b3 are added in that order with weights
# 1, 2, 3, so order and weights both matter. With FAMILY=6 the same over
# IPv6, where the hashing schedulers fold the addresses.

load_module
modprobe ip_vs
BASE=$ID
NSRC=64

# vip V: the service address V of FAMILY (V = 0 is the lib's VIP), as
# written before a port.
vip() {
	if [[ $FAMILY == 6 ]]; then
		printf '[2001:db8::%x]' $((0x100 + $1))
	else
		echo "10.0.0.$((100 + $1))"
	fi
}

# services TOOL OPT PORT SCHED FLAGS VIPS MARKED: a service per VIP, or
# with MARKED one firewall-mark service for all of them (so that the
# locality schedulers see several destination addresses in one service).
services() {
	local tool=$1 opt=$2 port=$3 sched=$4 flags=$5 vips=$6 marked=$7
	local ipt=iptables six="" proto=tcp i v
	if ((marked)); then
		[[ $FAMILY == 6 ]] && ipt=ip6tables six=-6
		[[ $opt == -u ]] && proto=udp
		for ((v = 0; v < vips; v++)); do
			in_d $ipt -t mangle -A PREROUTING -d "$(vip $v | tr -d '[]')" \
				-p $proto --dport $port -j MARK --set-mark 1
		done
		in_d $tool -A -f 1 $six -s "$sched" ${flags:+-b "$flags"}
		for i in 0 1 2; do
			in_d $tool -a -f 1 $six -r "$(real_addr $i | tr -d '[]')" -m \
				-w $((i + 1))
		done
		return
	fi
	for ((v = 0; v < vips; v++)); do
		in_d $tool -A $opt "$(vip $v):$port" -s "$sched" ${flags:+-b "$flags"}
		for i in 0 1 2; do
			in_d $tool -a $opt "$(vip $v):$port" -r "$(real_addr $i):$port" \
				-m -w $((i + 1))
		done
	done
}

# run_case ipvsadm|lbadm PROTO SCHED FLAGS FLOWS SOURCES VIPS [MARKED]:
# the answers. PROTO "tcp-held" keeps every TCP connection open until
# the last is made, so that they count as active for the schedulers that
# weigh load.
run_case() {
	local tool=$1 proto=$2 sched=$3 flags=$4 flows=$5 sources=$6 vips=$7
	local marked=${8:-0} port=80 opt=-t i v env=()
	[[ $proto == udp ]] && port=53 opt=-u
	[[ $proto == tcp-held ]] && proto=tcp env+=(LBTRAFFIC_KEEP=1)
	cleanup
	use_names "$BASE-$([[ $tool == ipvsadm ]] && echo ipvs || echo nflb)"
	topology
	# IPVS keeps conntrack entries only when asked (stateful firewall).
	[[ $tool == ipvsadm ]] && in_d sysctl -qw net.ipv4.vs.conntrack=1
	client_sources $NSRC
	for ((v = 1; v < vips; v++)); do
		in_d ip addr add "$(vip $v | tr -d '[]')" dev d0 nodad
	done
	start_backends "$proto" $port
	services "$tool" $opt $port "$sched" "$flags" "$vips" "$marked"
	((sources)) && env+=(LBTRAFFIC_SOURCES="$(first_source)/$NSRC")
	# Each VIP's flows from ports of their own: two VIPs may share a
	# backend, and equal client ports would give equal reply tuples.
	for ((v = 0; v < vips; v++)); do
		in_c env LBTRAFFIC_SEQUENCE=1 LBTRAFFIC_UDP_PORT=$((20000 + 1000 * v)) \
			"${env[@]}" "$TRAFFIC" count \
			"$proto" "$(vip $v):$port" "$flows" 2>&1 >/dev/null
	done
}

# same PROTO SCHED FLAGS FLOWS SOURCES VIPS [MARKED]
same() {
	local want got
	echo "  + $*"
	want=$(run_case ipvsadm "$@" | tr -d '\n')
	got=$(run_case "$LBADM" "$@" | tr -d '\n')
	[[ $want == *b* && $want != *-* ]] || fail "IPVS did not answer: $want"
	if [[ $want != "$got" ]]; then
		echo "    ipvs: $want"
		echo "    nflb: $got"
		fail "$2 ${3:+-b $3} picks differ from IPVS"
	fi
	echo "    same ${#want} characters: ${want:0:60}..."
}
