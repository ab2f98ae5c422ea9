#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lbadm -R: the same commands give the same table as ipvsadm -R; -S output
# replays; a batch the kernel refuses, or a line that does not parse,
# changes nothing and names its line; --test checks without applying;
# traffic follows a restored table, and keeps flowing while a big batch
# replaces it; --monitor shows every change; 10,000 services are one
# request.
source "$(dirname "$0")/../lib.sh"
run_once without "a batch and its replies do not depend on it"

load_module
modprobe ip_vs
I=$ID-ipvs
ip netns add "$I"
ip -n "$I" link set lo up
trap 'ip netns del $I; cleanup' EXIT
topology
start_backends tcp 80
start_backends udp 53
ipvs() { ip netns exec "$I" ipvsadm "$@"; }
work=$(mktemp -d)

# same_tables: lbadm -Sn and ipvsadm -Sn agree.
same_tables() {
	local want got
	want=$(ipvs -Sn)
	got=$(lbadm -Sn)
	[[ "$want" == "$got" ]] || {
		diff <(echo "$want") <(echo "$got") || true
		fail "$1: lbadm -Sn differs from ipvsadm -Sn"
	}
	echo "  same table as ipvsadm: $1"
}

cat >"$work/table" <<EOF

-A -t $VIP:80 -s rr
-a -t $VIP:80 -r 10.0.1.11:80 -m
-a -t $VIP:80 -r 10.0.1.12:80 -m
-a -t $VIP:80 -r 10.0.1.13:80 -m
-A -u $VIP:53 -s rr
-a -u $VIP:53 -r 10.0.1.11:53 -m
-a -u $VIP:53 -r 10.0.1.12:53 -m
-a -u $VIP:53 -r 10.0.1.13:53 -m
-A -t $VIP:81 -s wrr -p 60 -M 255.255.255.0
-a -t $VIP:81 -r 10.0.1.11:80 -m -w 3 -x 100 -y 10
-e -t $VIP:81 -r 10.0.1.11:80 -m -w 4
-A -t $VIP:82 -s rr
-E -t $VIP:82 -s mh -b mh-port
-a -t $VIP:82 -r 10.0.1.12:82 -i --tun-type gue --tun-port 6080
-A -t $VIP:83 -s lc
-a -t $VIP:83 -r 10.0.1.13:83
-d -t $VIP:83 -r 10.0.1.13:83
-D -t $VIP:83
EOF
ipvs -R <"$work/table"
step lbadm -R <"$work/table"
same_tables "restored"

# -S replays with -R (and -C inside a batch replaces everything).
{
	echo "-C"
	lbadm -Sn
} >"$work/saved"
step lbadm -R <"$work/saved"
same_tables "-S output restored after -C"

# Traffic follows the restored table.
out=$(in_c "$TRAFFIC" count tcp $VIP:80 300)
expect_counts "$out" "b1 100" "b2 100" "b3 100"
out=$(in_c "$TRAFFIC" count udp $VIP:53 300)
expect_counts "$out" "b1 100" "b2 100" "b3 100"
echo "  rr over the restored services: 100 connections each"

# Packets see each service change in one step: a batch that flushes the
# table and loads 5,000 other services before this one again leaves no
# moment without it. Connections are made all the while.
{
	echo "-C"
	for ((i = 0; i < 5000; i++)); do
		a="10.$((100 + i / 250)).$((i % 250)).1"
		echo "-A -t $a:80 -s rr"
		echo "-a -t $a:80 -r 10.200.0.1:80 -m"
	done
	lbadm -Sn
} >"$work/replace"
in_c "$TRAFFIC" count tcp $VIP:80 600 >"$work/during" 2>&1 &
client=$!
n=0
while kill -0 $client 2>/dev/null; do
	lbadm -R <"$work/replace"
	n=$((n + 1))
done
wait $client || true
grep -q '^failed' "$work/during" && fail "connections failed while the table was replaced: $(tr '\n' ' ' <"$work/during")"
((n >= 2)) || fail "only $n replacements while connecting"
echo "  $n replacements of 5,000 services under traffic: $(tr '\n' ' ' <"$work/during")"
step lbadm -R <"$work/saved"
same_tables "after the replacements"

# refused WANT_RC WANT_MESSAGE [--test]: lbadm -R of $work/bad fails so,
# and the table is what it was.
refused() {
	local before out rc=0
	before=$(lbadm -Sn)
	out=$(lbadm -R ${3:-} <"$work/bad" 2>&1) || rc=$?
	[[ $rc == "$1" ]] || fail "lbadm -R exited $rc, not $1 ($out)"
	[[ $out == "lbadm: $2" ]] || fail "lbadm -R said '$out', not 'lbadm: $2'"
	[[ "$(lbadm -Sn)" == "$before" ]] || fail "refused batch changed the table ($2)"
	echo "  refused, nothing changed (exit $rc): $out"
}

# The kernel refuses line 153 of a batch whose first 152 lines pass.
{
	echo "-C"
	for ((i = 1; i <= 50; i++)); do
		echo "-A -t 10.9.0.$i:80 -s rr"
		echo "-a -t 10.9.0.$i:80 -r 10.0.1.11:80 -m"
		echo "-a -t 10.9.0.$i:80 -r 10.0.1.12:80 -m"
	done
	echo "-e -t 10.9.0.7:80 -r 10.0.1.11:80 -m -w 5"
	echo "-a -t 10.9.0.7:80 -r 10.0.1.11:80 -m"
} >"$work/bad"
refused 255 "line 153: Destination already exists"
refused 255 "line 153: Destination already exists" --test
# Within a batch, a change sees what the ones before it did.
printf '%s\n' "-A -t 10.9.9.9:80 -s rr" "-a -t 10.9.9.9:80 -r 10.0.1.11:80 -m" \
	"-D -t 10.9.9.9:80" "-a -t 10.9.9.9:80 -r 10.0.1.12:80 -m" >"$work/bad"
refused 255 "line 4: Service not defined"
printf '%s\n' "-D -t $VIP:80" "-E -t $VIP:80 -s wrr" >"$work/bad"
refused 255 "line 2: No such service"
printf '%s\n' "-A -t 10.9.9.9:80 -s mh --mh-table-size 3" \
	"-a -t 10.9.9.9:80 -r 10.0.1.11:80 -m" "-a -t 10.9.9.9:80 -r 10.0.1.12:80 -m" \
	"-a -t 10.9.9.9:80 -r 10.0.1.13:80 -m" "-a -t 10.9.9.9:80 -r 10.0.1.14:80 -m" >"$work/bad"
refused 255 "line 5: More destinations than scheduler table slots"
printf '%s\n' "-A -t 10.9.9.9:80 -s rr" "-A -t 10.9.9.10:80 -s nosuch" >"$work/bad"
refused 255 "line 2: Scheduler not found"
printf '%s\n' "-A -t 10.9.9.9:80 -s rr" "-a -t 10.9.9.9:80 -r 10.0.1.11:81 -g" \
	"-a -t 10.9.9.9:80 -r 10.0.1.12:80 -m --tun-type gre" >"$work/bad"
refused 2 "line 3: Tunnel options conflict with forward method"
# Lines lbadm itself cannot read are named before anything is sent.
printf '%s\n' "-A -t 10.9.9.9:80 -s rr" "" "-A -t 10.9.9.9:80x -s rr" >"$work/bad"
refused 2 "line 3: invalid port '80x' in '10.9.9.9:80x'"
printf '%s\n' "-C" "-L -n" >"$work/bad"
refused 2 "line 2: -L cannot be part of a restore"

# --test of a good batch applies nothing.
before=$(lbadm -Sn)
{
	echo "-C"
	cat "$work/table"
} >"$work/good"
step lbadm -R --test <"$work/good"
[[ "$(lbadm -Sn)" == "$before" ]] || fail "lbadm -R --test changed the table"
echo "  --test passed the good batch and changed nothing"

# --monitor prints every change, of single commands and of batches (in
# their order, though packets see a batch's changes of a service at
# once), as the command that makes it; a refused batch prints nothing;
# the output replays with -R into the same table.
in_d "$LBADM" --monitor -n >"$work/events" &
mon=$!
sleep 1
lbadm -C
lbadm -A -t $VIP:80 -s rr
lbadm -a -t $VIP:80 -r 10.0.1.11:80 -m
lbadm -a -t $VIP:80 -r 10.0.1.12:8080 -m -w 2 -x 50 -y 5
lbadm -E -t $VIP:80 -s wrr -p 30
lbadm -e -t $VIP:80 -r 10.0.1.11:80 -m -w 0
lbadm -A -u $VIP:53 -s rr
lbadm -a -u $VIP:53 -r 10.0.1.13:53 -i --tun-type gue --tun-port 6080
printf '%s\n' "-E -t $VIP:80 -s rr" "-a -t $VIP:80 -r 10.0.1.13:80 -m" \
	"-d -t $VIP:80 -r 10.0.1.11:80" "-A -t $VIP:81 -s mh -b mh-port" \
	"-a -t $VIP:81 -r 10.0.1.11:81 -g" "-D -u $VIP:53" | lbadm -R
printf '%s\n' "-A -t 10.9.9.9:80 -s rr" "-A -t 10.9.9.9:80 -s rr" >"$work/bad"
refused 255 "line 2: Service already exists"
wait_for "the last event" grep -q -- "-D -u $VIP:53" "$work/events"
kill $mon
cat "$work/events"
cat >"$work/want" <<EOF
-C
-A -t $VIP:80 -s rr
-a -t $VIP:80 -r 10.0.1.11:80 -m -w 1
-a -t $VIP:80 -r 10.0.1.12:8080 -m -w 2 -x 50 -y 5
-E -t $VIP:80 -s wrr -p 30
-e -t $VIP:80 -r 10.0.1.11:80 -m -w 0
-A -u $VIP:53 -s rr
-a -u $VIP:53 -r 10.0.1.13:53 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum
-E -t $VIP:80 -s rr
-a -t $VIP:80 -r 10.0.1.13:80 -m -w 1
-d -t $VIP:80 -r 10.0.1.11:80
-A -t $VIP:81 -s mh -b mh-port
-a -t $VIP:81 -r 10.0.1.11:81 -g -w 1
-D -u $VIP:53
EOF
diff "$work/want" "$work/events" || fail "lbadm --monitor printed other events"
saved=$(lbadm -Sn)
lbadm -R <"$work/events"
[[ "$(lbadm -Sn)" == "$saved" ]] || fail "the events did not replay into the same table"
echo "  --monitor: 14 events as commands, in order, none of the refused batch; they replay"

# 10,000 services with two real servers each: one request for lbadm,
# 30,000 for ipvsadm. The times are reported, not judged.
{
	for ((i = 0; i < 10000; i++)); do
		a="10.$((100 + i / 250)).$((i % 250)).1"
		echo "-A -t $a:80 -s rr"
		echo "-a -t $a:80 -r 10.200.0.1:80 -m"
		echo "-a -t $a:80 -r 10.200.0.2:80 -m"
	done
} >"$work/big"
lbadm -C
ipvs -C
t0=$(date +%s%N)
lbadm -R <"$work/big"
t1=$(date +%s%N)
ipvs -R <"$work/big"
t2=$(date +%s%N)
n=$(lbadm -Sn | grep -c '^-A')
[[ $n == 10000 ]] || fail "restored $n services, not 10000"
same_tables "10,000 services"
echo "  30,000 lines: lbadm -R $(((t1 - t0) / 1000000)) ms (one batch), ipvsadm -R $(((t2 - t1) / 1000000)) ms"

lbadm -C
ipvs -C
rm -rf "$work"
ip netns del "$I"
trap cleanup EXIT
cleanup
unload_module
kernel_clean
