#!/usr/bin/env bash
# Spark against one machine on the same export: generates a synthetic CloudTrail export (once, as
# bench/whole-process.sh does: 60 days of 100 background calls and 212 launchers a day are 1,036,400 records), then
# times `detect` and `baseline build` through ./minewatch and through ./minewatch-spark --master local[THREADS],
# checks that both wrote the same alerts and the same baseline files, and prints each run's phases (rules, read,
# judge: what runs on the cluster and what on the driver) from the debug log.
# Usage: bench/spark.sh [HISTORY_DAYS] [BACKGROUND] [LAUNCHERS] [THREADS]. Runs alone: it takes both cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
days=${1:-60}
background=${2:-100}
launchers=${3:-212}
threads=${4:-2}
export_dir=target/bench/export-$days-$background-$launchers
out=target/bench/spark
mkdir -p "$out"
[ -d "$export_dir" ] || ./minewatch generate --history-days "$days" --background "$background" \
    --launchers "$launchers" "$export_dir" 2>/dev/null
./minewatch rules check > /dev/null                     # builds both jars, outside the timings
./minewatch-spark detect examples/cloudtrail-2026-11-27 > /dev/null 2>&1
find "$export_dir" -type f -exec cat {} + > /dev/null    # every run reads from the page cache
# the phases are logged at DEBUG by the "minewatch" logger
sed 's/^logger.minewatch.level = info$/logger.minewatch.level = debug/' spark/log4j2.properties > "$out/log4j2.properties"
rm -rf "$out"/baselines-*
run() {  # NAME LAUNCHER ARGS...: prints NAME seconds peak_rss_kb phases
    local name=$1 launcher=$2
    shift 2
    MINEWATCH_JAVA_OPTS="-Dorg.slf4j.simpleLogger.log.minewatch=debug -Dlog4j2.configurationFile=$out/log4j2.properties" \
        /usr/bin/time -f "%e %M" -o "$out/time.txt" "$launcher" "$@" > "$out/$name.out" 2> "$out/$name.err"
    echo "$name $(cat "$out/time.txt") $(grep -o 'phases: .*' "$out/$name.err" | cut -d' ' -f2- || echo -)"
}
for round in 1 2; do
    run "cli-detect-$round" ./minewatch detect --quiet --baselines "$out/none" "$export_dir"
    run "spark-detect-$round" ./minewatch-spark --master "local[$threads]" detect --baselines "$out/none" "$export_dir"
    run "cli-build-$round" ./minewatch baseline build --baselines "$out/baselines-cli-$round" "$export_dir"
    run "spark-build-$round" ./minewatch-spark --master "local[$threads]" baseline build \
        --baselines "$out/baselines-spark-$round" "$export_dir"
done | tee "$out/runs.txt"
cmp "$out/cli-detect-1.out" "$out/spark-detect-1.out" && echo "alerts: the same ($(wc -l < "$out/cli-detect-1.out"))"
diff -r "$out/baselines-cli-1" "$out/baselines-spark-1" > /dev/null && echo "baseline files: the same"
grep -o '[0-9]* records' "$out/cli-detect-1.err" | head -1
