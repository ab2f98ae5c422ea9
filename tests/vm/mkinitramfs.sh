#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (once, cached) the test VM's initramfs for kernel KVER: busybox as
# /init plus the modules that 9p and overlayfs need. Prints its path.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
kver=$1
dir=$top/build/vm
img=$dir/initramfs-$kver.cpio.gz
[[ $img -nt $top/tests/vm/init.sh ]] && { echo "$img"; exit 0; }

mkdir -p "$dir"
stage=$(mktemp -d "$dir/stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/modules"
cp /bin/busybox "$stage/bin/busybox"
cp "$top/tests/vm/init.sh" "$stage/init"
chmod +x "$stage/init"

: >"$stage/modules.list"
for m in virtio_pci 9pnet_virtio 9p overlay; do
	modprobe -S "$kver" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' | while read -r path; do
	name=$(basename "$path")
	case "$name" in
	*.xz) xz -dc "$path" >"$stage/modules/${name%.xz}"; name=${name%.xz} ;;
	*.zst) zstd -qdc "$path" >"$stage/modules/${name%.zst}"; name=${name%.zst} ;;
	*) cp "$path" "$stage/modules/$name" ;;
	esac
	echo "$name" >>"$stage/modules.list"
done

# Written aside and renamed: VMs that boot at once may each build it.
(cd "$stage" && find . -path ./image -prune -o -print | cpio -o -H newc --quiet) |
	gzip -1 >"$stage/image"
mv "$stage/image" "$img"
echo "$img"
