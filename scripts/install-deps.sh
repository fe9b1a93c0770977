#!/usr/bin/env bash
# Installs the Debian 12 packages winnow needs to build and test, only those that are missing.
set -euo pipefail

packages=(g++ meson ninja-build pkg-config python3 cmake
          libgumbo-dev libre2-dev libcurl4-openssl-dev libuchardet-dev nlohmann-json3-dev doctest-dev
          libpugixml-dev zlib1g-dev pybind11-dev python3-dev python3-dask python3-distributed
          clang libclang-rt-14-dev lld)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
