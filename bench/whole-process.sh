#!/usr/bin/env bash
# Whole-process timing: generates a synthetic CloudTrail export (once), then times, on the same files:
#   the raw-parse floor: one thread of bare Jackson streaming that decompresses, parses and pulls the five
#     detections' fields out of RunInstances (benchmark code: dev.minewatch.bench.RawParse);
#   `normalize` (minewatch reading, on both cores) and `detect` with each rule builder (whole processes, JVM
#     start and rule compilation included), with their peak RSS and their ratio to the raw-parse floor.
# Usage: bench/whole-process.sh [HISTORY_DAYS] [BACKGROUND_CALLS_PER_ACCOUNT_REGION_HOUR] [LAUNCHERS]
# (LAUNCHERS about twice BACKGROUND makes RunInstances 15% of the records).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
days=${1:-60}
background=${2:-100}
launchers=${3:-0}
export_dir=target/bench/export-$days-$background-$launchers
[ -d "$export_dir" ] || ./minewatch generate --history-days "$days" --background "$background" \
    --launchers "$launchers" "$export_dir" 2>/dev/null
measure() {  # prints: seconds max_rss_kb records
    /usr/bin/time -f "%e %M" -o target/bench/time.txt ./minewatch "$@" > /dev/null 2> target/bench/err.txt
    local records
    records=$(grep -o '[0-9]* records' target/bench/err.txt | head -1 | cut -d' ' -f1)
    echo "$(cat target/bench/time.txt) $records"
}
./minewatch rules check > /dev/null   # builds the jar if needed, outside the timings
[ -d target/test-classes/dev/minewatch/bench ] || mvn -q -B -ntp test-compile
raw_s=$(/usr/bin/time -f "%e" java -cp "target/test-classes:target/classes:target/lib/*" \
    dev.minewatch.bench.RawParse "$export_dir" 2>&1 >/dev/null | tail -1)
read -r n_s n_kb records < <(measure normalize "$export_dir")
read -r d_s d_kb _ < <(measure detect --quiet --baselines target/bench/none "$export_dir")
read -r c_s c_kb _ < <(measure detect --quiet --engine classic --baselines target/bench/none "$export_dir")
python3 - "$records" "$raw_s" "$n_s" "$n_kb" "$d_s" "$d_kb" "$c_s" "$c_kb" <<'PY'
import sys
records, raw, n_s, n_kb, d_s, d_kb, c_s, c_kb = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"records: {records:,}")
print(f"raw parse (1 thread):    {raw:.2f} s, {records / raw:,.0f} records/s")
for name, t, kb in (("normalize", n_s, n_kb), ("detect (exec model)", d_s, d_kb), ("detect --engine classic", c_s, c_kb)):
    print(f"{name + ':':24} {t:.2f} s, {records / t:,.0f} records/s, peak RSS {kb / 1024:.0f} MiB, {t / raw:.2f} x raw parse")
PY
