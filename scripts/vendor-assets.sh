#!/usr/bin/env bash
# Copy the browser assets the site serves itself from node_modules into _vendor_static/.
# (Not _static/: Jupyter Book 1 injects every .js/.css found under _static into every page.)
set -euo pipefail
cd "$(dirname "$0")/.."
out=_vendor_static/vendor
rm -rf _vendor_static
mkdir -p "$out/mathjax/output/chtml/fonts" "$out/mathjax/input/tex"
mj=node_modules/mathjax/es5
cp "$mj/tex-chtml.js" "$out/mathjax/"
cp -r "$mj/output/chtml/fonts/woff-v2" "$out/mathjax/output/chtml/fonts/"
cp -r "$mj/input/tex/extensions" "$out/mathjax/input/tex/"
cp -r "$mj/ui" "$mj/a11y" "$out/mathjax/"
find _vendor_static -name '*.map' -delete
