#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SCTP services through real associations, next to IPVS, over IPv4 and
# IPv6 (forwarding.sh covers SCTP through every other method).
#
# The endpoints bind every address, and their INIT and INIT ACK list them
# all (RFC 9260, 3.3.2): the client learns the real server's own address,
# the real server the client's other addresses, and each probes them
# directly, past the director, where NAT cannot follow. IPVS passes the
# lists on; nflb's NAT hides them. So the comparison with IPVS runs with
# a filter on the director that drops such probes, and nflb runs once
# more without it.
#
# - NAT to another port (:80 -> :8080), so every packet's CRC32c changes
#   both ways: 30 associations round robin over three real servers and a
#   300 kB echo. The client and real servers compute CRC32c in software
#   (veth offload off), so a wrong checksum is dropped by the receiver,
#   and with NFLB_CONNTRACK=1 by conntrack's SCTP tracker before the
#   stateful firewall.
# - -Lnc lists the same associations in the same states as ipvsadm
#   (expire times aside): one held open (ESTABLISHED) and the closed ones.
# - A new INIT on the ports of a closed association is scheduled afresh
#   at once: with b1 drained meanwhile, b2 and b3 answer all of the
#   second round (its duration is printed for both engines).
# - Without the filter, nflb keeps an association held for 4 s and
#   answers 30 more (what IPVS does is printed).
# - An INIT to a service without real servers gets an SCTP ABORT at once.
source "$(dirname "$0")/../lib.sh"

BULK=300000

# Checksums in software on every end host's link.
no_crc_offload() {
	local i
	in_c ethtool -K c0 tx-checksum-sctp off >/dev/null
	for i in 0 1 2; do
		ip netns exec "${B[$i]}" ethtool -K b0 tx-checksum-sctp off >/dev/null
	done
}

# One path per association: SCTP only of FAMILY, and from the client only
# to the service (raw PREROUTING sees it before any load balancer).
single_path() {
	local ipt=iptables other=ip6tables net=10.0.1.0/24
	[[ $FAMILY == 6 ]] && ipt=ip6tables other=iptables net=2001:db8:1::/64
	in_d $other -t raw -A PREROUTING -p sctp -j DROP
	in_d $ipt -t raw -A PREROUTING -i d0 -p sctp -d $net -j DROP
}

# conns ADM...: the connection listing without its expire column and
# the clients' ports (the fixed ones of count aside, they are ephemeral).
conns() {
	"$@" -Lnc | awk 'NR > 2 { $2 = ""; if ($4 !~ /:200[0-9][0-9]$/) sub(/:[0-9]+$/, "", $4); print }' | sort
}

# director ENGINE: a topology of its own (no conntrack entry of one run
# meets another's associations) with an SCTP service on :80, NAT to :8080
# of the three backends; sets adm and vip.
director() {
	local engine=$1 i
	use_names "nflbs$$-$engine"
	topology >&2
	no_crc_offload
	# IPVS keeps conntrack informed for the stateful firewall; nflb
	# needs nothing for it.
	[[ ${NFLB_CONNTRACK:-0} == 1 ]] && in_d sysctl -qw net.ipv4.vs.conntrack=1
	for i in 0 1 2; do
		ip netns exec "${B[$i]}" "$TRAFFIC" serve sctp 8080 "b$((i + 1))" &
		PIDS+=($!)
	done
	sleep 0.5
	vip=$(vip_addr)
	if [[ $engine == ipvs ]]; then
		adm=(ip netns exec "$D" ipvsadm)
	else
		adm=(lbadm)
	fi
	step "${adm[@]}" -A --sctp-service $vip:80 -s rr >&2
	for i in 0 1 2; do
		step "${adm[@]}" -a --sctp-service $vip:80 -r "$(real_addr $i):8080" -m >&2
	done
}

# compare ipvs|nflb: FAMILY's half of the comparison, printing what must
# match between the two engines.
compare() {
	local engine=$1 out hold start
	director "$engine"
	single_path

	out=$(in_c "$TRAFFIC" count sctp $vip:80 30) || true
	expect_counts "$out" "b1 10" "b2 10" "b3 10"
	out=$(in_c "$TRAFFIC" bulk sctp $vip:80 $BULK) || fail "$engine bulk: $out"
	[[ $out == b[123]" $BULK" ]] || fail "$engine bulk answered '$out'"
	echo "-- bulk: $out"
	in_c "$TRAFFIC" hold sctp $vip:80 3 >/dev/null &
	hold=$!
	sleep 1
	echo "-- one held open"
	conns "${adm[@]}" | grep -v ' CLOSED '
	wait $hold || fail "$engine: the held association failed"
	sleep 1
	echo "-- all closed"
	conns "${adm[@]}"
	[[ $(conns "${adm[@]}" | grep -c ' CLOSED ') == 32 ]] ||
		fail "$engine: expected 32 closed associations"

	# b1 drained: the clients of the first round come back on the same
	# ports.
	step "${adm[@]}" -e --sctp-service $vip:80 -r "$(real_addr 0):8080" -m -w 0 >&2
	start=$EPOCHREALTIME
	out=$(in_c "$TRAFFIC" count sctp $vip:80 30) || true
	echo "  $engine: second round in $(bc <<<"$EPOCHREALTIME - $start") s" >&2
	echo "-- again from the same ports, b1 drained"
	echo "$out"
	"${adm[@]}" -Ln --stats --exact >&2
	cleanup
}

# refusal: an INIT to a service without real servers gets an ABORT at
# once: the client's connect() fails.
refusal() {
	local out start
	step lbadm -A --sctp-service $vip:81 -s rr
	start=$EPOCHREALTIME
	out=$(in_c "$TRAFFIC" probe sctp $vip:81)
	echo "  no real server: $out after $(bc <<<"$EPOCHREALTIME - $start") s"
	[[ $out == refused ]] || fail "an INIT to an empty service: $out"
}

# unfiltered ipvs|nflb: every address listed, nothing filtered; IPVS's
# outcome is only reported.
unfiltered() {
	local engine=$1 out
	director "$engine"
	if ! out=$(in_c "$TRAFFIC" hold sctp $vip:80 4 2>&1); then
		[[ $engine == nflb ]] && fail "unfiltered: the held association failed: $out"
		echo "  unfiltered, IPVS: the held association failed: $(tail -n 1 <<<"$out")"
	fi
	out=$(in_c "$TRAFFIC" count sctp $vip:80 30) || true
	if [[ $engine == nflb ]]; then
		expect_counts "$out" "b1 10" "b2 10" "b3 10"
		echo "  unfiltered, nflb: held 4 s, then 30 answered"
		refusal
	fi
	cleanup
}

load_module
modprobe -q ip_vs
modprobe -q sctp

for FAMILY in 4 6; do
	echo "=== IPv$FAMILY"
	ipvs=$(compare ipvs) || fail "IPVS half failed: $ipvs"
	echo "$ipvs"
	ours=$(compare nflb) || fail "nflb half failed: $ours"
	echo "$ours"
	# The listings match; the second round is where the two part.
	diff <(sed '/^-- again/,$d' <<<"$ipvs") <(sed '/^-- again/,$d' <<<"$ours") ||
		fail "IPv$FAMILY: lbadm -Lnc differs from ipvsadm -Lnc"
	again=$(sed -n '/^-- again/,$p' <<<"$ours")
	expect_counts "$again" "b2 15" "b3 15"
	! grep -q '^b1 ' <<<"$again" || fail "a drained real server got new associations"
	echo "  IPVS, second round: $(sed -n '/^-- again/,$p' <<<"$ipvs" | tail -n +2 | tr '\n' ' ')"
	unfiltered ipvs
	unfiltered nflb
done

unload_module
kernel_clean
