# SPDX-License-Identifier: GPL-2.0
# Source it. Can this host run the scenarios itself, without the VM? It
# needs root, module loading, and the running kernel's headers (so that
# `make` builds nflb.ko for it). NFLB_DIRECT=1 or 0 overrides.
run_directly() {
	if [[ -n ${NFLB_DIRECT:-} ]]; then
		[[ $NFLB_DIRECT == 1 ]]
		return
	fi
	[[ $(id -u) == 0 && -e /proc/modules &&
		$(cat /proc/sys/kernel/modules_disabled 2>/dev/null) == 0 &&
		-d /lib/modules/$(uname -r)/build ]]
}
