#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# GUE and GRE tunnels, with and without their checksum options, side by
# side with IPVS: the forwarding scenario's tunnel cases (see
# forwarding.sh), split from it so that each runs within its time.
NFLB_FWD_TUNNELS=1 exec bash "$(dirname "$0")/forwarding.sh"
