#!/usr/bin/env bash
# Install Rekap Desktop into .venv, with the system libraries Qt needs (Debian/Ubuntu, only those missing).
# Usage: scripts/install.sh            (the application)
#        scripts/install.sh --dev      (plus the test and lint tools)
set -euo pipefail
cd "$(dirname "$0")/.."

# logical dependency → Debian package names to try (newer name first)
deps=(
  "libegl1" "libgl1" "libxkbcommon0" "libxkbcommon-x11-0" "libfontconfig1" "libdbus-1-3"
  "libglib2.0-0t64|libglib2.0-0" "libxcb-cursor0" "libxcb-icccm4" "libxcb-keysyms1" "libxcb-shape0"
  "libxcb-render-util0" "libxcb-image0" "libxcb-randr0" "libxcb-xinerama0" "fonts-dejavu-core" "poppler-utils"
)
if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  missing=()
  updated=0
  for alternatives in "${deps[@]}"; do
    IFS='|' read -r -a names <<< "$alternatives"
    have=0
    for name in "${names[@]}"; do
      if dpkg -s "$name" >/dev/null 2>&1; then have=1; break; fi
    done
    [ "$have" -eq 1 ] && continue
    if [ "$updated" -eq 0 ]; then $SUDO apt-get update -qq; updated=1; fi
    for name in "${names[@]}"; do
      if apt-cache show "$name" >/dev/null 2>&1; then missing+=("$name"); break; fi
    done
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Memasang pustaka sistem: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "--dev" ]; then
  .venv/bin/python -m pip install -q -e ".[dev]"
else
  .venv/bin/python -m pip install -q -e .
fi
