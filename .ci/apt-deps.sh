#!/usr/bin/env bash
# Make sure the Debian packages the tests need are installed.
# As root: installs the missing ones with apt-get. Otherwise: prints the exact command and fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mapfile -t pkgs < <(grep -v '^\s*#' "$here/apt-packages.txt" | sed '/^\s*$/d')
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  rm -rf "${MPLCONFIGDIR:-/nonexistent}"   # a font cache made before the CJK fonts arrived would not see them
else
  echo "These Debian packages are needed for the tests but not installed:" >&2
  echo "  ${missing[*]}" >&2
  echo "Run, as root:" >&2
  echo "  sudo sh -c '$cmd'" >&2
  exit 1
fi
