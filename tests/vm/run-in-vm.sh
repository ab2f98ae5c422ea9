#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run scenarios (default: all) in the running kernel (in the VM, or on a
# host that can load modules), first without nf_conntrack,
# then with it loaded and a stateful firewall on the director
# (NFLB_CONNTRACK_PASSES="0 1"; tests/run.sh gives each its own VM). With
# NFLB_KERNEL_SHARE=some (a kernel that shares the work with the newest),
# the conntrack pass runs only the scenarios that exercise conntrack
# itself. Prints
# "PASS name" / "FAIL name" / "SKIP name" lines (a scenario that exits
# 77 has nothing to check in that run) and "N passed, N failed, N
# skipped".
set -u
dir=$(cd "$(dirname "$0")" && pwd)
scenarios=("$@")
# Scenarios that need a VM of their own (tests/run.sh boots it): stress
# wants two vCPUs that really run at once. All the others run by default.
own_vm=" stress "
if [[ ${#scenarios[@]} -eq 0 ]]; then
	for s in $(cd "$dir/scenarios" && ls *.sh | sed 's/\.sh$//'); do
		[[ $own_vm == *" $s "* ]] || scenarios+=("$s")
	done
fi
passed=0 failed=0 skipped=0
kver=$(uname -r)

[[ ${NFLB_IN_VM:-0} == 1 ]] && dmesg -n 4 2>/dev/null
# The scenarios whose packets meet conntrack in ways of their own.
conntrack_core=" forwarding forwarding6 icmp nat-rules port-reuse "
for ct in ${NFLB_CONNTRACK_PASSES:-0 1}; do
	if [[ $ct == 1 ]]; then
		modprobe nf_conntrack && modprobe xt_state 2>/dev/null || true
	fi
	for s in "${scenarios[@]}"; do
		name="$s[$kver,conntrack=$ct]"
		if [[ $ct == 1 && ${NFLB_KERNEL_SHARE:-all} == some &&
			$conntrack_core != *" $s "* ]]; then
			echo "SKIP $name (the newest kernel runs it)"
			skipped=$((skipped + 1))
			continue
		fi
		echo "=== $name"
		start=$(date +%s)
		NFLB_CONNTRACK=$ct timeout 600 bash "$dir/scenarios/$s.sh"
		rc=$?
		if [[ $rc == 0 ]]; then
			echo "PASS $name ($(($(date +%s) - start)) s)"
			passed=$((passed + 1))
		elif [[ $rc == 77 ]]; then
			echo "SKIP $name"
			skipped=$((skipped + 1))
		else
			echo "FAIL $name"
			failed=$((failed + 1))
			rmmod nflb 2>/dev/null
		fi
	done
done
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed == 0 ]]
