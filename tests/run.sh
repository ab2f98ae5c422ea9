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
trap 'rm -f "$log" "$log".*' EXIT

count() { # count PASS/FAIL/SKIP lines of a scenario log
	passed=$((passed + $(grep -c '^PASS ' "$log")))
	failed=$((failed + $(grep -c '^FAIL ' "$log")))
	skipped=$((skipped + $(grep -c '^SKIP ' "$log")))
}

running() { # running PID...: how many of them still run
	local n=0 p
	for p in "$@"; do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done
	echo $n
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
	# One VM per installed kernel, as many at once as there are cores:
	# a VM's vCPUs share one host thread (see vm.sh), so two VMs on two
	# cores take as long as one. Each kernel's lines carry its name.
	jobs=${NFLB_VM_JOBS:-$(nproc)}
	kernels=()
	for img in $(ls /boot/vmlinuz-* 2>/dev/null | sort -V); do
		k=${img#/boot/vmlinuz-}
		[[ -r build/kmod/$k/nflb.ko ]] && kernels+=("$k")
	done
	vms=()
	for k in "${kernels[@]}"; do
		while [[ $(running "${vms[@]}") -ge $jobs ]]; do sleep 5; done
		echo "== scenarios in a VM running $k"
		# Every scenario bounded by its own 600 s, without and with
		# conntrack where both mean something.
		(
			NFLB_VM_TIMEOUT=${NFLB_VM_TIMEOUT:-3600} \
				tests/vm/vm.sh -k "$k" tests/vm/run-in-vm.sh \
				>"$log.$k" 2>&1
			echo $? >"$log.$k.rc"
		) &
		vms+=($!)
		tail -n +1 -F --pid=$! "$log.$k" 2>/dev/null | sed -u "s/^/[$k] /" &
	done
	wait
	for k in "${kernels[@]}"; do
		cp "$log.$k" "$log"
		count
		rc=$(cat "$log.$k.rc" 2>/dev/null || echo 1)
		if [[ $rc -ne 0 ]] && ! grep -q '^FAIL ' "$log"; then
			echo "FAIL the VM on $k ended abnormally (status $rc)"
			failed=$((failed + 1))
		fi
		grep -E '^(PASS|FAIL|SKIP) ' "$log" | sed "s/^/  /"
		rm -f "$log.$k" "$log.$k.rc"
	done
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
