#!/usr/bin/env bash
# Render the bundled examples (and a filled-in authoring file) to DOCX and HTML, and turn them
# into PNG pages to look at: DOCX → PDF with LibreOffice headless, HTML → PDF with headless
# Chromium when installed (Debian: chromium-headless-shell; else LibreOffice, which ignores
# most of the page's CSS), PDF → PNG with pdftoppm.
#
#   scripts/look.sh [OUTDIR]        (default: target/look)
#
# Needs soffice (Debian: libreoffice-writer-nogui), pdftoppm (poppler-utils) and CJK fonts
# (fonts-noto-cjk); installs them with apt-get when run as root and they are missing.
# scripts/fonts.conf maps the fonts the documents name (仿宋_GB2312, 方正小标宋简体, 黑体,
# 楷体_GB2312) to Noto CJK for the preview.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/look}
mkdir -p "$out"
out=$(cd "$out" && pwd)

missing=()
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "look.sh: please install: ${missing[*]}" >&2
    exit 2
  fi
fi
export FONTCONFIG_FILE="$PWD/scripts/fonts.conf"

cargo build -q -p gongkai
bin="${CARGO_TARGET_DIR:-target}/debug/gongkai"

# A filled-in authoring file: the 2021 example converted, to exercise the TOML path too.
"$bin" render --to toml -o "$out/2021-authoring.toml" examples/2021-tabbed.txt

chromium=$(command -v chromium-headless-shell || command -v chromium || command -v chromium-browser || command -v google-chrome || true)
for input in examples/2021-tabbed.txt examples/2019-cell-per-line.txt "$out/2021-authoring.toml"; do
  name=$(basename "${input%.*}")
  "$bin" render --force --to docx -o "$out/$name.docx" "$input"
  "$bin" render --force --to html -o "$out/$name-web.html" "$input"
  soffice --headless --convert-to pdf --outdir "$out" "$out/$name.docx" >/dev/null 2>&1
  if [ -n "$chromium" ]; then
    "$chromium" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
      --print-to-pdf="$out/$name-web.pdf" "file://$out/$name-web.html" >/dev/null 2>&1
  else
    soffice --headless --convert-to pdf --outdir "$out" "$out/$name-web.html" >/dev/null 2>&1
  fi
  rm -f "$out/$name"-[0-9]*.png "$out/$name"-web-[0-9]*.png
  pdftoppm -r 60 -png "$out/$name.pdf" "$out/$name"
  pdftoppm -r 60 -png "$out/$name-web.pdf" "$out/$name-web"
done
ls "$out"/*.png
