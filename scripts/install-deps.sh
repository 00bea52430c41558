#!/usr/bin/env bash
# Installs the Debian packages legcnet builds and tests with, and nothing else; does nothing when
# they are all present. Runs as root, or through sudo. Extra package names given as arguments
# (e.g. gnuplot-nox for `make plots`) are installed the same way.
set -euo pipefail

packages=(
  g++ cmake make pkg-config        # toolchain
  libeigen3-dev                    # linear algebra
  libcli11-dev                     # subcommands and TOML config files
  libfccp-dev                      # fast-cpp-csv-parser: CSV reading
  libspdlog-dev                    # logging
  libboost-dev                     # Boost.Math (header-only): F, chi-squared, incomplete beta
  zlib1g-dev                       # MNIST's gzip-compressed IDX files
  libgtest-dev                     # GoogleTest
  libbenchmark-dev                 # Google Benchmark (bench/ targets)
  python3-numpy                    # a test checks that numpy.load reads legcnet's .npy files
  coinor-libcbc-dev                # COIN-OR CBC and Clp (EPL): prune --method mip
  glpk-utils                       # glpsol (GPL), tests only: an outside check of the MIP models, never linked
  "$@"
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
