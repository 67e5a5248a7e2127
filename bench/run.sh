#!/usr/bin/env bash
# Performance run for issue 6: builds the release binary, then times ltc-hub against Hugo (and
# Eleventy, unless --tools says otherwise) with ../shared/bench/run_peers.sh at each size, and
# writes one markdown report with the machine, the versions and the date. At each size it also
# times ltc-hub against the floor (examples/floor.rs: read, Markdown, write, nothing else) on the
# ltc corpus run_peers.sh made, with bench/vs_floor.py, and adds a table with the ratio.
#
#   bench/run.sh                         # 1,000, 10,000 and 100,000 pages, 5 runs each
#   bench/run.sh --sizes "1000 10000"    # fewer sizes
#   bench/run.sh --runs 3 --tools ltc,hugo --out target/bench.md
#   bench/run.sh --sizes 10000 --tmpfs   # corpora and every tool's output under /dev/shm
#
# At each size: run_peers.sh (cold builds against Hugo), bench/vs_floor.py (against the floor
# program, examples/floor.rs) and, below 100,000 pages, bench/serve_latency.py (20 page edits).
# --tmpfs runs all of it with the corpora and outputs in $LTC_BENCH_SHM (default
# /dev/shm/ltc-bench-$USER), so that no tool pays for ext4 file creation; the installed peers stay
# in the disk cache (linked from there) and a corpus already generated on disk is copied over.
# The outputs are removed at the end (tmpfs is memory); the corpora stay for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="1000 10000 100000"
RUNS=5
TOOLS="ltc,hugo"
OUT="target/bench-report.md"
TMPFS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --tools) TOOLS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --tmpfs) TMPFS=1; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

cargo build --release
cargo build --release --example floor
CACHE="${LTC_BENCH_CACHE:-$HOME/.cache/ltc-bench}"
PEER_ARGS=()
if [ -n "$TMPFS" ]; then
  # run_peers.sh keeps peers, corpora and outputs under one --cache folder: make that folder on
  # tmpfs, with the peers' installs linked to the disk cache (a peer not installed there yet is
  # installed on tmpfs by run_peers.sh, and again after a reboot).
  disk="$CACHE"
  CACHE="${LTC_BENCH_SHM:-/dev/shm/ltc-bench-${USER:-$(id -un)}}"
  [ "$(stat -f -c %T "$(dirname "$CACHE")")" = tmpfs ] ||
    { echo "bench/run.sh: $(dirname "$CACHE") is not a tmpfs" >&2; exit 1; }
  mkdir -p "$CACHE/corpus"
  for peer in hugo eleventy; do
    if [ -d "$disk/$peer" ] && [ ! -e "$CACHE/$peer" ]; then ln -s "$disk/$peer" "$CACHE/$peer"; fi
  done
  for n in $SIZES; do
    for flavor in ltc hugo eleventy; do
      from="$disk/corpus/$flavor-$n-s1"
      if [ -d "$from" ] && [ ! -d "$CACHE/corpus/$flavor-$n-s1" ]; then
        cp -a "$from" "$CACHE/corpus/"
      fi
    done
  done
  PEER_ARGS=(--cache "$CACHE")
fi
mkdir -p "$CACHE" "$(dirname "$OUT")"
{
  echo "# ltc-hub performance run"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "- ltc-hub: $(target/release/ltc-hub --version), $(rustc --version)"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ -n "$TMPFS" ]; then
    echo "- storage: tmpfs — corpora and every tool's output under $CACHE (\`--tmpfs\`)"
  else
    echo "- storage: disk — corpora and outputs under $CACHE ($(stat -f -c %T "$CACHE"))"
  fi
  echo
  for n in $SIZES; do
    # Fewer runs at 100,000 pages: each Hugo build there takes minutes.
    runs=$RUNS
    if [ "$n" -ge 100000 ] && [ "$runs" -gt 3 ]; then runs=3; fi
    ../shared/bench/run_peers.sh --pages "$n" --runs "$runs" --tools "$TOOLS" "${PEER_ARGS[@]}"
    corpus="$CACHE/corpus/ltc-$n-s1"
    if [ -d "$corpus/themes/bench" ]; then
      python3 bench/vs_floor.py --corpus "$corpus" --runs "$runs" --floor target/release/examples/floor \
        --ltc-hub target/release/ltc-hub --out "$CACHE/out/vs-floor"
    else
      echo
      echo "(No floor comparison at $n pages: $corpus is missing; --tools must include ltc.)"
    fi
    if [ "$n" -lt 100000 ] && [ -d "$corpus/themes/bench" ]; then
      # serve: one page edit to the browser's reload message, on a copy (the edits change files).
      copy="$CACHE/out/serve-$n"
      rm -rf "$copy" && cp -r "$corpus" "$copy"
      echo
      echo "### serve, $n pages: save to reload message"
      echo
      python3 bench/serve_latency.py --root "$copy" --edits 20
      rm -rf "$copy"
    fi
    echo
    echo "(load average after $n pages: $(cut -d' ' -f1-3 /proc/loadavg))"
    echo
  done
} | tee "$OUT"
if [ -n "$TMPFS" ]; then
  # tmpfs is memory: give the outputs' back (the corpora stay, for the next run; remove $CACHE
  # to free them too).
  rm -rf "$CACHE/out"
  echo "bench/run.sh: outputs removed from $CACHE/out; corpora kept in $CACHE/corpus ($(du -sh "$CACHE/corpus" | cut -f1))" >&2
fi
echo "bench/run.sh: report written to $OUT" >&2
