#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lbd applies conf/lbd.conf, applies a changed file on SIGHUP, and refuses
# a broken file, or one the kernel refuses part of, while keeping what
# runs.
source "$(dirname "$0")/../lib.sh"
run_once without "the daemon's configuration does not depend on it"

load_module
topology
start_backends tcp 80
conf=$(mktemp)
log=$(mktemp)
cp "$TOP/conf/lbd.conf" "$conf"

pidfile=$(mktemp -u)
in_d "$LBD" -c "$conf" -p "$pidfile" 2>"$log" &
PIDS+=($!)
wait_for "lbd to apply the file" grep -q "applied" "$log"
lbd_pid=$(cat "$pidfile")
lbadm -Ln
[[ $(lbadm -Ln | grep -c '^TCP\|^UDP') == 2 ]] || fail "expected 2 services"
out=$(in_c "$TRAFFIC" count tcp $VIP:80 500)
expect_counts "$out" "b1 300" "b2 100" "b3 100"

# Drop the UDP service, make the weights equal, remove backend 3.
cat >"$conf" <<'CONF'
services = (
  {
    protocol = "tcp";
    address = "10.0.0.100";
    port = 80;
    scheduler = "wrr";
    backends = (
      { address = "10.0.1.11"; weight = 1; },
      { address = "10.0.1.12"; weight = 1; }
    );
  }
);
CONF
step "$LBD" -t -c "$conf"
kill -HUP $lbd_pid
wait_for "lbd to apply the change" bash -c "[[ \$(grep -c applied $log) -ge 2 ]]"
lbadm -Ln
[[ $(lbadm -Ln | grep -c '^UDP') == 0 ]] || fail "UDP service still there"
out=$(in_c "$TRAFFIC" count tcp $VIP:80 100)
expect_counts "$out" "b1 50" "b2 50"

# Persistence: every connection of the one client goes to one backend.
sed -i 's/scheduler = "wrr";/&\n    persistence_timeout = 600; persistence_netmask = "255.255.255.0";/' "$conf"
kill -HUP $lbd_pid
wait_for "lbd to apply persistence" bash -c "[[ \$(grep -c applied $log) -ge 3 ]]"
lbadm -Ln | grep -qx "TCP  $VIP:80 wrr persistent 600 mask 255.255.255.0" ||
	fail "no persistence in: $(lbadm -Ln)"
out=$(in_c "$TRAFFIC" count tcp $VIP:80 20)
grep -qx "b[12] 20" <<<"$out" || fail "persistent flows spread: $(tr '\n' ' ' <<<"$out")"
echo "  persistent: $out"

# A broken file: refused with file and line, nothing changes.
before=$(lbadm -Ln)
echo 'services = ( { address = "10.0.0.300"; port = 80; scheduler = "rr"; } );' >"$conf"
kill -HUP $lbd_pid
wait_for "lbd to refuse the file" grep -q "keeping the running configuration" "$log"
grep "keeping" "$log"
grep -q "$conf:1: invalid address '10.0.0.300'" "$log" || fail "$(cat "$log")"
[[ "$(lbadm -Ln)" == "$before" ]] || fail "a refused file changed the services"

# A file the kernel refuses part of (a scheduler it does not have): the
# whole reconciliation is one batch, so the weight change beside it is
# not applied either.
cat >"$conf" <<'CONF'
services = (
  { protocol = "tcp"; address = "10.0.0.100"; port = 80; scheduler = "wrr";
    backends = ( { address = "10.0.1.11"; weight = 5; },
                 { address = "10.0.1.12"; weight = 1; } ); },
  { protocol = "tcp"; address = "10.0.0.100"; port = 8080; scheduler = "nosuch";
    backends = ( { address = "10.0.1.11"; } ); }
);
CONF
kill -HUP $lbd_pid
wait_for "lbd to refuse the batch" grep -q "Scheduler not found" "$log"
grep "Scheduler not found" "$log"
grep -q "adding service tcp 10.0.0.100:8080: Scheduler not found; keeping the running configuration" "$log" ||
	fail "$(cat "$log")"
[[ "$(lbadm -Ln)" == "$before" ]] || fail "a refused batch changed the services: $(lbadm -Ln)"
echo "  refused batch: nothing changed"

kill $lbd_pid
wait_for "lbd to stop" bash -c "! kill -0 $lbd_pid"
grep -q "stopping" "$log" || fail "lbd did not stop cleanly: $(cat "$log")"
rm -f "$conf" "$log"
step lbadm -C
cleanup
unload_module
kernel_clean
