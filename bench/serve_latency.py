#!/usr/bin/env python3
"""Time from saving a page to the browser's reload message under `ltc-hub serve`.

Starts `ltc-hub serve` on a site, listens to its live-reload event stream, appends a sentence
to one page EDITS times, and prints the median, min and max time from each save to the
`state` event that tells open tabs to reload. Usage:

    bench/serve_latency.py --root /tmp/c10k [--binary target/release/ltc-hub] [--edits 20]
"""
import argparse, http.client, os, re, statistics, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--root", required=True)
ap.add_argument("--binary", default="target/release/ltc-hub")
ap.add_argument("--edits", type=int, default=20)
args = ap.parse_args()

proc = subprocess.Popen([args.binary, "serve", "--root", args.root, "--port", "0"],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
port = None
start = time.time()
for line in proc.stdout:
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if m:
        port = int(m.group(1))
        break
if port is None:
    sys.exit("serve did not start")

conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
conn.request("GET", "/__ltc-hub/events")
resp = conn.getresponse()

def next_event():
    data = b""
    while True:
        line = resp.fp.readline()
        if line.startswith(b"data:"):
            data = line
        if line in (b"\n", b"\r\n") and data:
            return data

def generation(event):
    m = re.search(rb'"generation":\s*(\d+)', event)
    return int(m.group(1)) if m else 0

# The current state is sent on connect; generation 0 means the first build is still running.
gen = generation(next_event())
while gen == 0:
    gen = generation(next_event())
print(f"first build ready after {time.time() - start:.2f} s")
pages = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(args.root, "content", "case-studies")) for f in fs if f != "_index.md")
times = []
for i in range(args.edits):
    page = pages[i * 7 % len(pages)]
    with open(page, "a") as f:
        t0 = time.perf_counter()
        f.write(f"\n\nEdit number {i} made by the latency benchmark.\n")
    while generation(next_event()) <= gen:
        pass
    times.append((time.perf_counter() - t0) * 1000)
    gen = max(gen + 1, gen)
    time.sleep(0.3)
proc.terminate()
proc.wait(timeout=30)
print(f"save to reload message, {len(times)} edits: median {statistics.median(times):.0f} ms, "
      f"min {min(times):.0f} ms, max {max(times):.0f} ms")
