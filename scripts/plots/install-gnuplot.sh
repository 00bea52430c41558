#!/usr/bin/env bash
# gnuplot for `make plots` (Debian's gnuplot-nox, no X), through the project's one installer.
set -euo pipefail
command -v gnuplot >/dev/null && exit 0
exec bash "$(dirname "$0")/../install-deps.sh" gnuplot-nox
