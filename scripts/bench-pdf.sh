#!/usr/bin/env bash
# Times PDF → cells (`gongkai extract --format cells`: reading, layout and the whole parse) against
# `pdftotext -layout` alone on the same files, and prints both and their ratio (goal: within 2×).
#
# Usage: scripts/bench-pdf.sh [RUNS] [PDF...]
#   RUNS defaults to 20; the PDFs default to ../shared/corpus/real/*.pdf.
# Installs poppler-utils (pdftotext) from Debian when it is missing; builds the release binary
# unless GONGKAI names one to time.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-20}
shift || true
if [ $# -gt 0 ]; then
    files=("$@")
else
    files=(../shared/corpus/real/*.pdf)
fi
if [ ! -e "${files[0]}" ]; then
    echo "no PDF to time (give files, or put ../shared/corpus/real beside the repository)" >&2
    exit 2
fi

if ! command -v pdftotext >/dev/null; then
    echo "installing poppler-utils (pdftotext)…" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq >/dev/null
    $sudo apt-get install -y -qq poppler-utils >/dev/null
fi

if [ -z "${GONGKAI:-}" ]; then
    cargo build --release -q -p gongkai
fi
gongkai=${GONGKAI:-target/release/gongkai}

# Milliseconds to run "$@" once per file, $runs times over (one warm-up round first).
time_ms() {
    for f in "${files[@]}"; do "$@" "$f" >/dev/null 2>&1 || true; done
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do
        for f in "${files[@]}"; do "$@" "$f" >/dev/null 2>&1 || true; done
    done
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

pdftotext_layout() { pdftotext -layout "$1" -; }
gongkai_cells() { "$gongkai" extract --format cells "$1"; }

ours=$(time_ms gongkai_cells)
theirs=$(time_ms pdftotext_layout)
n=$((runs * ${#files[@]}))
echo "files: ${#files[@]}, runs: $runs"
awk -v o="$ours" -v t="$theirs" -v n="$n" 'BEGIN {
    printf "gongkai extract --format cells: %8.1f ms per file\n", o / n
    printf "pdftotext -layout:              %8.1f ms per file\n", t / n
    printf "ratio (gongkai / pdftotext):    %8.2f  (goal: <= 2)\n", o / t
}'
