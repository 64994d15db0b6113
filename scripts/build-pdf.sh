#!/usr/bin/env bash
# Build one edition of the course pack: student (default) or instructor.
set -euo pipefail
cd "$(dirname "$0")/.."
edition="${1:-student}"
out="_build/coursepack"
mkdir -p "$out"
ABDUCTION_EDITION="$edition" .venv/bin/jupyter-book build . --builder pdflatex --path-output "_build/pdf-$edition" -W -n --keep-going
pdf="_build/pdf-$edition/_build/latex/course-pack.pdf"
test -s "$pdf" || { echo "PDF build produced no file: $pdf" >&2; exit 1; }
cp "$pdf" "$out/abduction-issue-$edition.pdf"
echo "Course pack ($edition edition): $out/abduction-issue-$edition.pdf"
