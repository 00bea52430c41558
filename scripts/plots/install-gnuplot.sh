#!/usr/bin/env bash
# Installs gnuplot (Debian package gnuplot-nox, no X) for `make plots`, as scripts/install-deps.sh
# installs the build packages: nothing happens when it is present. Runs as root, or through sudo.
set -euo pipefail

command -v gnuplot >/dev/null && exit 0
echo "install-gnuplot: installing gnuplot-nox" >&2
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-gnuplot: need root or sudo to install gnuplot-nox" >&2; exit 1; }
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends gnuplot-nox
