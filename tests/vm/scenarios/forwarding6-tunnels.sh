#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The tunnel cases of forwarding-tunnels.sh over IPv6 (see forwarding.sh).
NFLB_FAMILY=6 NFLB_FWD_TUNNELS=1 exec bash "$(dirname "$0")/forwarding.sh"
