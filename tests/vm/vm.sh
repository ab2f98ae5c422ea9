#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a Debian kernel under qemu with the host's root file system shared
# read-only (plus a tmpfs overlay) and run one script inside it.
#
#   tests/vm/vm.sh [-k KVER] [--icount] [--mem MB] [--smp N]
#                  [--tcg-thread single|multi] SCRIPT [ARGS...]
#
# Exits with the script's status. The console goes to stdout.
#
# The vCPUs run in one host thread by default: with one thread per vCPU,
# QEMU 7.2 can let a vCPU execute code translated while another vCPU was
# patching kernel text, so the int3 of a static-key flip (every netfilter
# hook registration that turns a hook point on or off) oopses at random.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
kver=$(ls /lib/modules | sort -V | tail -n 1)
icount=0
mem=2048
smp=2
tcg_thread=single
timeout_s=${NFLB_VM_TIMEOUT:-1500}

while [[ $# -gt 0 ]]; do
	case "$1" in
	-k) kver=$2; shift 2 ;;
	--icount) icount=1; smp=1; shift ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--tcg-thread) tcg_thread=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "vm.sh: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
done
[[ $# -ge 1 ]] || { echo "usage: vm.sh [-k KVER] [--icount] [--tcg-thread single|multi] SCRIPT [ARGS...]" >&2; exit 2; }

kernel=/boot/vmlinuz-$kver
[[ -r $kernel ]] || { echo "vm.sh: no kernel image '$kernel' (install linux-image-$kver)" >&2; exit 2; }

initrd=$("$top/tests/vm/mkinitramfs.sh" "$kver")
out=$(mktemp -d "$top/build/vm/run.XXXXXX")
trap 'rm -rf "$out"' EXIT

script=$(realpath "$1"); shift
{
	echo '#!/bin/bash'
	echo "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	echo "export NFLB_IN_VM=1 NFLB_OUT=$(printf %q "$out")"
	for v in NFLB_VERBOSE NFLB_BENCH_ARGS NFLB_CONNTRACK_PASSES NFLB_KERNEL_SHARE \
		NFLB_KO NFLB_STRESS_SECONDS; do
		[[ -n ${!v:-} ]] && echo "export $v=$(printf %q "${!v}")"
	done
	printf 'exec bash %q' "$script"
	[[ $# -eq 0 ]] || printf ' %q' "$@"
	echo
} >"$out/run.sh"

accel=(-machine pc -accel "tcg,thread=$tcg_thread" -cpu max)
[[ $icount -eq 1 ]] && accel+=(-icount shift=0,sleep=off)

set +e
timeout "$timeout_s" qemu-system-x86_64 -nodefaults -no-user-config -nographic \
	"${accel[@]}" -m "$mem" -smp "$smp" -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 quiet loglevel=4 panic=-1 NFLB_RUN=$out/run.sh NFLB_OUT=$out NFLB_CWD=$PWD" \
	-serial stdio \
	-fsdev local,id=r,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=r,mount_tag=hostroot \
	-fsdev local,id=o,path="$out",security_model=none \
	-device virtio-9p-pci,fsdev=o,mount_tag=outdir \
	</dev/null | tee "$out/console.log"
set -e
rc=$(sed -n 's/^NFLB-VM-EXIT \([0-9]*\).*/\1/p' "$out/console.log" | tail -n 1)
if [[ -z $rc ]]; then
	echo "vm.sh: the VM ended without an exit status (crash or timeout)" >&2
	exit 3
fi
# A scenario checks dmesg itself; this also catches what the kernel prints
# after the scenario ended (module unload, namespace teardown). It stops at
# power-off: from there the host file system goes away under init, which
# may die of a fault in its own (shared) binary, and the kernel says so.
if sed '/sysrq: Power Off/q' "$out/console.log" |
	grep -E 'Call Trace|Oops|BUG:|WARNING:|Kernel panic' >/dev/null; then
	echo "vm.sh: the kernel logged a problem on the console (see above)" >&2
	[[ $rc -ne 0 ]] || rc=4
fi
exit "$rc"
