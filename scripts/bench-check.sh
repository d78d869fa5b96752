#!/usr/bin/env bash
# Times `gongkai check` over a folder of 10,000 reports (copies of the example and corpus texts) on
# all cores, with every rule on and with every rule off (reading, parsing and identities only), and
# prints reports/s and how much the rule set adds. Each variant runs `runs` times (default 3),
# alternating, and the median is taken: on a shared machine single runs vary by ±10–20%.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-3}
cargo build --release -q -p gongkai
bin=target/release/gongkai
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sources=(examples/*.txt examples/*.md)
[ -d ../shared/corpus ] && sources+=(../shared/corpus/seeds/*.txt ../shared/corpus/real/*.txt)
for ((i = 0; i < n; i++)); do
  src=${sources[i % ${#sources[@]}]}
  ext=${src##*.}
  cp "$src" "$dir/r$i.$ext"
done
time_of() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
"$bin" check --format tsv "$dir" > /dev/null 2>&1 || true   # warm the page cache
offs=() ons=()
for ((r = 0; r < runs; r++)); do
  offs+=("$(time_of "$bin" check --format tsv --level all=off "$dir")")
  ons+=("$(time_of "$bin" check --format tsv "$dir")")
done
off=$(median "${offs[@]}")
on=$(median "${ons[@]}")
echo "reports: $n, cores: $(nproc), runs: $runs (off: ${offs[*]} ms; on: ${ons[*]} ms)"
echo "read+parse only (all rules off): ${off} ms, $((n * 1000 / (off > 0 ? off : 1))) reports/s"
echo "full check (all rules):          ${on} ms, $((n * 1000 / (on > 0 ? on : 1))) reports/s"
echo "the rule set adds: $(((on - off) * 100 / (off > 0 ? off : 1)))%"
