#!/usr/bin/env bash
# Installs the Debian packages the portal needs, only those missing, so `make` is fast when
# everything is there. Usage: install-system-deps.sh run|test
#   run : CJK fonts (contract PDFs, rendered text), WeasyPrint's Pango, gettext (translations)
#   test: the above plus Chromium (browser tests) and poppler-utils (pdftotext in PDF tests)
#   bench: the above plus wrk (load generator for `make bench`)
#   soak: the run packages plus the PostgreSQL 15 server and client and redis-server (`make soak`
#         starts a private cluster and a private Redis of its own)
set -euo pipefail

run_packages=(fonts-noto-cjk gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
test_packages=(chromium poppler-utils)
bench_packages=(wrk)
soak_packages=(postgresql-15 postgresql-client-15 redis-server redis-tools)

packages=("${run_packages[@]}")
case "${1:-run}" in
  test) packages+=("${test_packages[@]}") ;;
  bench) packages+=("${bench_packages[@]}") ;;
  soak) packages+=("${soak_packages[@]}") ;;
esac

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
