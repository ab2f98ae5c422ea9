#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every forwarding method over IPv6, side by side with IPVS: the
# forwarding scenario with IPv6 addresses (see forwarding.sh).
NFLB_FAMILY=6 exec bash "$(dirname "$0")/forwarding.sh"
