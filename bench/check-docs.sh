#!/usr/bin/env bash
# Refuses a published page that a bad paste or a runaway script has blown up (docs/benchmarks.md
# once grew to 2.5 MB by one paragraph pasted between every character), a README that has stopped
# being a front page (over 20 KB: reference material belongs in docs/), and a relative link of the
# README or docs/ that leads nowhere (bench/links.py). Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for page in README.md docs/*.md; do
  size=$(wc -c < "$page")
  if [ "$size" -gt 65536 ]; then
    echo "$page is $size bytes: over 64 KiB, a page this project writes by hand is never that long"
    status=1
  fi
  # a line of prose that stands more than 3 times on one page is a paste gone wrong
  repeated=$(grep -vE '^\s*(\||$|#|```|-+$)' "$page" | sort | uniq -c | awk '$1 > 3 && length($0) > 40' | head -3)
  if [ -n "$repeated" ]; then
    echo "$page repeats a line more than 3 times:"; echo "$repeated"
    status=1
  fi
done
readme=$(wc -c < README.md)
if [ "$readme" -gt 20480 ]; then
  echo "README.md is $readme bytes: the front page stays under 20 KB, move reference material to docs/"
  status=1
fi
python3 bench/links.py . || status=1
exit $status
