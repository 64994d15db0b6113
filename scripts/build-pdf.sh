#!/usr/bin/env bash
# Build one edition of the printed course pack.
#
#   scripts/build-pdf.sh student      (make pdf)             -> _build/coursepack/abduction-issue-student.pdf
#   scripts/build-pdf.sh instructor   (make pdf-instructor)  -> _build/coursepack/abduction-issue-instructor.pdf
#   scripts/build-pdf.sh student ja   (make pdf-ja)          -> _build/coursepack/abduction-issue-student-ja.pdf
#   scripts/build-pdf.sh instructor ja (make pdf-instructor-ja) -> _build/coursepack/abduction-issue-instructor-ja.pdf
#
# The optional second argument is the language: `en` (default) or `ja`, the Japanese edition (日本語版). A
# Japanese pack is built from a generated copy of _config.yml with `language: ja` (python -m abduction_issue.locales
# config ja), in its own build folder (_build/pdf-<edition>-ja); its Title names the edition in Japanese (学生版,
# 教員版; abduction_issue/sphinxext/latex.py).
#
# Jupyter Book's LaTeX builder (xelatex + xeCJK, Noto CJK fonts; styling in abduction_issue/latex/).
# The edition reaches Sphinx (tag `student`/`instructor` for {only} blocks) and the notebook kernels
# (abduction_issue.render.edition()) through ABDUCTION_EDITION. Each edition has its own build folder and
# so its own notebook cache: kernel output depends on the edition, and jupyter-cache keys only on code.
#
# The build FAILS (non-zero exit) when Sphinx or jupyter-book fails, when LaTeX reports an error, an
# undefined reference or citation (a printed "??"), a character missing from the fonts, or a line that
# runs into the margin: any overfull \hbox wider than OVERFULL_MAX_PT (default 3 pt; the eye notices a
# line sticking out by about 2-3 pt, and every overfull box of the pack was brought under 2 pt, issue 16),
# or when the PDF is missing, empty, stale or unreadable, has no Title naming the edition or no Author, or has
# text below the running foot, overprinted text or a blank page (scripts/pdf_layout.py). A PDF is only copied to _build/coursepack/
# when all checks pass.
#
# Environment (optional):
#   PDF_BUILD_DIR   build folder (default _build/pdf-<edition>); jupyter-book --path-output
#   COURSEPACK_DIR  where the finished PDF goes (default _build/coursepack)
#   JUPYTER_BOOK    the jupyter-book executable (default .venv/bin/jupyter-book)
#   OVERFULL_MAX_PT the widest overfull \hbox allowed, in pt (default 3)
#   JB_OPTS         Sphinx options (default "-W -n --keep-going": a Sphinx warning fails the build, as for
#                   the HTML book; relax only while drafting, e.g. JB_OPTS="-n --keep-going")
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

edition="${1:-student}"
lang="${2:-en}"
case "$edition" in
  student|instructor) ;;
  *) echo "usage: $0 student|instructor [en|ja]" >&2; exit 2 ;;
esac
case "$lang" in
  en) suffix="" ;;
  ja) suffix="-ja" ;;
  *) echo "usage: $0 student|instructor [en|ja]" >&2; exit 2 ;;
esac

jb="${JUPYTER_BOOK:-$root/.venv/bin/jupyter-book}"
[ -x "$jb" ] || jb="$(command -v jupyter-book || true)"
[ -n "$jb" ] || { echo "build-pdf: jupyter-book not found (run make, or set JUPYTER_BOOK)" >&2; exit 1; }
build="${PDF_BUILD_DIR:-$root/_build/pdf-$edition$suffix}"
outdir="${COURSEPACK_DIR:-$root/_build/coursepack}"
target="$outdir/abduction-issue-$edition$suffix.pdf"
latexdir="$build/_build/latex"
pdf="$latexdir/course-pack.pdf"
texlog="$latexdir/course-pack.log"
log="$outdir/build-$edition$suffix.log"

mkdir -p "$build" "$outdir"
export MPLCONFIGDIR="${MPLCONFIGDIR:-$build/.mplconfig}"
export ABDUCTION_EDITION="$edition"
# Never stop at a LaTeX error waiting for keyboard input; stop at the first error.
export LATEXOPTS="${LATEXOPTS:--interaction=nonstopmode -halt-on-error -file-line-error}"

fail() { echo "build-pdf ($edition$suffix): FAILED: $*" >&2; exit 1; }

# A PDF left from an earlier build must never pass for this one.
rm -f "$pdf" "$target"
stamp="$(mktemp)"
trap 'rm -f "$stamp"' EXIT

# The build stamp on the title page (abductionpack.sty reads abductionbuild.tex from TEXINPUTS): today's date
# (UTC; SOURCE_DATE_EPOCH if set, for a reproducible build) and the short commit, marked "+changes" when the
# checkout has uncommitted changes, or a plain "none (not a git checkout)" outside git.
stampdir="$build/stamp"
mkdir -p "$stampdir"
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
  builddate="$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)"
else
  builddate="$(date -u +%F)"
fi
if commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null)"; then
  [ -z "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit+changes"
  commit_tex="$commit"
else
  commit="none (not a git checkout)"
  commit_tex='\abductionnocommit'   # the words in the pack's language (sphinxext/latex.py)
fi
printf '\\def\\abductionbuilddate{%s}\\def\\abductioncommit{%s}\n' "$builddate" "$commit_tex" > "$stampdir/abductionbuild.tex"
export TEXINPUTS="$stampdir:${TEXINPUTS:-}"

# A language other than English builds from a generated config with its language written in (Jupyter Book 1
# cannot pass `-D language=...`), kept in the build folder.
config_opts=()
if [ "$lang" != en ]; then
  py="$(dirname "$jb")/python"
  [ -x "$py" ] || py="$(command -v python3)"
  "$py" -m abduction_issue.locales config "$lang" "$build/_config.yml" >/dev/null ||
    fail "could not write the $lang config ($py -m abduction_issue.locales config $lang $build/_config.yml)"
  config_opts=(--config "$build/_config.yml" --toc "$build/_toc.yml")
fi

echo "build-pdf: $edition edition ($lang), build folder $build (printed $builddate, commit $commit)"
start=$(date +%s)
set +e
# shellcheck disable=SC2086
"$jb" build "$root" --builder pdflatex "${config_opts[@]}" --path-output "$build" ${JB_OPTS:--W -n --keep-going} </dev/null 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || fail "jupyter-book exited with status $status (see $log)"

# jupyter-book 1 can report success although the LaTeX step failed (jupyter-book #551): check for ourselves.
[ -f "$texlog" ] || fail "no LaTeX log at $texlog: the LaTeX step did not run"
grep -q "Latexmk: Errors" "$log" && fail "latexmk reported errors (see $texlog)"
if grep -nE '^(! |[^ ]*\.tex:[0-9]+: )' "$texlog" | head -5 | grep -q .; then
  grep -nE '^(! |[^ ]*\.tex:[0-9]+: )' "$texlog" | head -5 >&2
  fail "LaTeX error (see $texlog)"
fi
if grep -nE "LaTeX Warning: (Reference|Citation|Hyper reference) .* undefined|There were undefined references" "$texlog" | head -5 | grep -q .; then
  grep -nE "LaTeX Warning: (Reference|Citation|Hyper reference) .* undefined|There were undefined references" "$texlog" | head -5 >&2
  fail "undefined references would print as ?? (see $texlog)"
fi
if grep -n "Missing character: There is no" "$texlog" | head -5 | grep -q .; then
  grep -n "Missing character: There is no" "$texlog" | sort -u | head -5 >&2
  fail "characters missing from the fonts (see $texlog)"
fi
# Text running into the margin (the log names the source line of each overfull box).
max_pt="${OVERFULL_MAX_PT:-3}"
overfull=$(grep -E '^Overfull \\hbox \([0-9.]+pt too wide\)' "$texlog" |
           awk -v max="$max_pt" '{ w = substr($3, 2) + 0; if (w > max) print }' || true)
if [ -n "$overfull" ]; then
  echo "$overfull" | head -10 >&2
  fail "$(echo "$overfull" | wc -l) overfull line(s) wider than ${max_pt}pt run into the margin (see $texlog)"
fi
[ -s "$pdf" ] || fail "no PDF (or an empty one) at $pdf"
[ "$pdf" -nt "$stamp" ] || fail "$pdf is older than this build"
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ -n "$pages" ] && [ "$pages" -gt 0 ] || fail "pdfinfo cannot read $pdf"

# The document information a copy shop and a library catalogue read (issue 24, P3): title with the edition, author.
info="$(pdfinfo "$pdf" 2>/dev/null)"
title="$(printf '%s\n' "$info" | sed -n 's/^Title: *//p')"
author="$(printf '%s\n' "$info" | sed -n 's/^Author: *//p')"
case "$lang:$edition" in
  ja:student) edition_name="学生版" ;;
  ja:instructor) edition_name="教員版" ;;
  *) edition_name="${edition^} edition" ;;
esac
case "$title" in
  *"$edition_name"*) ;;
  *) fail "the PDF's Title ('$title') does not name the ${edition} edition ($edition_name; abductionpack.sty, \\abductionpdfmetadata)" ;;
esac
[ -n "$author" ] || fail "the PDF has no Author (abductionpack.sty, \\abductionpdfmetadata)"
# No text below the running foot, no overprinted text, no blank page (issue 24, P1/P2): scripts/pdf_layout.py.
if ! layout="$(python3 "$root/scripts/pdf_layout.py" "$pdf")"; then
  echo "$layout" | head -10 >&2
  fail "$(echo "$layout" | wc -l) page layout problem(s) a copy shop would reject (see above)"
fi

cp "$pdf" "$target"
echo "build-pdf: course pack ($edition edition, $lang, $pages pages, $(( $(date +%s) - start )) s): $target"
