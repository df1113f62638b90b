#!/bin/sh
# compare.sh runs the benchmarks of this package and compares PureEdge
# with raw wazero by benchstat (golang.org/x/perf/cmd/benchstat), wazero
# being the base column:
#
#	bench/compare.sh                  # all benchmarks, -count 6
#	COUNT=10 BENCH='Execute|HostCall' bench/compare.sh
#	bench/compare.sh old.txt          # only compare a saved run
#
# The raw output goes to $OUT (default bench.txt in the current directory).
set -e
out=${OUT:-bench.txt}
if [ $# -gt 0 ]; then
	out=$1
else
	go test -run '^$' -bench "${BENCH:-.}" -count "${COUNT:-6}" "$(cd "$(dirname "$0")" && pwd)" | tee "$out"
fi
benchstat=${BENCHSTAT:-benchstat}
command -v "$benchstat" >/dev/null 2>&1 || benchstat="go run golang.org/x/perf/cmd/benchstat@latest"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# Name the implementation as a key, so that it can be a column.
sed -E -e 's#^BenchmarkExecute/(pureedge|wazero)/#BenchmarkExecute/impl=\1/guest=#' \
	-e 's#^BenchmarkCallOverhead/(pureedge|wazero)#BenchmarkCallOverhead/impl=\1#' \
	-e 's#^BenchmarkHostCall/(sdk-noalloc|wazero|fast|sdk)#BenchmarkHostCall/impl=\1#' "$out" |
	grep -E '^(goos|goarch|pkg|cpu|BenchmarkExecute|BenchmarkCallOverhead|BenchmarkHostCall|BenchmarkMeter)' >"$tmp" || true
echo
echo "== PureEdge against raw wazero (base column)"
$benchstat -col '/impl@(wazero pureedge fast sdk sdk-noalloc)' -filter '-BenchmarkMeter' "$tmp"
echo
echo "== Metering: raw wazero (base), wazero + WithCloseOnContextDone, plain VM, VM with counting + cost + limit"
$benchstat -col '/impl@(wazero wazero-closectx pureedge pureedge-stats)' -filter 'BenchmarkMeter' "$tmp"
echo
echo "== All"
$benchstat "$out"
