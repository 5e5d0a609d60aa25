#!/usr/bin/env bash
# Installs the Debian 12 packages firedrill needs (only those missing; via sudo when not root),
# then configures and builds into build/. Safe to run again: a second run only rebuilds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(
  cmake ninja-build g++ ccache pkg-config
  libboost-dev libboost-graph-dev libboost-program-options-dev
  nlohmann-json3-dev catch2 libfmt-dev libhowardhinnant-date-dev tzdata
  gnuplot-nox fonts-dejavu-core
  libsfml-dev libimgui-dev libgl-dev libx11-dev xvfb xauth
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

jobs=$(nproc)
((jobs > 2)) && jobs=2
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
