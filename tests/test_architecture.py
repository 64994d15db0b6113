"""The package's structure: its import graph has no circle, and no module uses another module's private names.

Both read the source (``ast``), every import at any depth (a function-level import is still an import), so a
circle hidden inside a function is found too.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "abduction_issue"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = MODULES[importer].name == "__init__.py"
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(name: str):
    """(imported module, names imported from it, line) for every import of the module, at any depth."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, (), node.lineno
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(name, node)
            names = []
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in MODULES:      # `from . import charts`: the submodule itself
                    yield sub, (), node.lineno
                else:
                    names.append(alias.name)
            if names:
                yield target, tuple(names), node.lineno


def import_graph() -> dict[str, set[str]]:
    return {name: {t for t, _, _ in _imports(name) if t in MODULES and t != name} for name in MODULES}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_is_read_from_the_source():
    graph = import_graph()
    assert "abduction_issue.project" in graph["abduction_issue.data"]
    assert "abduction_issue.exercises.bank" in graph["abduction_issue.exercises"]


def test_the_package_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_project_is_the_bottom_layer():
    assert not import_graph()["abduction_issue.project"], "project.py must import nothing of the package"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_no_module_imports_a_private_name_of_another_module():
    found = []
    for name, path in MODULES.items():
        for target, names, line in _imports(name):
            if target in MODULES and target != name:
                found += [f"{path.relative_to(ROOT)}:{line}: {n} from {target}" for n in names if _private(n)]
            if _private(target.rsplit(".", 1)[-1]):
                found.append(f"{path.relative_to(ROOT)}:{line}: private module {target}")
    assert not found, "private names used across modules:\n" + "\n".join(found)


def _private_aliases(name: str):
    """(line, text) for every name of the package imported under an underscored alias (``from .. import data as
    _data``): the module's own name then reads as private, and the rule that no module uses another's private
    names can no longer be checked by reading the imports."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = _resolve(name, node)
            if target.split(".")[0] != "abduction_issue":
                continue
            for alias in node.names:
                if alias.asname and _private(alias.asname):
                    yield node.lineno, f"{alias.name} as {alias.asname} from {target}"


def test_no_module_imports_a_package_name_under_a_private_alias():
    found = [f"{path.relative_to(ROOT)}:{line}: {text}"
             for name, path in MODULES.items() for line, text in _private_aliases(name)]
    assert not found, "package names imported under a private alias:\n" + "\n".join(found)


def test_the_private_alias_finder_finds_one(tmp_path, monkeypatch):
    bad = tmp_path / "bad.py"
    bad.write_text("from .. import data as _data\n", encoding="utf-8")
    monkeypatch.setitem(MODULES, "abduction_issue.charts.bad", bad)
    assert list(_private_aliases("abduction_issue.charts.bad")) == [(1, "data as _data from abduction_issue")]


def test_no_module_reaches_a_private_attribute_of_another_module():
    found = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {}
        for target, names, _ in _imports(name):
            if target in MODULES and not names:
                aliases[target.rsplit(".", 1)[-1]] = target
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name in MODULES:
                        aliases[a.asname or a.name.rsplit(".", 1)[-1]] = a.name
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and aliases[node.value.id] != name and _private(node.attr)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert not found, "private names used across modules:\n" + "\n".join(found)


def test_the_notebooks_call_public_names_only():
    found = []
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                src = "".join(cell["source"])
                found += [f"{nb.name}: {m}" for m in re.findall(
                    r"\b(?:charts|data|book|render|exercises|ex|facts|catalogue)\._[A-Za-z]\w*", src)]
    assert not found, found


def test_the_package_exports_of_exercises_are_public():
    from abduction_issue import exercises
    assert not [n for n in vars(exercises) if _private(n) and not isinstance(vars(exercises)[n], type(exercises))]


def test_every_relative_import_names_a_module_of_the_package():
    """A function-level import runs only when the function does: a module moved into a subpackage must not leave
    one pointing at a module that is no longer there."""
    found = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                target = _resolve(name, node)
                if target not in MODULES:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {target}")
    assert not found, "imports of modules that do not exist:\n" + "\n".join(found)


def test_the_package_has_one_sphinx_setup():
    """One extension: only abduction_issue/sphinxext/__init__.py defines setup(); its modules register(app)."""
    with_setup = sorted(str(p.relative_to(ROOT)) for p in MODULES.values()
                        if any(isinstance(n, ast.FunctionDef) and n.name == "setup"
                               for n in ast.parse(p.read_text(encoding="utf-8")).body))
    assert with_setup == ["abduction_issue/sphinxext/__init__.py"], with_setup
    import yaml
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cfg["sphinx"]["extra_extensions"] == ["abduction_issue.sphinxext"]
