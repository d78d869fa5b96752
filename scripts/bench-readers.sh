#!/usr/bin/env bash
# Times, on the same files in one run, the whole read of each document format against the usual
# converter alone: DOCX → cells against `pandoc -t plain` (goal: faster than pandoc's conversion
# alone) and PDF → cells against `pdftotext -layout` (goal: within 2×). Prints both and the ratios.
#
# Usage: scripts/bench-readers.sh [RUNS]      (RUNS defaults to 20)
# Files: ../shared/corpus/real/*.docx and *.pdf plus DOCX rendered from the examples.
# Installs pandoc and poppler-utils from Debian when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}

need=()
command -v pandoc > /dev/null || need+=(pandoc)
command -v pdftotext > /dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}…" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq > /dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
fi
cargo build --release -q -p gongkai
gongkai=target/release/gongkai

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
docx=(../shared/corpus/real/*.docx)
for f in examples/2021-tabbed.txt examples/2019-cell-per-line.txt examples/2021-layout.txt; do
  out="$work/$(basename "${f%.*}").docx"
  "$gongkai" render --force --to docx -o "$out" "$f" > /dev/null 2>&1 && docx+=("$out")
done
pdf=(../shared/corpus/real/*.pdf)

# Milliseconds to run "$@" on every file of the named array, $runs times (after one warm-up).
time_ms() {
  local -n list=$1
  shift
  for f in "${list[@]}"; do [ -e "$f" ] && "$@" "$f" > /dev/null 2>&1 || true; done
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do
    for f in "${list[@]}"; do [ -e "$f" ] && "$@" "$f" > /dev/null 2>&1 || true; done
  done
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

cells() { "$gongkai" extract --format cells "$1"; }
plain() { pandoc -t plain "$1"; }
layout() { pdftotext -layout "$1" -; }

report() { # name, files, ours, theirs, converter, goal
  awk -v name="$1" -v n="$2" -v o="$3" -v t="$4" -v conv="$5" -v goal="$6" 'BEGIN {
    printf "%s (%d files × %d runs)\n", name, n / ENVIRON["RUNS"], ENVIRON["RUNS"]
    printf "  gongkai extract --format cells: %8.1f ms per file\n", o / n
    printf "  %-31s %8.1f ms per file\n", conv ":", t / n
    printf "  ratio gongkai / %s: %.2f (goal: %s)\n", conv, o / t, goal
  }'
}
export RUNS=$runs
if [ -e "${docx[0]}" ]; then
  report DOCX $((runs * ${#docx[@]})) "$(time_ms docx cells)" "$(time_ms docx plain)" "pandoc -t plain" "< 1"
fi
if [ -e "${pdf[0]}" ]; then
  report PDF $((runs * ${#pdf[@]})) "$(time_ms pdf cells)" "$(time_ms pdf layout)" "pdftotext -layout" "<= 2"
fi
