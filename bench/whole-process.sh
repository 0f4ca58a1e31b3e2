#!/usr/bin/env bash
# Whole-process timing: generates a synthetic CloudTrail export (once), then times `normalize` (read,
# decompress, parse and normalize every record: the reading floor minewatch itself has) and `detect` (the same,
# plus compiling the rules and running them), with their peak RSS, and prints detect's cost as a ratio of the
# reading floor. Usage: bench/whole-process.sh [HISTORY_DAYS] [BACKGROUND_CALLS_PER_ACCOUNT_REGION_HOUR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
days=${1:-60}
background=${2:-100}
export_dir=target/bench/export-$days-$background
[ -d "$export_dir" ] || ./minewatch generate --history-days "$days" --background "$background" "$export_dir" 2>/dev/null
measure() {  # prints: seconds max_rss_kb records
    /usr/bin/time -f "%e %M" -o target/bench/time.txt ./minewatch "$@" > /dev/null 2> target/bench/err.txt
    local records
    records=$(grep -o '[0-9]* records' target/bench/err.txt | head -1 | cut -d' ' -f1)
    echo "$(cat target/bench/time.txt) $records"
}
./minewatch rules check > /dev/null   # builds the jar if needed, outside the timings
read -r n_s n_kb records < <(measure normalize "$export_dir")
read -r d_s d_kb _ < <(measure detect --quiet --baselines target/bench/none "$export_dir")
read -r c_s c_kb _ < <(measure detect --quiet --engine classic --baselines target/bench/none "$export_dir")
python3 - "$records" "$n_s" "$n_kb" "$d_s" "$d_kb" "$c_s" "$c_kb" <<'PY'
import sys
records, n_s, n_kb, d_s, d_kb, c_s, c_kb = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"records: {records:,}")
print(f"normalize (reading floor): {n_s:.2f} s, {records / n_s:,.0f} records/s, peak RSS {n_kb / 1024:.0f} MiB")
print(f"detect (exec model):       {d_s:.2f} s, {records / d_s:,.0f} records/s, peak RSS {d_kb / 1024:.0f} MiB, {d_s / n_s:.2f} x floor")
print(f"detect --engine classic:   {c_s:.2f} s, {records / c_s:,.0f} records/s, peak RSS {c_kb / 1024:.0f} MiB, {c_s / n_s:.2f} x floor")
PY
