#!/usr/bin/env python3
"""Times ltc-hub against the floor program (examples/floor.rs) on one corpus; called by bench/run.sh.

    bench/vs_floor.py --corpus DIR --runs N --floor BIN --ltc-hub BIN --out DIR

One untimed warm-up, then N runs of each, alternating (floor, ltc-hub, floor, ...). Each run's
output folder is removed first, untimed. Wall time is measured around the whole process, peak RSS
is /usr/bin/time -v's "Maximum resident set size", as in ../shared/bench/run_peers.sh. Prints a
markdown table: medians and the ratio ltc-hub / floor (SPEC §9: within 2×).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def one_run(cmd, out):
    """Runs `cmd` once into a fresh `out`; returns (wall seconds, peak RSS MiB) or None on failure."""
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + cmd,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - t0
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tf.read())
    if p.returncode != 0:
        sys.stderr.write(f"vs_floor.py: {cmd[0]} failed (exit {p.returncode}):\n"
                         + p.stderr.decode(errors="replace")[-2000:] + "\n")
        return None
    return wall, (int(m.group(1)) / 1024 if m else float("nan"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--runs", type=int, required=True)
    ap.add_argument("--floor", required=True)
    ap.add_argument("--ltc-hub", required=True)
    ap.add_argument("--out", required=True, help="folder for the two programs' output folders")
    a = ap.parse_args()
    pages = sum(f.endswith(".md") for _, _, fs in os.walk(os.path.join(a.corpus, "content")) for f in fs)
    programs = [
        dict(name="floor", out=os.path.join(a.out, "floor"), wall=[], rss=[]),
        dict(name="ltc-hub", out=os.path.join(a.out, "ltc-hub"), wall=[], rss=[]),
    ]
    programs[0]["cmd"] = [a.floor, a.corpus, programs[0]["out"]]
    programs[1]["cmd"] = [a.ltc_hub, "build", "--root", a.corpus, "--output", programs[1]["out"], "--quiet"]
    failed = False
    for r in range(a.runs + 1):  # run 0 is the untimed warm-up
        for p in programs:
            res = one_run(p["cmd"], p["out"])
            if res is None:
                failed = True
                continue
            if r > 0:
                p["wall"].append(res[0])
                p["rss"].append(res[1])
            sys.stderr.write(f"vs_floor.py: {'warm-up' if r == 0 else f'run {r}/{a.runs}'} "
                             f"{p['name']}: {res[0]:.2f} s, {res[1]:.0f} MiB\n")
    print(f"\n### Against the floor, {pages} Markdown files, median of {a.runs} runs (after 1 warm-up)\n")
    print("| floor median s | ltc-hub median s | ltc-hub / floor | floor peak RSS MiB | ltc-hub peak RSS MiB |")
    print("|---:|---:|---:|---:|---:|")
    if all(p["wall"] for p in programs):
        floor, ltc = (statistics.median(p["wall"]) for p in programs)
        print(f"| {floor:.2f} | {ltc:.2f} | {ltc / floor:.2f}× | {max(programs[0]['rss']):.0f} "
              f"| {max(programs[1]['rss']):.0f} |")
    else:
        print("| failed | | | | |")
    print("\nThe floor (examples/floor.rs) only reads, renders the Markdown with pulldown-cmark on rayon "
          "and writes one HTML file per page. Target: ltc-hub / floor within 2×.")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
