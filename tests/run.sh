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
	unit_rc=${PIPESTATUS[0]}
	passed=$((passed + $(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | paste -sd+ | bc)))
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | paste -sd+ | bc)
	failed=$((failed + ${f:-0}))
	if ! grep -q PASSED "$log"; then
		echo "FAIL unit tests did not build or run"
		failed=$((failed + 1))
	elif [[ $unit_rc != 0 && -z $f ]]; then
		# A sanitizer ends the program before cmocka reports.
		echo "FAIL a unit test program ended abnormally (status $unit_rc)"
		failed=$((failed + 1))
	fi
fi

tests/docs.sh >"$log" 2>&1
cat "$log"
count

cc -O2 -Wall -Wextra -o build/lbtraffic tests/tools/lbtraffic.c || failed=$((failed + 1))
cc -O2 -Wall -Wextra -o build/lbflood tests/tools/lbflood.c || failed=$((failed + 1))
cc -O2 -Wall -Wextra -o build/lbicmp tests/tools/lbicmp.c || failed=$((failed + 1))

if run_directly; then
	echo "== scenarios on this host ($(uname -r))"
	NFLB_KO=${NFLB_KO:-$top/nflb.ko} tests/vm/run-in-vm.sh 2>&1 | tee "$log"
	count
	NFLB_KO=${NFLB_KO:-$top/nflb.ko} NFLB_CONNTRACK_PASSES=0 \
		tests/vm/run-in-vm.sh stress 2>&1 | tee "$log"
	count
else
	# The newest installed kernel runs everything; the others share the
	# work (NFLB_KERNEL_SHARE=some): the scenarios whose checks do not
	# depend on the kernel skip there, and so, under conntrack, do those
	# that do not exercise it. Each kernel's two passes (without and
	# with conntrack) are VMs of their own, as many at once as there are
	# cores, the longest first: a VM's vCPUs share one host thread (see
	# vm.sh), so two VMs on two cores take as long as one. Each VM's
	# lines carry its name.
	cores=${NFLB_VM_JOBS:-$(nproc)}
	kernels=()
	for img in $(ls /boot/vmlinuz-* 2>/dev/null | sort -V); do
		k=${img#/boot/vmlinuz-}
		[[ -r build/kmod/$k/nflb.ko ]] && kernels+=("$k")
	done
	newest=${kernels[${#kernels[@]} - 1]:-}
	# A job: kernel, conntrack pass, share, name, then vm.sh's options
	# and the scenarios (all by default), apart by a "|". The stress scenario has a VM of its own whose two
	# vCPUs run on two host threads (qemu's multi-threaded TCG), so that
	# they really race.
	vm_jobs=()
	for ct in 0 1; do
		[[ -n $newest ]] && vm_jobs+=("$newest $ct all ct=$ct")
		for k in "${kernels[@]}"; do
			[[ $k != "$newest" ]] && vm_jobs+=("$k $ct some ct=$ct")
		done
	done
	[[ -n $newest ]] &&
		vm_jobs+=("$newest 0 all stress --tcg-thread multi|stress")
	vms=()
	for job in "${vm_jobs[@]}"; do
		read -r k ct share name args <<<"$job"
		while [[ $(running "${vms[@]}") -ge $cores ]]; do sleep 5; done
		echo "== scenarios in a VM running $k, conntrack=$ct ($name)"
		(
			# shellcheck disable=SC2086
			NFLB_CONNTRACK_PASSES=$ct NFLB_KERNEL_SHARE=$share \
				NFLB_VM_TIMEOUT=${NFLB_VM_TIMEOUT:-3600} \
				tests/vm/vm.sh -k "$k" ${args%%|*} \
				tests/vm/run-in-vm.sh ${args#*|} \
				>"$log.$k.$name" 2>&1
			echo $? >"$log.$k.$name.rc"
		) &
		vms+=($!)
		tail -n +1 -F --pid=$! "$log.$k.$name" 2>/dev/null |
			sed -u "s/^/[$k $name] /" &
	done
	wait
	for job in "${vm_jobs[@]}"; do
		read -r k ct share name args <<<"$job"
		cp "$log.$k.$name" "$log"
		count
		rc=$(cat "$log.$k.$name.rc" 2>/dev/null || echo 1)
		if [[ $rc -ne 0 ]] && ! grep -q '^FAIL ' "$log"; then
			echo "FAIL the VM on $k (conntrack=$ct) ended abnormally (status $rc)"
			failed=$((failed + 1))
		fi
		grep -E '^(PASS|FAIL|SKIP) ' "$log" | sed "s/^/  /"
	done
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
