#!/usr/bin/env bash
# The fuzz harness at volume: COUNT hostile inputs made from the published samples and the example day, each read
# by the reader and by a plain reference reader and scanned whole; prints each input that escapes (an exception, a
# hang, a record unaccounted for, a difference from the reference) and a summary, and exits 1 if any did.
# Usage: bench/fuzz.sh [COUNT] [SEED] [FIRST]   (default 100000 inputs, seed 1; an escape is rerun by its number:
# bench/fuzz.sh 1 SEED NUMBER). CI runs a slice of 3,000 on every build (FuzzSliceTest).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
count=${1:-100000}
seed=${2:-1}
first=${3:-0}
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp >&2
exec java -XX:+UseSerialGC -Xss64m -cp "target/test-classes:target/classes:$(cat target/test.cp)" \
    dev.minewatch.ingest.Fuzz "$count" "$seed" "$first" 2>/dev/null
