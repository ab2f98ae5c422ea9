#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The connection table and the schedulers under races between CPUs, in a
# VM of two vCPUs that run at the same time (tests/run.sh boots it with
# qemu's multi-threaded TCG):
#
# - flooders pinned to each CPU send SYNs and UDP datagrams of the same
#   spoofed flows, so that both CPUs create, find, restart and end
#   connections of the same tuples at the same moment (a packet from a
#   veth is handled on the CPU that sent it). The client's kernel answers
#   the real servers' SYN-ACKs with resets, which closes them; and on
#   :82, where no real server listens, each SYN of the same 4 flows is
#   reset at once, so that the next one, on either CPU, starts the flow
#   anew, while its servers, with thresholds of 2 and 1, flip between
#   overloaded and available under the twos scheduler;
# - meanwhile the director ends connections (--flush-conn, --del-conn),
#   deletes and adds real servers, and moves their thresholds up and
#   down so that their overload bits flip under the schedulers (twos
#   among them, which draws among the available servers);
# - a service of 400 real servers loses some, whose destination set no
#   longer fits in two pages.
#
# Then every count must be back to zero, nothing leaked, and the kernel
# must have logged nothing (refcount, list or memory warnings).
source "$(dirname "$0")/../lib.sh"

run_once without "races in the module's own tables"
if [[ $(nproc) -lt 2 ]]; then
	echo "  needs two CPUs (tests/run.sh boots this scenario with two)"
	exit 77
fi

FLOOD=$TOP/build/lbflood
SECONDS_OF_STRESS=${NFLB_STRESS_SECONDS:-40}

load_module
topology
client_sources 64
start_backends tcp 80
start_backends udp 53

servers() { # servers SVC-OPTIONS REAL-PORT SERVER-OPTIONS
	local a
	for a in "${BADDR[@]}"; do
		echo "-a $1 -r $a:$2 $3"
	done
}
{
	echo "-A -t $VIP:80 -s wlc"
	servers "-t $VIP:80" 80 "-m -x 60"
	echo "-A -t $VIP:8080 -s twos --full-nat"
	servers "-t $VIP:8080" 80 "-m -x 40 -y 10"
	echo "-A -u $VIP:53 -s twos"
	servers "-u $VIP:53" 53 "-m -x 50"
	echo "-A -t $VIP:82 -s twos"
	servers "-t $VIP:82" 9 "-m -x 2 -y 1"
	echo "-A -t $VIP:81 -s rr"
	for ((i = 0; i < 400; i++)); do
		echo "-a -t $VIP:81 -r 10.0.3.$((i / 200 + 1)):$((1000 + i % 200)) -m -w 0"
	done
} | lbadm -R
step lbadm -d -t $VIP:81 -r 10.0.3.1:1000

# flooder CPU TARGETS FLOWS: floods the targets (PROTO:PORT ...) in turn
# until the deadline, pinned to CPU, at a low priority so that the
# changes get their turn.
flooder() {
	local end=$((SECONDS + SECONDS_OF_STRESS)) target
	while ((SECONDS < end)); do
		for target in $2; do
			in_c env LBFLOOD_PROTO="${target%:*}" LBFLOOD_PACE=0 \
				nice -n 19 taskset -c "$1" "$FLOOD" 10.0.2.1/64 \
				"$VIP:${target#*:}" 5000 0 "$3" >/dev/null
		done
	done
}

# churn: what the director does to its tables meanwhile.
churn() {
	local end=$((SECONDS + SECONDS_OF_STRESS)) n=0 b x
	while ((SECONDS < end)); do
		n=$((n + 1))
		b=${BADDR[n % 3]}
		x=$((n % 2 ? 2 : 60))
		lbadm --flush-conn -t $VIP:80 -r "$b:80" &&
			lbadm -e -t $VIP:80 -r "$b:80" -m -x $x &&
			lbadm -e -t $VIP:8080 -r "$b:80" -m -x $((x / 2)) -y 1 &&
			lbadm -e -u $VIP:53 -r "$b:53" -m -x $x &&
			lbadm -d -u $VIP:53 -r "$b:53" &&
			lbadm -a -u $VIP:53 -r "$b:53" -m -x 50 &&
			lbadm -d -t $VIP:8080 -r "$b:80" &&
			lbadm -a -t $VIP:8080 -r "$b:80" -m -x 40 -y 10 &&
			lbadm -d -t $VIP:81 -r "10.0.3.2:$((1000 + n % 200))" &&
			lbadm -a -t $VIP:81 -r "10.0.3.2:$((1000 + n % 200))" -m -w 0 ||
			return 1
		# Most of these are gone or never were: that is not a failure.
		lbadm --del-conn -t $VIP:80 --client "10.0.2.$((n % 64 + 1)):$((1024 + n % 8))" 2>/dev/null || true
		((n % 10)) || lbadm --flush-conn
	done
	echo "$n"
}

echo "  + ${SECONDS_OF_STRESS} s of floods on both CPUs while the tables change"
jobs=()
for cpu in 0 1; do
	flooder $cpu "tcp:80 tcp:8080 udp:53" 512 &
	jobs+=($!)
	flooder $cpu tcp:82 4 &
	jobs+=($!)
done
rounds=$(churn) || fail "a change failed during the stress"
for j in "${jobs[@]}"; do
	wait "$j" || fail "a flooder failed"
done
echo "  $rounds rounds of changes"
step lbadm --info

# With every connection ended, every server's counts are back to zero.
counts_zero() {
	local counts conns
	step lbadm --flush-conn
	counts=$(lbadm -Ln | awk '$1 == "->" && $2 != "RemoteAddress:Port" { print $5, $6 }' | sort -u)
	[[ $counts == "0 0" ]] || fail "connection counts left after a flush: $(tr '\n' ' ' <<<"$counts")"
	conns=$(info connections)
	[[ $conns == 0 ]] || fail "--info counts $conns connections after a flush"
}
counts_zero

# The services still answer, once no threshold holds them back.
for b in "${BADDR[@]}"; do
	lbadm -e -t $VIP:80 -r "$b:80" -m
	lbadm -e -u $VIP:53 -r "$b:53" -m
done
out=$(in_c "$TRAFFIC" count tcp $VIP:80 6) || fail "TCP after the stress: $out"
out=$(in_c "$TRAFFIC" count udp $VIP:53 6) || fail "UDP after the stress: $out"
counts_zero

step lbadm -C
cleanup
unload_module
kernel_clean
