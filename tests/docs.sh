#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The manual page keeps up with lbadm: every long option lbadm accepts is
# documented in lbadm(8), and the page formats without warnings. Prints
# "PASS docs" or "FAIL docs: ...".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
page=$top/lbadm/lbadm.8
missing=()
for opt in $(sed -n 's/^\t{ "\([a-z-]*\)", .*/\1/p' "$top/lbadm/parse.c"); do
	grep -q -- "\\\\-\\\\-${opt//-/\\\\-}\\b" "$page" || missing+=("--$opt")
done
if ((${#missing[@]})); then
	echo "FAIL docs: not in lbadm(8): ${missing[*]}"
	exit 1
fi
if command -v groff >/dev/null; then
	warnings=$(groff -man -ww -z "$page" 2>&1)
	[[ -z $warnings ]] || { echo "FAIL docs: groff: $warnings"; exit 1; }
fi
echo "PASS docs"
