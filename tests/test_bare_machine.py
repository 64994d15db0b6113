"""A newcomer's machine (issue 11): no system fonts, no font caches, and still no warning on any page and
real Japanese glyphs in every chart, from the font the pinned requirements install (matplotlib-fontja).

The machine is simulated by :func:`conftest.bare_machine`; the session's book build (``built_book``) runs
the same way, so every site test checks the site a bare machine builds.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, bare_machine

CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def _run_bare(code: str, scratch: Path) -> subprocess.CompletedProcess:
    cmd, env = bare_machine([sys.executable, "-W", "error", "-c", code], scratch)
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)


def test_the_simulated_machine_has_no_system_fonts(tmp_path):
    """The simulation holds: fontconfig lists nothing and matplotlib finds only the fonts that Python
    packages bring (its own DejaVu/STIX and the packaged Japanese font)."""
    code = """
import json, subprocess, matplotlib, matplotlib_fontja
from pathlib import Path
from matplotlib import font_manager
from abduction_issue import charts
charts.japanese_font()
fc = subprocess.run(["fc-list"], capture_output=True, text=True).stdout.strip()
roots = [str(Path(matplotlib.get_data_path()).resolve()), str(Path(matplotlib_fontja.__file__).resolve().parent)]
print(json.dumps({"fc": fc, "fonts": sorted({f.fname for f in font_manager.fontManager.ttflist}), "roots": roots}))
"""
    proc = _run_bare(code, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["fc"] == "", f"fontconfig still sees fonts: {seen['fc'][:500]}"
    outside = [f for f in seen["fonts"] if not any(str(Path(f).resolve()).startswith(r) for r in seen["roots"])]
    assert outside == [], f"system fonts visible to matplotlib: {outside[:10]}"
    assert any(f.endswith("ipaexg.ttf") for f in seen["fonts"])


@pytest.mark.parametrize("chart", ["opinion_series", "abductees_overview"])
def test_japanese_text_is_drawn_with_the_packaged_font(chart, tmp_path):
    """Every chart with Japanese labels draws them with IPAexGothic on a bare machine: the PDF embeds it,
    no other CJK font, and no warning (a missing glyph, an unknown font) is raised (-W error)."""
    pdf = tmp_path / f"{chart}.pdf"
    code = f"""
import re
from abduction_issue import charts
charts.house_style()
fig = getattr(charts, "{chart}")()
texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
assert any(re.search(r"{CJK.pattern}", t) for t in texts), "no Japanese text in this chart"
fig.savefig(r"{pdf}", format="pdf")
"""
    proc = _run_bare(code, tmp_path / "bare")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stderr == "", proc.stderr[-3000:]
    fonts = set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-_]+)", pdf.read_bytes()))
    names = {f.decode().split("+")[-1] for f in fonts}
    assert "IPAexGothic" in names, names
    assert not {n for n in names if re.search("CJK|Gothic|Mincho|Sans-?JP|Droid", n)} - {"IPAexGothic"}, names


def _stderr_outputs(nb: dict) -> list[str]:
    return ["".join(o.get("text", "")) for c in nb.get("cells", []) if c.get("cell_type") == "code"
            for o in c.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr"]


def test_no_executed_page_or_notebook_wrote_to_stderr(built_book):
    """The bare-machine build: every executed notebook and prose page, as the build stored it."""
    proc, html = built_book
    executed = sorted((html.parent / "jupyter_execute").rglob("*.ipynb"))
    assert len(executed) >= 4, "the build executed no notebooks"
    found = {str(p.relative_to(html.parent)): _stderr_outputs(json.loads(p.read_text(encoding="utf-8")))
             for p in executed}
    assert not {k: v for k, v in found.items() if v}, {k: v[0][:300] for k, v in found.items() if v}
    assert "findfont" not in proc.stdout + proc.stderr


def test_no_built_page_shows_a_stderr_block(built_html):
    pages = sorted(built_html.rglob("*.html"))
    assert len(pages) > 10
    bad = [str(p.relative_to(built_html)) for p in pages
           if re.search(r'class="[^"]*\boutput stderr\b', p.read_text(encoding="utf-8"))]
    assert bad == [], f"pages showing stderr output: {bad}"
