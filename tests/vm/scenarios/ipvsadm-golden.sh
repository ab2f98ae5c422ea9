#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lbadm -Ln prints byte for byte what ipvsadm -Ln prints for the same
# services: real IPVS, configured with real ipvsadm in one namespace, nflb
# with lbadm in another. The addresses exercise ipvsadm's sort order.
# Then a large table: 3000 services, listed completely across many dump
# messages.
source "$(dirname "$0")/../lib.sh"
run_once without "listings do not depend on it"

load_module
modprobe ip_vs
ip netns add "$ID-ipvs"
ip netns add "$ID-nflb"
# IPVS refuses real servers while lo is down (address type checks).
ip -n "$ID-ipvs" link set lo up
ip -n "$ID-nflb" link set lo up
PIDS=()
trap 'ip netns del $ID-ipvs; ip netns del $ID-nflb; cleanup' EXIT

cmds=(
	"-A -t 10.0.0.100:80 -s rr"
	"-a -t 10.0.0.100:80 -r 10.0.1.12:8080 -m -w 3"
	"-a -t 10.0.0.100:80 -r 10.0.1.2:80 -m"
	"-a -t 10.0.0.100:80 -r 192.168.7.1:80 -m -w 0"
	"-A -u 10.0.0.100:53 -s wrr"
	"-a -u 10.0.0.100:53 -r 10.0.1.13:53 -m -w 65535"
	"-A -t 200.1.2.3:443 -s rr"
	"-a -t 200.1.2.3:443 -r 200.1.2.10:443 -m -w 2"
	"-A -t 1.2.3.4:22 -s wrr"
	"-A -t 10.0.0.100:8080 -s rr"
	"-E -t 10.0.0.100:8080 -s wrr"
	"-a -t 10.0.0.100:8080 -r 10.0.1.11:80 -m"
	"-e -t 10.0.0.100:8080 -r 10.0.1.11:80 -m -w 7"
	"-A -t 10.0.0.100:9090 -s rr"
	"-D -t 10.0.0.100:9090"
	"-A -t 10.0.0.100:181 -s sh -b sh-fallback,sh-port"
	"-A -u 10.0.0.100:154 -s mh -b mh-port"
	"-A -t 10.0.0.100:182 -s lc -b flag-3"
	"-A -t 10.0.0.100:183"
	"-a -t 10.0.0.100:183 -r 10.0.1.11:80 -m -x 100 -y 50"
	"-A -t 10.0.0.100:184 -s sed"
	"-E -t 10.0.0.100:184 -s nq -b flag-1"
	"-A -t 10.0.0.100:185 -s rr"
	"-a -t 10.0.0.100:185 -r 10.0.1.21"
	"-a -t 10.0.0.100:185 -r 10.0.1.22:8080 -g -w 2"
	"-a -t 10.0.0.100:185 -r 10.0.1.23 -i"
	"-a -t 10.0.0.100:185 -r 10.0.1.24 -i --tun-type gue --tun-port 6080 --tun-csum"
	"-a -t 10.0.0.100:185 -r 10.0.1.25 -i --tun-type gre --tun-nocsum"
	"-a -t 10.0.0.100:185 -r 10.0.1.26 -i --tun-type gue --tun-port 6081 --tun-remcsum"
	"-a -t 10.0.0.100:185 -r 10.0.1.27 -i --tun-type gue --tun-port 6082"
	"-e -t 10.0.0.100:185 -r 10.0.1.23 -i --tun-type gre --tun-csum"
	"-A -t 10.0.0.100:187 -s rr -p"
	"-A -t 10.0.0.100:188 -s wrr -p 60 -M 255.255.255.0"
	"-a -t 10.0.0.100:188 -r 10.0.1.11:80 -m -x 10 -y 5"
	"-A -u 10.0.0.100:189 -p 7 -M 255.255.0.0 -s sh -b sh-port"
	"-A -t 10.0.0.100:190 -s rr -p 30"
	"-E -t 10.0.0.100:190 -s rr"
	"-A -t 10.0.0.100:191 -s rr"
	"-E -t 10.0.0.100:191 -p 45"
	"-a -t 10.0.0.100:191 -r 10.0.1.11:191 -m -w 5 -x 20 -y 2"
	"-e -t 10.0.0.100:191 -r 10.0.1.11:191 -w 3"
	"-A -t [2001:db8::100]:80 -s rr"
	"-a -t [2001:db8::100]:80 -r [2001:db8:1::11]:8080 -m -w 2"
	"-a -t [2001:db8::100]:80 -r 2001:db8:1::12 -g"
	"-a -t [2001:db8::100]:80 -r 2001:db8:1::13 -i --tun-type gue --tun-port 6080"
	"-a -t [2001:db8::100]:80 -r [2001:db8:1::14]:80 -m -x 9 -y 3"
	"-A -u [2001:db8::100]:53 -s sh -b sh-port -p 30 -M 64"
	"-a -u [2001:db8::100]:53 -r [2001:db8:1::11]:53 -m"
	"-A -t [2001:db8::ff]:443 -s wrr -p"
	"-A -t [fd00::1]:80 -s mh"
	"-a -t [fd00::1]:80 -r [fd00::2]:80 -m"
	"-A -u 10.0.0.100:5353 -s rr"
	"-A --sctp-service 10.0.0.100:3868 -s wrr"
	"-a --sctp-service 10.0.0.100:3868 -r 10.0.1.11:3868 -m -w 2"
	"-a --sctp-service 10.0.0.100:3868 -r 10.0.1.12 -g"
	"-A --sctp-service 10.0.0.100:80 -s rr -p 60"
	"-A --sctp-service [2001:db8::100]:36412 -s sh"
	"-a --sctp-service [2001:db8::100]:36412 -r [2001:db8:1::11]:36412 -m"
	"-A -f 1 -s rr"
	"-a -f 1 -r 10.0.1.11 -m"
	"-a -f 1 -r 10.0.1.12:8080 -m -w 3"
	"-a -f 1 -r 10.0.1.13 -g"
	"-a -f 1 -r 10.0.1.14:90 -g"
	"-a -f 1 -r 10.0.1.15:91 -i"
	"-e -f 1 -r 10.0.1.11 -m -w 5"
	"-A -f 2 -s wlc -p 60 -M 255.255.255.0"
	"-A -f 4294967295 -s rr"
	"-A -f 3 -6 -s rr"
	"-a -f 3 -6 -r 2001:db8:1::11 -m"
	"-a -f 3 -6 -r [2001:db8:1::12]:80 -i"
	"-A -f 3 -s sh -b sh-port -p"
	"-a -f 3 -r 10.0.1.1 -m"
	"-A -u 10.0.0.100:192 -s sh -b sh-port -p 30 -M 255.255.255.0 -o"
	"-A -u 10.0.0.100:193 -s mh -b mh-port,mh-fallback -o"
	"-A -u [2001:db8::100]:193 -s rr --ops"
	"-A -f 9 -s rr -o"
	"--set 901 121 301"
	"--set 0 0 5"
)
for c in "${cmds[@]}"; do
	ip netns exec "$ID-ipvs" ipvsadm $c
	ip netns exec "$ID-nflb" "$LBADM" $c
done

compare() {
	local want got
	want=$(ip netns exec "$ID-ipvs" ipvsadm "$@")
	got=$(ip netns exec "$ID-nflb" "$LBADM" "$@")
	if [[ "$want" != "$got" ]]; then
		diff <(echo "$want") <(echo "$got") || true
		fail "lbadm $* differs from ipvsadm $*"
	fi
	echo "  same output: $*"
}
compare -Ln
compare -Ln --stats
compare -Ln --stats --exact
compare -Ln --rate
compare -Ln --rate --exact
compare -L -n -t 10.0.0.100:80
compare -L -n -t [2001:db8::100]:80
compare -L -n --sctp-service 10.0.0.100:3868
compare -L -n -u [2001:db8::100]:53 --persistent-conn
compare -L -n -f 1
compare -L -n -f 3 -6 --stats
compare -Ln --tun-info
compare -Ln --thresholds
compare -Ln --persistent-conn
compare -L --timeout
compare -Sn
# Unsorted, a service's real servers come newest first in both.
compare -Ln --nosort -t 10.0.0.100:185
compare -Ln --nosort -t 10.0.0.100:80
echo "$(ip netns exec "$ID-nflb" "$LBADM" -Ln)"

# --json: the same services, as a document a script reads.
n=$(ip netns exec "$ID-nflb" "$LBADM" -Ln | grep -c '^TCP\|^UDP\|^SCTP\|^FWM')
ip netns exec "$ID-nflb" "$LBADM" -Ln --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
s = {(x["protocol"], x["address"], x["port"]) if "protocol" in x else
     ("fwmark", x["family"], x["fwmark"]): x for x in d["services"]}
assert len(s) == int(sys.argv[1]), len(s)
p = s[("tcp", "10.0.0.100", 188)]
assert p["persistent"] == {"timeout": 60, "netmask": "255.255.255.0"}, p
assert p["servers"][0]["upper_threshold"] == 10, p
t = s[("tcp", "10.0.0.100", 185)]["servers"]
assert [x["tunnel"]["type"] for x in t if "tunnel" in x].count("gue") == 3, t
assert s[("udp", "10.0.0.100", 189)]["sched_flags"] == "sh-port"
v = s[("udp", "2001:db8::100", 53)]
assert v["persistent"] == {"timeout": 30, "netmask": 64}, v
assert v["servers"][0]["address"] == "2001:db8:1::11", v
assert len(s[("sctp", "10.0.0.100", 3868)]["servers"]) == 2, s
f = s[("fwmark", "ipv4", 1)]["servers"]
assert [(x["port"], x["forward"]) for x in f][:2] == [(0, "masq"), (8080, "masq")], f
assert s[("fwmark", "ipv6", 3)]["servers"][1]["port"] == 80, s
assert ("fwmark", "ipv4", 4294967295) in s, s
assert s[("udp", "10.0.0.100", 193)]["one_packet"] is True, s
assert s[("udp", "10.0.0.100", 53)]["one_packet"] is False, s
' "$n" || fail "lbadm -Ln --json"
ip netns exec "$ID-nflb" "$LBADM" --info --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["timeouts"] == {"tcp": 901, "tcpfin": 121, "udp": 5}, d
' || fail "lbadm --info --json"
echo "  --json: $n services, timeouts as set"

# Errors: ipvsadm's wording and exit status (255 when the kernel refuses,
# 2 for bad usage), and nothing changed.
before=$(ip netns exec "$ID-nflb" "$LBADM" -Ln)
# nflb_error MESSAGE ARGS...: lbadm fails with MESSAGE.
nflb_error() {
	local want=$1 out
	shift
	RC=0
	out=$(ip netns exec "$ID-nflb" "$LBADM" "$@" 2>&1) || RC=$?
	((RC)) || fail "lbadm $* succeeded"
	[[ $out == "lbadm: $want" ]] || fail "lbadm $*: '$out', expected 'lbadm: $want'"
	echo "  error as expected (exit $RC): $out"
}
# check_error MESSAGE ARGS...: that, and ipvsadm exits the same way.
check_error() {
	local ipvs_rc=0
	nflb_error "$@"
	shift
	ip netns exec "$ID-ipvs" ipvsadm "$@" >/dev/null 2>&1 || ipvs_rc=$?
	[[ $RC == "$ipvs_rc" ]] || fail "lbadm $* exits $RC, ipvsadm $ipvs_rc"
}
check_error "Service already exists" -A -t 10.0.0.100:80 -s rr
check_error "No such service" -D -t 10.0.0.100:81
check_error "Service not defined" -a -t 10.0.0.100:81 -r 10.0.1.1:80 -m
check_error "Destination already exists" -a -t 10.0.0.100:80 -r 10.0.1.2:80 -m
check_error "No such destination" -d -t 10.0.0.100:80 -r 10.0.1.99:80
check_error "Scheduler not found" -A -t 10.0.0.100:82 -s nosuch
check_error "Tunnel options conflict with forward method" -a -t 10.0.0.100:80 -r 10.0.1.50 -m --tun-type gre
check_error "You need to supply the 'tun-port' option for the 'gue' tunnel type" -a -t 10.0.0.100:80 -r 10.0.1.50 -i --tun-type gue
check_error "invalid port '80x' in '10.0.0.1:80x'" -A -t 10.0.0.1:80x -s rr
check_error "option '-t/-u/-f' is not allowed with '-S'" -S -t 10.0.0.100:80
check_error "invalid fwmark '0' (1 to 4294967295)" -A -f 0 -s rr
check_error "invalid fwmark '0x10' (1 to 4294967295)" -A -f 0x10 -s rr
check_error "Service already exists" -A -f 1 -s rr
check_error "One-Packet Scheduling is only for UDP virtual services" -A --sctp-service 10.0.0.100:53 -s rr -o
check_error "One-Packet Scheduling is only for UDP virtual services" -A -t 10.0.0.100:53 -s rr -o
check_error "No such service" -D -f 99
check_error "No such destination" -d -f 1 -r 10.0.1.12
nflb_error "Table size must be a prime number" -A -t 10.0.0.100:186 -s mh --mh-table-size 4096
nflb_error "scheduler flag 'mh-port' does not apply to scheduler 'rr'" -A -t 10.0.0.100:186 -s rr -b mh-port
check_error "invalid persistence timeout '0' (1 to 2678400 seconds)" -A -t 10.0.0.100:186 -p 0
check_error "invalid netmask '255.x.0.0'" -A -t 10.0.0.100:186 -p -M 255.x.0.0
check_error "invalid netmask '129' (an IPv6 prefix length, 1 to 128)" -A -t [2001:db8::100]:186 -p -M 129
nflb_error "real server '10.0.1.1:80' is not of the service's address family" -a -t [2001:db8::100]:80 -r 10.0.1.1:80 -m
# As ipvsadm: without -m the real server is direct routing, whose port is
# the service's, and there is no such server on that port.
check_error "No such destination" -e -t 10.0.0.100:80 -r 10.0.1.12:8080 -w 1
[[ "$(ip netns exec "$ID-nflb" "$LBADM" -Ln)" == "$before" ]] || fail "a failed command changed the table"

# A table that takes many dump messages, loaded by lbd in one go.
conf=$(mktemp)
{
	echo "services = ("
	for ((i = 0; i < 3000; i++)); do
		sep=","
		((i == 2999)) && sep=""
		echo "{ address = \"10.$((i / 250 + 1)).$((i % 250)).1\"; port = 80; scheduler = \"rr\";"
		echo "  backends = ( { address = \"10.200.0.1\"; forward = \"nat\"; }, { address = \"10.200.0.2\"; forward = \"nat\"; } ); }$sep"
	done
	echo ");"
} >"$conf"
ip netns exec "$ID-nflb" "$LBADM" -C
ip netns exec "$ID-nflb" "$LBD" -c "$conf" -p "$conf.pid" 2>"$conf.log" &
wait_for "lbd to load 3000 services" grep -q applied "$conf.log"
cat "$conf.log"
kill "$(cat "$conf.pid")"
list=$(ip netns exec "$ID-nflb" "$LBADM" -Ln)
n_svc=$(grep -c '^TCP' <<<"$list")
n_dest=$(grep -c '^  -> 10.200' <<<"$list")
[[ $n_svc == 3000 && $n_dest == 6000 ]] || fail "listed $n_svc services and $n_dest destinations, not 3000 and 6000"
echo "  listed 3000 services and 6000 destinations"
ip netns exec "$ID-nflb" "$LBADM" -C
[[ $(ip netns exec "$ID-nflb" "$LBADM" -Ln | wc -l) == 3 ]] || fail "-C left services"
rm -f "$conf" "$conf.log"

ip netns del "$ID-ipvs"
ip netns del "$ID-nflb"
trap cleanup EXIT
unload_module
kernel_clean
