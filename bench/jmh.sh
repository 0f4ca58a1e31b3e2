#!/usr/bin/env bash
# JMH benchmarks of the hot paths (dev.minewatch.bench.HotPaths), one thread, warm JVM: the raw-parse floor and
# minewatch's reading over the same files, and the rules judging creation events.
# Usage: bench/jmh.sh [JMH OPTIONS...]   e.g. bench/jmh.sh -p count=50 HotPaths.rawParse
# (it generates the 1M-record export of bench/whole-process.sh 60 100 212 if it is missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export_dir=target/bench/export-60-100-212
[ -d "$export_dir" ] || ./minewatch generate --history-days 60 --background 100 --launchers 212 "$export_dir" 2>/dev/null
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench/test-classpath.txt > /dev/null
exec java -cp "target/test-classes:target/classes:$(cat target/bench/test-classpath.txt)" org.openjdk.jmh.Main \
    -p export="$export_dir" "${@:-HotPaths}"
