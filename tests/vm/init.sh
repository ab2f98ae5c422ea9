#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the test VM: mount the host's root read-only over virtio-9p, put
# a tmpfs overlay on it, and run $NFLB_RUN inside it. The kernel passes
# unknown NAME=value arguments of its command line to us as environment.
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /host /ovl /root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
for m in $(cat /modules.list); do
	insmod "/modules/$m" || echo "vm: insmod $m failed"
done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 hostroot /host || exec poweroff -f
mount -t tmpfs -o size=75% tmpfs /ovl
mkdir -p /ovl/upper /ovl/work
mount -t overlay overlay -o lowerdir=/host,upperdir=/ovl/upper,workdir=/ovl/work /root
if [ -n "$NFLB_OUT" ]; then
	mkdir -p "/root$NFLB_OUT"
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 outdir "/root$NFLB_OUT"
fi
mount -t proc proc /root/proc
mount -t sysfs sysfs /root/sys
mount -t devtmpfs dev /root/dev
mkdir -p /root/dev/pts /root/run /root/sys/fs/bpf
ln -s /proc/self/fd /root/dev/fd
ln -s /proc/self/fd/0 /root/dev/stdin
ln -s /proc/self/fd/1 /root/dev/stdout
ln -s /proc/self/fd/2 /root/dev/stderr
mount -t devpts devpts /root/dev/pts
mount -t tmpfs tmpfs /root/run
mount -t tmpfs tmpfs /root/var/run 2>/dev/null
mkdir -p /root/run/netns
hostname nflb-vm
# switch_root, not chroot: the kernel's module autoloading must see the
# real root, as on a host.
exec switch_root /root /bin/bash -c '
cd "$NFLB_CWD" && bash "$NFLB_RUN" </dev/console >/dev/console 2>&1
echo "NFLB-VM-EXIT $?" >/dev/console
echo o >/proc/sysrq-trigger
# Power-off is asynchronous: wait for it without starting programs from
# the host file system, which is going away.
while :; do read -r -t 1 </dev/console || :; done'
