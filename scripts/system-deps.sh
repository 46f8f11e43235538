#!/usr/bin/env bash
# Install the Debian packages the tests use: Chromium (browser tests), LibreOffice and
# CJK fonts (PDF rendering), poppler (PDF pictures), PostgreSQL (the second database),
# nginx (`nginx -t` of deploy/nginx), Tesseract with its Simplified Chinese model (the
# reader's OCR of scanned reports).
# Runs apt-get only when something is missing and we are root; otherwise says what to do.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
[ "$(fc-list 2>/dev/null | grep -ci "Noto Serif CJK")" != 0 ] || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || need+=(nginx-light)
command -v tesseract >/dev/null || need+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] \
  || ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 \
  || need+=(tesseract-ocr-chi-sim)
[ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "note: missing Debian packages: ${need[*]} (sudo apt-get install ${need[*]});" \
       "the tests that need them are skipped" >&2
  exit 0
fi
echo "installing Debian packages: ${need[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
