#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Who may use nflb, what one network namespace sees of another, and who
# pays for what a namespace allocates.
#
#   client --- director ($D) --- b1 b2 b3      $ID-other: a second
#   (10.0.2.1: the flood)                      namespace, empty
#
# - As IPVS, every command, listings included, needs CAP_NET_ADMIN in the
#   initial user namespace: a listing shows every client's address and
#   port. An unprivileged user is refused -Ln, -Lnc, --info, -A and
#   --monitor, with ipvsadm's message and exit status 255; so is the root
#   of a user namespace, in a network namespace of its own (where it
#   holds CAP_NET_ADMIN over the namespace, not over the machine) or in
#   the director's. Its --monitor, in its own namespace, hears nothing of
#   the services the real root makes there; the real root's does.
# - A second namespace lists none of the director's services or
#   connections, and its --info counts only its own objects.
# - A memory cgroup pays: 5,000 services restored by a process inside it
#   grow its memory.current; the connections a flood then makes (in
#   softirq) are charged to it too, as the cgroup of the process that made
#   the namespace's first service; both go when the services and
#   connections do.
source "$(dirname "$0")/../lib.sh"
run_once without "permissions and memory accounting do not depend on it"

FLOOD=$TOP/build/lbflood
NSVC=5000
NCONN=2000
OTHER=$ID-other
DENIED="Permission denied (you must be root)"
USERNS=/proc/sys/kernel/unprivileged_userns_clone
work=$(mktemp -d)

load_module
topology
client_sources 1
start_backends udp 53
ip netns add "$OTHER"

# The memory cgroup: cgroup2 where it is mounted, else mounted here.
CGROOT=/sys/fs/cgroup
if [[ $(stat -f -c %T $CGROOT 2>/dev/null) != cgroup2fs ]]; then
	CGROOT=$work/cgroup
	mkdir "$CGROOT"
	mount -t cgroup2 none "$CGROOT"
fi
grep -qw memory $CGROOT/cgroup.controllers || fail "no memory controller"
echo +memory >$CGROOT/cgroup.subtree_control
CG=$CGROOT/$ID
mkdir "$CG"
# Debian's switch for user namespaces of unprivileged users.
userns_was=$(cat $USERNS 2>/dev/null || true)
if [[ -n $userns_was ]]; then echo 1 >$USERNS; fi

finish() {
	trap - EXIT
	cleanup
	ip netns del "$OTHER" 2>/dev/null || true
	rmdir "$CG" 2>/dev/null || true
	if [[ $CGROOT != /sys/fs/cgroup ]]; then umount "$CGROOT" || true; fi
	if [[ -n $userns_was ]]; then echo "$userns_was" >$USERNS; fi
	rm -rf "$work"
}
trap finish EXIT

memstat() { awk -v k="$1" '$1 == k { print $2 }' "$CG/memory.stat"; }
# held NETNS: the objects --info counts there.
held() {
	ip netns exec "$1" "$LBADM" --info |
		awk -F': ' '$1 == "objects held" { print $2 }'
}

# The services, with the UDP service first: made from inside the cgroup.
{
	echo "-A -u $VIP:53 -s rr"
	for a in "${BADDR[@]}"; do echo "-a -u $VIP:53 -r $a:53 -m"; done
	for ((i = 1; i < NSVC; i++)); do
		echo "-A -t 10.200.$((i / 256)).$((i % 256)):80 -s rr"
	done
} >"$work/rules"
# Warm the page cache outside the cgroup: it pays for the kernel's
# objects only.
nsenter --net=/run/netns/"$D" "$LBADM" --info >/dev/null
before=$(cat "$CG/memory.current")
slab0=$(memstat slab)
step bash -c 'echo $$ >"$1/cgroup.procs" && exec nsenter --net=/run/netns/"$2" "$3" -R <"$4"' \
	- "$CG" "$D" "$LBADM" "$work/rules"
after=$(cat "$CG/memory.current")
grew=$((after - before))
echo "  $NSVC services: the cgroup's memory.current grew by $grew bytes" \
	"(slab $(memstat slab), percpu $(memstat percpu))"
((grew >= NSVC * 300)) ||
	fail "$NSVC services made from the cgroup grew it by $grew bytes only"

# Connections are charged to the same cgroup, though made in softirq. (A
# datagram lost on the way, to a full backlog, makes none.)
slab=$(memstat slab)
step in_c "$FLOOD" 10.0.2.1/1 $VIP:53 $NCONN
most() { (($(info connections) >= NCONN * 9 / 10)); }
wait_for "$NCONN connections" most
n=$(info connections)
charged() { (($(memstat slab) - slab >= n * 100)); }
wait_for "the connections' slab charged to the cgroup" charged
echo "  $n connections: the cgroup's slab grew by $(($(memstat slab) - slab)) bytes"
held_d=$(held "$D")
((held_d == NSVC + 3 + n)) ||
	fail "the director holds $held_d objects, not $NSVC + 3 + $n"

# A second namespace sees none of it.
out=$(ip netns exec "$OTHER" "$LBADM" -Ln | sed 1,3d)
[[ -z $out ]] || fail "another namespace lists services: $out"
out=$(ip netns exec "$OTHER" "$LBADM" -Lnc | sed 1,2d)
[[ -z $out ]] || fail "another namespace lists connections: $(head -3 <<<"$out")"
ip netns exec "$OTHER" "$LBADM" --info | grep -qx 'services: 0' ||
	fail "another namespace counts services"
ip netns exec "$OTHER" "$LBADM" --info | grep -qx 'connections: 0' ||
	fail "another namespace counts connections"
[[ $(held "$OTHER") == 0 ]] ||
	fail "another namespace's --info counts $(held "$OTHER") objects"
echo "  $OTHER: no services, no connections, 0 objects held (the director: $held_d)"

# refused WHO ARGS...: lbadm ARGS, run as WHO, is refused.
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
USERNS_ROOT=("${NOBODY[@]}" unshare --user --map-root-user)
as_user() { ip netns exec "$D" "${NOBODY[@]}" timeout 5 "$LBADM" "$@"; }
as_userns_root() { "${USERNS_ROOT[@]}" --net timeout 5 "$LBADM" "$@"; }
as_userns_root_in_d() { ip netns exec "$D" "${USERNS_ROOT[@]}" timeout 5 "$LBADM" "$@"; }
refused() {
	local who=$1 out rc=0
	shift
	out=$("$who" "$@" 2>&1) || rc=$?
	[[ $rc == 255 && $out == "lbadm: $DENIED" ]] ||
		fail "$who: lbadm $* was not refused (exit $rc): $(head -3 <<<"$out")"
	echo "  $who: lbadm $*: $out"
}
for who in as_user as_userns_root as_userns_root_in_d; do
	refused $who -Ln
	refused $who -Lnc
	refused $who --info
	refused $who -A -t 10.0.0.200:80 -s rr
done
refused as_user --monitor
refused as_userns_root_in_d --monitor

# The root of a user namespace listens in its own network namespace; the
# real root makes a service there, and listens too.
"${USERNS_ROOT[@]}" --net "$LBADM" --monitor >"$work/userns.log" 2>&1 &
pid=$!
PIDS+=("$pid")
listening() {
	local n
	read -r n _ <"/proc/$1/syscall" && [[ $n == 47 ]] # recvmsg
}
wait_for "the user namespace's monitor" listening "$pid"
in_userns() { nsenter --net=/proc/"$pid"/ns/net "$@"; }
nsenter --net=/proc/"$pid"/ns/net "$LBADM" --monitor >"$work/root.log" 2>&1 &
PIDS+=($!)
wait_for "the real root's monitor" listening $!
step in_userns "$LBADM" -A -t 10.0.0.200:80 -s rr
in_userns "$LBADM" -Ln | grep -q 10.0.0.200:80 || fail "the real root's service is missing"
# Before 6.8 a multicast cannot skip listeners: no event goes out in a
# network namespace that a user namespace made.
kv=$(uname -r | cut -d. -f1,2)
if [[ $(printf '%s\n' 6.8 "$kv" | sort -V | head -n 1) == 6.8 ]]; then
	wait_for "the real root's event" grep -q 10.0.0.200 "$work/root.log"
	echo "  the real root's monitor: $(cat "$work/root.log")"
fi
for ((i = 0; i < 10; i++)); do
	[[ -s $work/userns.log ]] && fail "the user namespace's root heard: $(cat "$work/userns.log")"
	sleep 0.1
done
echo "  the user namespace's root heard nothing"
in_userns "$LBADM" -C

# The charges go with the objects.
step lbadm -C
step lbadm --flush-conn
uncharged() { (($(cat "$CG/memory.current") - before < grew / 4)); }
wait_for "the cgroup's charge to go" uncharged
echo "  after -C and --flush-conn: memory.current $(cat "$CG/memory.current")" \
	"(was $before), slab $(memstat slab) (was $slab0)"

finish
unload_module
kernel_clean
