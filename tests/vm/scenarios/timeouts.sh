#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeouts set with --set TCP TCPFIN UDP govern the connections through
# real packets, next to IPVS (ipvsadm, then lbadm with the same
# arguments, each on a fresh topology), with --set 5 5 2:
# - UDP: a flow's second datagram, sent at once, follows the flow; once
#   the flow has been idle for its 2 s it leaves the table, and the next
#   datagram from the same port is scheduled anew (rr: the next server);
# - TCP: an idle established connection lives its 5 s: after 1 s of
#   silence it still echoes; once the table has let it go, the client's
#   next segment is answered by the director itself (a reset), not by the
#   real server.
# Both engines must give the same answers; -Lnc must list each new
# connection with at most its timeout left.
source "$(dirname "$0")/../lib.sh"

# Expiry does not depend on conntrack (port-reuse and the others run
# under a stateful firewall too).
run_once without "timeouts do not depend on it"

load_module
modprobe ip_vs
BASE=$ID
FLAG=$(mktemp -u)

# listed TOOL PROTO STATE: the expiry column of PROTO connections in STATE.
listed() {
	in_d "$1" -Lnc | awk -v p="$2" -v s="$3" '$1 == p && $3 == s { print $2 }'
}

has_established() { [[ -n $(listed "$1" TCP ESTABLISHED) ]]; }
not() { ! "$@"; }

udp_flow() { in_c env LBTRAFFIC_UDP_PORT=30000 "$TRAFFIC" count udp $VIP:53 1 | cut -d' ' -f1; }

# idle_client: greets, waits for $FLAG, then sends "ping": prints the
# server's name and the echo, or "ended" when the connection is gone.
idle_client() {
	in_c bash -c "exec 3<>/dev/tcp/$VIP/80 && read -r -t 3 name <&3 &&
		echo \$name && for ((i = 0; i < 200; i++)); do
		[[ -e $FLAG ]] && break; sleep 0.1; done &&
		echo ping >&3 && if read -r -t 3 line <&3; then echo \$line;
		else echo ended; fi" 2>/dev/null
}

# run TOOL: the answers, one line per check.
run() {
	local tool=$1 i a b c expiry start log client
	cleanup
	use_names "$BASE-$([[ $tool == ipvsadm ]] && echo ipvs || echo nflb)"
	topology
	# IPVS keeps conntrack entries only when asked (stateful firewall).
	[[ $tool == ipvsadm ]] && in_d sysctl -qw net.ipv4.vs.conntrack=1
	start_backends udp 53
	start_backends tcp 80
	in_d "$tool" -A -u $VIP:53 -s rr
	in_d "$tool" -A -t $VIP:80 -s rr
	for i in 0 1 2; do
		in_d "$tool" -a -u $VIP:53 -r "${BADDR[$i]}:53" -m
		in_d "$tool" -a -t $VIP:80 -r "${BADDR[$i]}:80" -m
	done
	in_d "$tool" --set 5 5 2

	a=$(udp_flow)
	b=$(udp_flow)
	expiry=$(listed "$tool" UDP UDP)
	[[ $expiry =~ ^00:0[012]$ ]] || fail "$tool lists the UDP flow expiring in '$expiry', not within 2 s"
	start=$(date +%s%N)
	wait_for "the UDP flow to expire ($tool)" \
		bash -c "[[ -z \$(ip netns exec $D $tool -Lnc | awk '\$1 == \"UDP\"') ]]"
	echo "  $tool: the idle UDP flow left after $((($(date +%s%N) - start) / 1000000)) ms" >&2
	c=$(udp_flow)
	echo "udp $a,$b,$c"

	log=$(mktemp)
	idle_client >"$log" &
	client=$!
	wait_for "the TCP greeting ($tool)" grep -q . "$log"
	wait_for "the connection listed ESTABLISHED ($tool)" has_established "$tool"
	expiry=$(listed "$tool" TCP ESTABLISHED)
	[[ $expiry =~ ^00:0[0-5]$ ]] || fail "$tool lists the connection expiring in '$expiry', not within 5 s"
	sleep 1
	touch "$FLAG"
	wait $client
	echo "tcp after 1 s $(tr '\n' ' ' <"$log")"

	rm -f "$FLAG" "$log"
	idle_client >"$log" &
	client=$!
	wait_for "the TCP greeting ($tool)" grep -q . "$log"
	wait_for "the connection listed ESTABLISHED ($tool)" has_established "$tool"
	wait_for "the idle connection to expire ($tool)" not has_established "$tool"
	touch "$FLAG"
	wait $client
	echo "tcp after expiry $(tr '\n' ' ' <"$log")"
	rm -f "$log" "$FLAG"
	# Here, not in the EXIT trap: bash may exec a subshell's last
	# command, and the trap with it.
	cleanup
}

want=$(run ipvsadm) || { echo "$want"; exit 1; }
got=$(run "$LBADM") || { echo "$got"; exit 1; }
sed 's/^/    ipvs: /' <<<"$want"
grep -q '^udp \(b[123]\),\1,b[123]$' <<<"$want" || fail "IPVS's UDP flow did not move: $want"
if [[ $want != "$got" ]]; then
	diff <(echo "$want") <(echo "$got") || true
	fail "nflb's timeouts differ from IPVS's"
fi
[[ $got =~ udp\ (b[123]),(b[123]),(b[123]) ]] &&
	[[ ${BASH_REMATCH[1]} == "${BASH_REMATCH[2]}" &&
		${BASH_REMATCH[1]} != "${BASH_REMATCH[3]}" ]] ||
	fail "the UDP flow did not stay and then move: $got"
grep -q '^tcp after 1 s b[123] ping $' <<<"$got" || fail "the idle connection did not echo: $got"
grep -q '^tcp after expiry b[123] ended $' <<<"$got" || fail "the expired connection still answered: $got"
echo "  same answers as IPVS"

cleanup
for ns in $(ip netns list | awk '{print $1}' | grep "^$BASE-"); do ip netns del "$ns"; done
unload_module
kernel_clean
