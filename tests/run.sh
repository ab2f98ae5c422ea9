#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Everything `make test` runs: the cmocka unit tests, then the scenarios
# through real packets: directly when this host can load modules (root,
# module loading enabled, headers of the running kernel: nflb.ko is built
# for it), otherwise in a VM on every installed Debian kernel.
# NFLB_DIRECT=1 or 0 forces either way; NFLB_SKIP_UNIT=1 skips the unit
# tests. Ends with one line "N passed, N failed, N skipped".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
passed=0 failed=0 skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # count PASS/FAIL/SKIP lines of a scenario log
	passed=$((passed + $(grep -c '^PASS ' "$log")))
	failed=$((failed + $(grep -c '^FAIL ' "$log")))
	skipped=$((skipped + $(grep -c '^SKIP ' "$log")))
}

source "$top/tests/vm/host.sh"

if [[ ${NFLB_SKIP_UNIT:-0} != 1 ]]; then
	echo "== unit tests"
	make -s -C tests/unit run 2>&1 | tee "$log"
	passed=$((passed + $(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | paste -sd+ | bc)))
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | paste -sd+ | bc)
	failed=$((failed + ${f:-0}))
	if ! grep -q PASSED "$log"; then
		echo "FAIL unit tests did not build or run"
		failed=$((failed + 1))
	fi
fi

tests/docs.sh >"$log" 2>&1
cat "$log"
count

cc -O2 -Wall -Wextra -o build/lbtraffic tests/tools/lbtraffic.c || failed=$((failed + 1))
cc -O2 -Wall -Wextra -o build/lbflood tests/tools/lbflood.c || failed=$((failed + 1))

if run_directly; then
	echo "== scenarios on this host ($(uname -r))"
	NFLB_KO=${NFLB_KO:-$top/nflb.ko} tests/vm/run-in-vm.sh 2>&1 | tee "$log"
	count
else
	for img in $(ls /boot/vmlinuz-* 2>/dev/null | sort -V); do
		k=${img#/boot/vmlinuz-}
		[[ -r build/kmod/$k/nflb.ko ]] || continue
		echo "== scenarios in a VM running $k"
		# Every scenario twice (without and with conntrack), each
		# bounded by its own 600 s (sched-parity and persistence only
		# without): about 30 min under emulation.
		NFLB_VM_TIMEOUT=${NFLB_VM_TIMEOUT:-3600} \
			tests/vm/vm.sh -k "$k" tests/vm/run-in-vm.sh 2>&1 | tee "$log"
		rc=${PIPESTATUS[0]}
		count
		if [[ $rc -ne 0 ]] && ! grep -q '^FAIL ' "$log"; then
			echo "FAIL the VM on $k ended abnormally (status $rc)"
			failed=$((failed + 1))
		fi
	done
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
