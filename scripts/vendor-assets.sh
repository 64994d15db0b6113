#!/usr/bin/env bash
# Copy the browser assets the site serves itself from node_modules into _vendor_static/ (served as _static/).
# (Not _static/: Jupyter Book 1 injects every .js/.css found under _static into every page.)
#
# Only what the site uses (issue 7: no source maps, no unused MathJax components):
#   MathJax 3 (`mathjax_path: vendor/mathjax/tex-chtml.js` in _config.yml), loaded only on pages with math:
#     tex-chtml.js                 TeX input + CommonHTML output + menu + assistive MathML, in one file
#     output/chtml/fonts/woff-v2   the CHTML web fonts it requests
#     input/tex/extensions         TeX packages it autoloads on first use of a macro (\color, \cancel, ...)
#     a11y/ + sre/mathmaps/{base,en}.json + input/mml.js, output/svg(.js), ui/safe.js
#                                  what the MathJax menu loads on demand: its accessibility options
#                                  (explorer, speech; English, the book's language; the explorer's
#                                  semantic enrichment needs the MathML input), the SVG renderer
#                                  and the "safe" filter (so no menu choice fails offline)
#   Not copied: the other combined builds, MathML entities/extensions, AsciiMath, adaptors, other speech languages, lazy typesetting.
# axe-core is not copied: the tests inject node_modules/axe-core/axe.min.js themselves.
# ipywidgets JS is not vendored: the built book embeds no widget state (nb_ipywidgets_js: {}).
set -euo pipefail
cd "$(dirname "$0")/.."
mj=node_modules/mathjax/es5
test -f "$mj/tex-chtml.js" || { echo "vendor-assets: $mj missing; run 'npm ci' first" >&2; exit 1; }
out=_vendor_static/vendor/mathjax
rm -rf _vendor_static
mkdir -p "$out/output/chtml/fonts" "$out/input/tex" "$out/sre/mathmaps"
cp "$mj/tex-chtml.js" "$out/"
cp -r "$mj/output/chtml/fonts/woff-v2" "$out/output/chtml/fonts/"
cp -r "$mj/input/tex/extensions" "$out/input/tex/"
cp -r "$mj/a11y" "$out/"
cp "$mj/input/mml.js" "$out/input/"
mkdir -p "$out/ui" && cp "$mj/ui/safe.js" "$out/ui/"
cp -r "$mj/output/svg" "$mj/output/svg.js" "$out/output/"
cp "$mj/sre/mathmaps/base.json" "$mj/sre/mathmaps/en.json" "$out/sre/mathmaps/"
cp node_modules/mathjax/LICENSE "$out/LICENSE"
find _vendor_static \( -name '*.map' -o -name '*.ts' -o -name '*.md' \) -delete
echo "vendor-assets: $(du -sh _vendor_static | cut -f1) in _vendor_static/"
