#!/usr/bin/env bash
# Make sure the Debian packages a make target needs are installed.
#
#   .ci/apt-deps.sh            every group (make test)
#   .ci/apt-deps.sh pdf        only the PDF course pack's packages (make pdf, make pdf-instructor)
#
# As root: installs the missing ones with apt-get (after a one-line notice: a first install takes minutes).
# Otherwise: prints the exact command to run as root and fails, before anything else is attempted.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
groups=("$@")
mapfile -t pkgs < <(awk -v want="${groups[*]:-}" '
  /^[[:space:]]*(#|$)/ { next }
  { if (want == "") { print $1; next }
    n = split(want, w, " ")
    for (i = 1; i <= n; i++) for (j = 2; j <= NF; j++) if ($j == w[i]) { print $1; next } }
' "$here/apt-packages.txt" | sort -u)
[ ${#pkgs[@]} -gt 0 ] || { echo "apt-deps: no packages listed for: ${groups[*]}" >&2; exit 2; }
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing ${#missing[@]} Debian packages (first run only; about 5 minutes here): ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "Installed: ${missing[*]}"
else
  echo "These Debian packages are needed but not installed:" >&2
  echo "  ${missing[*]}" >&2
  echo "Run, as root, then run make again:" >&2
  echo "  sudo sh -c '$cmd'" >&2
  exit 1
fi
