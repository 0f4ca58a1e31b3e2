#!/usr/bin/env bash
# Whole-process timing: generates a synthetic CloudTrail export (once), then times, on the same files:
#   the raw-parse floor: one thread of bare Jackson streaming that decompresses, parses and pulls the five
#     detections' fields out of RunInstances (benchmark code: dev.minewatch.bench.RawParse);
#   start-up to the first record: `detect` over an empty directory, compiling the rules and with them cached;
#   `detect` (rules cached, as on every run after the first), `baseline build`, and unless QUICK is given
#   `normalize` and `detect --engine classic`: whole processes through the launcher, with their peak RSS, their
#   phases (rules, read, judge) and their ratio to the raw-parse floor.
# Usage: bench/whole-process.sh [HISTORY_DAYS] [BACKGROUND_CALLS_PER_ACCOUNT_REGION_HOUR] [LAUNCHERS] [QUICK]
# (LAUNCHERS about twice BACKGROUND makes RunInstances 15% of the records; 60 days of 100 and 212 are 1M records.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
days=${1:-60}
background=${2:-100}
launchers=${3:-0}
quick=${4:-}
export_dir=target/bench/export-$days-$background-$launchers
[ -d "$export_dir" ] || ./minewatch generate --history-days "$days" --background "$background" \
    --launchers "$launchers" "$export_dir" 2>/dev/null
export MINEWATCH_JAVA_OPTS="-Dorg.slf4j.simpleLogger.log.minewatch=debug"
measure() {  # NAME ARGS...: prints NAME seconds max_rss_kb records phases
    local name=$1
    shift
    /usr/bin/time -f "%e %M" -o target/bench/time.txt ./minewatch "$@" > /dev/null 2> target/bench/err.txt
    local records phases
    records=$(grep -o '[0-9]* records' target/bench/err.txt | head -1 | cut -d' ' -f1)
    phases=$(grep -o 'phases: .*' target/bench/err.txt | cut -d' ' -f2- | tr ' ' '_' || true)
    echo "$name $(cat target/bench/time.txt) ${records:-0} ${phases:--}"
}
./minewatch rules check > /dev/null   # builds the jar if needed, outside the timings
[ -d target/test-classes/dev/minewatch/bench ] || mvn -q -B -ntp test-compile
# both passes read from the page cache: the first read of a large export would otherwise wait on the disk
find "$export_dir" -type f -exec cat {} + > /dev/null
raw_s=$(/usr/bin/time -f "%e" java -cp "target/test-classes:target/classes:target/lib/*" \
    dev.minewatch.bench.RawParse "$export_dir" 2>&1 >/dev/null | tail -1)
mkdir -p target/bench/empty
rm -rf target/bench/baselines target/bench/rule-cache
{
    MINEWATCH_RULE_CACHE=target/bench/rule-cache measure start-compiling detect --quiet --baselines target/bench/none target/bench/empty
    MINEWATCH_RULE_CACHE=target/bench/rule-cache measure start-cached detect --quiet --baselines target/bench/none target/bench/empty
    MINEWATCH_RULE_CACHE=target/bench/rule-cache measure detect detect --quiet --baselines target/bench/none "$export_dir"
    measure "baseline-build" baseline build --baselines target/bench/baselines "$export_dir"
    if [ -z "$quick" ]; then
        measure normalize normalize "$export_dir"
        measure "detect-classic" detect --quiet --engine classic --baselines target/bench/none "$export_dir"
    fi
} > target/bench/runs.txt
python3 - "$raw_s" target/bench/runs.txt <<'PY'
import sys
raw = float(sys.argv[1])
runs = [line.split() for line in open(sys.argv[2])]
records = max(int(r[3]) for r in runs)
print(f"records: {records:,}")
print(f"raw parse (1 thread):  {raw:.2f} s, {records / raw:,.0f} records/s")
for name, t, kb, n, phases in runs:
    t, kb = float(t), int(kb)
    if name.startswith("start"):
        print(f"{name + ':':22} {t:.2f} s, peak RSS {kb / 1024:.0f} MiB")
    else:
        print(f"{name + ':':22} {t:.2f} s, {t / raw:.2f} x raw parse, {records / t:,.0f} records/s, "
              f"peak RSS {kb / 1024:.0f} MiB" + ("" if phases == "-" else f" ({phases.replace('_', ' ')})"))
PY
