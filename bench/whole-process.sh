#!/usr/bin/env bash
# Whole-process benchmark: minewatch against its floor and its peer, side by side in one run, as one table.
#
# For each export (generated once under target/bench/, S3 layout, gzip; read once into the page cache), it times
# on the same files, all whole processes (JVM start included), in each round:
#   raw 1 thread, raw 2 threads: the raw-parse floor (benchmark code, dev.minewatch.bench.RawParse): bare Jackson
#     streaming that decompresses, parses and pulls the five detections' fields out of RunInstances, building
#     nothing; on 2 threads the threads take the files in turn (the same work per record);
#   DuckDB: the peer (dev.minewatch.bench.DuckDbPeer, DuckDB JDBC, test scope), read_json over the same files with
#     SET threads=2, computing what detect needs: first and last time of each user, region, image and instance
#     type, and launches per identity and clock hour, over successful RunInstances; its column (and the ratios to
#     it) is the query alone, from connecting to the last row, since the JDBC driver spends about a second of every
#     start copying its native library out of its jar, which DuckDB's own command line does not; the whole
#     process is the next column;
#   start-up and detect on each JDK (JDK 17 and the newest JDK of 25 or later found, through the launcher with
#     MINEWATCH_JAVA): start-up is detect over an empty directory with the rules cached; detect runs over the
#     export with the rules cached and no baselines, and logs its phases (rules, read, judge).
# Before any timing: the jar is built, each JDK's class archive or AOT cache is trained (the launcher's first run
# after a build), and the rules are compiled into target/bench/rule-cache/.
# The raw passes and DuckDB run on JDK 17 (JDK17=...). A check first runs `baseline build` over a small export and
# compares DuckDB's rows with the CSV files it wrote (the peer must compute what minewatch computes).
#
# Usage: bench/whole-process.sh [--realistic D,B,L] [--fifteen D,B,L] [--check D,B,L] [--rounds N] [--extra]
#   --realistic D,B,L  the realistic export: `./minewatch generate --history-days D --background B --launchers L`
#                      (default 139,100,1: 2.0M records, 0.4% RunInstances); `none` leaves it out
#   --fifteen D,B,L    the 15% RunInstances export (default 120,100,212: 2.06M records); `none` leaves it out
#   --check D,B,L      the export of the DuckDB check (default 3,10,20); `none` leaves the check out
#   --rounds N         time everything N times, alternating the order (default 1); cells give min-max
#   --extra            also time `baseline build` and `normalize` (launcher's JDK) in each round
# Environment: JDK17 (default /usr/bin/java), JDK25 (default: the newest JDK of 25 or later in $JAVA_HOME or
# /usr/lib/jvm; JDK25= leaves it out). On a shared machine, hold its build lock: flock LOCK bench/whole-process.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() { sed -n '/^# Usage:/,/^set /p' "$0" | sed -n 's/^# \{0,1\}//p'; }
realistic=139,100,1
fifteen=120,100,212
check=3,10,20
rounds=1
extra=
while [ $# -gt 0 ]; do
    case $1 in
        --realistic) realistic=$2; shift 2 ;;
        --fifteen) fifteen=$2; shift 2 ;;
        --check) check=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --extra) extra=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "whole-process.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
for spec in "$realistic" "$fifteen" "$check"; do
    [[ $spec == none || $spec =~ ^[0-9]+,[0-9]+,[0-9]+$ ]] || { echo "whole-process.sh: '$spec' is not D,B,L" >&2; exit 2; }
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "whole-process.sh: --rounds takes a positive number" >&2; exit 2; }

# The major version of the JDK whose bin/java is $1, from its release file (as the launcher reads it), or 0.
java_major() {
    local home
    home="$(dirname "$(dirname "$(readlink -f "$1" 2>/dev/null || echo "$1")")")"
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || echo 0
}
jdk17=${JDK17:-/usr/bin/java}
if [ -z "${JDK25+set}" ]; then
    JDK25= best=24
    for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java; do
        [ -x "$candidate" ] || continue
        major=$(java_major "$candidate")
        if [ "${major:-0}" -gt "$best" ]; then JDK25=$candidate best=$major; fi
    done
fi
jdks=("$jdk17")
[ -n "$JDK25" ] && jdks+=("$JDK25")

bench=target/bench
mkdir -p "$bench/empty"
runs=$bench/runs.tsv notes=$bench/notes.txt
: > "$runs"
: > "$notes"

# Builds, trains and compiles outside the timings.
./minewatch rules check > /dev/null   # builds the jar when the sources changed
for jdk in "${jdks[@]}"; do
    MINEWATCH_JAVA=$jdk ./minewatch rules check > /dev/null   # trains this JDK's class archive or AOT cache
done
classes=target/test-classes/dev/minewatch/bench/DuckDbPeer.class
classpath_file=$bench/test-classpath.txt
if [ ! -f "$classes" ] || [ ! -s "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ] \
        || [ -n "$(find src/test/java/dev/minewatch/bench -newer "$classes" -print -quit)" ]; then
    # offline first (everything is in ~/.m2 once the tests have run), else let Maven fetch what is missing
    goals=(test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/$classpath_file")
    mvn -o -q -B -ntp "${goals[@]}" > /dev/null 2>&1 || mvn -q -B -ntp "${goals[@]}" >&2
fi
classpath="target/test-classes:target/classes:$(cat "$classpath_file")"

# Generates the export of D,B,L once (into a temporary directory renamed when complete) and prints its path.
export_of() {
    local d b l dir
    IFS=, read -r d b l <<< "$1"
    dir=$bench/export-$d-$b-$l
    if [ ! -d "$dir" ]; then
        rm -rf "$dir.partial"
        ./minewatch generate --history-days "$d" --background "$b" --launchers "$l" "$dir.partial" > /dev/null 2>&1
        mv "$dir.partial" "$dir"
    fi
    echo "$dir"
}

# measure EXPORT ROUND NAME COMMAND...: runs it under /usr/bin/time and appends to $runs a tab-separated line
# (export, round, name, seconds, peak RSS KiB, records, RunInstances, phases, the peer's own seconds).
measure() {
    local export=$1 round=$2 name=$3 out=$bench/out.txt err=$bench/err.txt
    shift 3
    if ! /usr/bin/time -f "%e %M" -o "$bench/time.txt" "$@" > "$out" 2> "$err"; then
        echo "whole-process.sh: $name failed: $*" >&2
        tail -20 "$err" >&2
        exit 1
    fi
    local seconds rss records creations phases inner
    read -r seconds rss < "$bench/time.txt"
    # (what a command does not print is left empty: a grep that finds nothing is no failure here)
    records=$(grep -hoE '[0-9,]+ records' "$out" "$err" | head -1 | tr -d , | cut -d' ' -f1 || true)
    creations=$(grep -oE '[0-9,]+ RunInstances' "$out" | head -1 | tr -d , | cut -d' ' -f1 || true)
    phases=$(grep -o 'phases: .*' "$err" | cut -d' ' -f2- || true)
    inner=$(grep -oE 'threads? in [0-9.]+ s' "$out" | grep -oE '[0-9.]+' || true)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$export" "$round" "$name" "$seconds" "$rss" "${records:-}" \
        "${creations:-}" "${phases:--}" "${inner:--}" >> "$runs"
}

export MINEWATCH_RULE_CACHE=$bench/rule-cache MINEWATCH_JAVA_OPTS="-Dorg.slf4j.simpleLogger.log.minewatch=debug"
rm -rf "$MINEWATCH_RULE_CACHE"
detect_empty=(./minewatch detect --quiet --baselines "$bench/none" "$bench/empty")
for jdk in "${jdks[@]}"; do   # the first compiles the rules into the cache, the others load them
    MINEWATCH_JAVA=$jdk measure - 0 "compile-$(java_major "$jdk")" "${detect_empty[@]}"
done

if [ "$check" != none ]; then
    check_dir=$(export_of "$check")
    rm -rf "$bench/check-baselines"
    ./minewatch baseline build --baselines "$bench/check-baselines" "$check_dir" > /dev/null 2>&1
    "$jdk17" -cp "$classpath" dev.minewatch.bench.DuckDbPeer "$check_dir" 2 --check "$bench/check-baselines" \
        | sed "s|^duckdb:|DuckDB check over $check_dir ($check):|" >> "$notes" \
        || { cat "$notes" >&2; echo "whole-process.sh: DuckDB does not compute what baseline build writes" >&2; exit 1; }
fi

exports=()
[ "$realistic" != none ] && exports+=("realistic $realistic")
[ "$fifteen" != none ] && exports+=("15% $fifteen")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$rounds"); do
    for e in "${exports[@]}"; do
        dir=$(export_of "${e#* }")
        # every pass reads from the page cache: the first read of a large export would otherwise wait on the disk
        find "$dir" -type f -exec cat {} + > /dev/null
        steps=(raw1 raw2 duckdb)
        for jdk in "${jdks[@]}"; do steps+=("start:$jdk" "detect:$jdk"); done
        [ -n "$extra" ] && steps+=(build normalize)
        if [ $((round % 2)) -eq 0 ]; then   # even rounds go the other way, so that drift falls on both sides
            for ((i = ${#steps[@]} - 1; i >= 0; i--)); do reversed+=("${steps[i]}"); done
            steps=("${reversed[@]}")
            unset reversed
        fi
        for step in "${steps[@]}"; do
            case $step in
                raw1) measure "$e" "$round" raw1 "$jdk17" -cp "$classpath" dev.minewatch.bench.RawParse "$dir" 1 ;;
                raw2) measure "$e" "$round" raw2 "$jdk17" -cp "$classpath" dev.minewatch.bench.RawParse "$dir" 2 ;;
                duckdb) measure "$e" "$round" duckdb "$jdk17" -cp "$classpath" dev.minewatch.bench.DuckDbPeer "$dir" 2 ;;
                start:*) MINEWATCH_JAVA=${step#*:} measure "$e" "$round" "start-$(java_major "${step#*:}")" \
                    "${detect_empty[@]}" ;;
                detect:*) MINEWATCH_JAVA=${step#*:} measure "$e" "$round" "detect-$(java_major "${step#*:}")" \
                    ./minewatch detect --quiet --baselines "$bench/none" "$dir" ;;
                build) rm -rf "$bench/baselines"
                    measure "$e" "$round" build ./minewatch baseline build --baselines "$bench/baselines" "$dir" ;;
                normalize) measure "$e" "$round" normalize ./minewatch normalize "$dir" ;;
            esac
        done
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

majors=()
for jdk in "${jdks[@]}"; do majors+=("$(java_major "$jdk")"); done
python3 - "$runs" "$notes" "$rounds" "$load_before" "$load_after" "$(nproc)" "${majors[@]}" <<'PY'
import sys
from collections import defaultdict

runs_file, notes_file, rounds, load_before, load_after, cores = sys.argv[1:7]
majors = sys.argv[7:]
runs = [line.rstrip("\n").split("\t") for line in open(runs_file)]
by = defaultdict(list)          # (export, name) -> [(round, seconds, rss_kib, records, creations, phases, inner)]
exports = []
for export, rnd, name, seconds, rss, records, creations, phases, inner in runs:
    by[export, name].append((int(rnd), float(seconds), int(rss), int(records or 0), int(creations or 0), phases, inner))
    if export != "-" and export not in exports:
        exports.append(export)

def span(values, fmt):
    if not values:
        return "-"
    lo, hi = min(values), max(values)
    return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else fmt.format(lo) + "-" + fmt.format(hi)

def seconds(export, name):
    return {r[0]: r[1] for r in by[export, name]}

def query_seconds(export):
    """DuckDB's query alone: from connecting to its last row, the JDBC driver's library unpacking left out."""
    return {r[0]: float(r[6]) for r in by[export, "duckdb"] if r[6] != "-"}

def ratios(export, name, other):
    a, b = seconds(export, name), query_seconds(export) if other == "duckdb" else seconds(export, other)
    return [a[r] / b[r] for r in a if r in b and b[r] > 0]

header = ["export (D,B,L)", "records", "RunInstances", "raw 1 thread s", "raw 2 threads s", "DuckDB 2 threads s",
          "DuckDB whole process s", "DuckDB peak RSS MiB"]
for m in majors:
    header += [f"detect JDK {m} s", f"JDK {m} / raw 1 thread", f"JDK {m} / DuckDB", f"JDK {m} records/s",
               f"JDK {m} peak RSS MiB"]
header += [f"start-up JDK {m} s" for m in majors]
print(f"Whole processes, {cores} cores, {rounds} round(s); load average {load_before} before, {load_after} after.")
print()
print("| " + " | ".join(header) + " |")
print("|" + "---|" * len(header))
warnings = []
for export in exports:
    raw = by[export, "raw1"]
    records, creations = raw[0][3], raw[0][4]
    for name, rows in by.items():
        if name[0] == export and name[1] != "raw1" and not name[1].startswith("start") and rows[0][3] != records:
            warnings.append(f"{export}: {name[1]} read {rows[0][3]:,} records, the raw pass {records:,}")
    row = [export, f"{records:,}", f"{creations:,} ({100 * creations / max(records, 1):.1f}%)",
           span([r[1] for r in raw], "{:.2f}"), span([r[1] for r in by[export, "raw2"]], "{:.2f}"),
           span(list(query_seconds(export).values()), "{:.2f}"), span([r[1] for r in by[export, "duckdb"]], "{:.2f}"),
           span([r[2] / 1024 for r in by[export, "duckdb"]], "{:.0f}")]
    for m in majors:
        d = by[export, f"detect-{m}"]
        row += [span([r[1] for r in d], "{:.2f}"), "**" + span(ratios(export, f"detect-{m}", "raw1"), "{:.2f}") + " x**",
                "**" + span(ratios(export, f"detect-{m}", "duckdb"), "{:.2f}") + " x**",
                span([records / r[1] for r in d], "{:,.0f}"), span([r[2] / 1024 for r in d], "{:.0f}")]
        for r in d:
            if "rules (compiled)" in r[5]:
                warnings.append(f"{export}: detect on JDK {m}, round {r[0]}, compiled the rules: the cache missed")
    row += [span([r[1] for r in by[export, f"start-{m}"]], "{:.2f}") for m in majors]
    print("| " + " | ".join(row) + " |")
print()
for export in exports:
    for m in majors:
        for r in by[export, f"detect-{m}"]:
            print(f"detect phases, {export}, JDK {m}, round {r[0]}: {r[5]}")
    for name, what in (("build", "baseline build"), ("normalize", "normalize")):
        if by[export, name]:
            print(f"{what}, {export}: {span([r[1] for r in by[export, name]], '{:.2f}')} s, "
                  f"{span(ratios(export, name, 'raw1'), '{:.2f}')} x raw 1 thread, "
                  f"peak RSS {span([r[2] / 1024 for r in by[export, name]], '{:.0f}')} MiB")
for m in majors:
    for r in by["-", f"compile-{m}"]:
        cached = "rules (cached)" in r[5]
        print(f"start-up with the rules {'loaded from the cache' if cached else 'compiling'} (JDK {m}, before the "
              f"timings): {r[1]:.2f} s")
for line in open(notes_file):
    print(line.rstrip())
for w in warnings:
    print("WARNING: " + w)
PY
