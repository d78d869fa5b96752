#!/usr/bin/env bash
# Scans: accuracy and time per page of `gongkai extract` on synthetic scans of a rendered example,
# against `tesseract` alone on the same page images.
# Needs LibreOffice, pdftoppm, tesseract (chi_sim), Python 3 with Pillow and numpy.
# Usage: scripts/bench-ocr.sh [EXAMPLE] [DPI]   (default 2021-tabbed, 300)
set -euo pipefail
cd "$(dirname "$0")/.."
example=${1:-2021-tabbed}
dpi=${2:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release -q -p gongkai
bin=target/release/gongkai
$bin render --to docx -o "$work/$example.docx" "examples/$example.txt"
soffice -env:UserInstallation=file://$work/profile --headless --convert-to pdf --outdir "$work" "$work/$example.docx" > /dev/null 2>&1
python3 scripts/make-scan.py "$work/$example.pdf" "$work/scan" "$dpi" 0.8 > /dev/null
pages=$(ls "$work"/scan-*.png | wc -l)
score() {
  python3 - "$1" "examples/$example.cells.tsv" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
got = {c['key']: c['value'] for c in d['cells']}
want = dict(l.split('\t', 1) for l in open(sys.argv[2], encoding='utf-8').read().splitlines()[1:] if '\t' in l)
wrong = [k for k in want if got.get(k) != want[k]]
flagged = sum(1 for x in d['diagnostics'] if x['code'] == 'ocr-uncertain-value')
print(f"{len(want) - len(wrong)}/{len(want)} cells ({100 * (len(want) - len(wrong)) / len(want):.1f} %), "
      f"{flagged} ocr-uncertain-value findings; wrong: {', '.join(wrong) or '-'}")
PY
}
start=$(date +%s.%N)
$bin extract --format json "$work/scan.pdf" > "$work/scan.json"
end=$(date +%s.%N)
echo "scan.pdf ($pages pages, $dpi dpi, turned, noise, red seal): $(score "$work/scan.json")"
echo "gongkai extract, whole PDF on all cores: $(echo "$end - $start" | bc) s"
# Per page, one core: gongkai on the PNG against tesseract alone on the same PNG.
total_g=0; total_t=0
for png in "$work"/scan-*.png; do
  s=$(date +%s.%N); OMP_THREAD_LIMIT=1 taskset -c 0 $bin extract "$png" > /dev/null; e=$(date +%s.%N)
  g=$(echo "$e - $s" | bc)
  s=$(date +%s.%N); OMP_THREAD_LIMIT=1 taskset -c 0 tesseract "$png" - -l chi_sim --dpi "$dpi" tsv > /dev/null 2>&1; e=$(date +%s.%N)
  t=$(echo "$e - $s" | bc)
  total_g=$(echo "$total_g + $g" | bc); total_t=$(echo "$total_t + $t" | bc)
done
echo "per page on one core: gongkai $(echo "scale=2; $total_g / $pages" | bc) s, tesseract alone $(echo "scale=2; $total_t / $pages" | bc) s (ratio $(echo "scale=2; $total_g / $total_t" | bc))"
