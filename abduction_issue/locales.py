"""The translation catalogues: extract the package's own messages, merge them into each language's catalogues
(``make locales``), and write a language's build configuration (``make book-ja``).

Three domains (:data:`abduction_issue.i18n.DOMAINS`), each a gettext catalogue
``locales/<lang>/LC_MESSAGES/package/<domain>.po``:

* ``ui``: every string the package's code marks with ``tr("...")``, ``N_("...")`` or ``translate("...")`` (a literal first
  argument; a literal second argument is the message's context): table headings, chart titles and labels,
  the quiz's buttons and messages, the reading-time lines;
* ``bank/<chapter>``: the question bank's text (:data:`BANK_KEYS` of ``abduction_issue/bank/<chapter>.yml``), each message in
  the context of its question's id;
* ``guide``: the lesson plans' and the assessment's text (:data:`GUIDE_KEYS`);
* ``datapackage``: the titles and column descriptions of ``data/datapackage.json``.

A changed English message comes back untranslated (or fuzzy, when Babel finds a close old one), and
``tests/test_i18n.py`` fails until it is translated: the languages are kept in step.
"""
from __future__ import annotations

import ast
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from . import i18n, project

#: The fields of a bank question that a reader sees (ids, kinds, sources and chart names are not text).
BANK_KEYS = {"prompt", "text", "feedback", "explanation", "labels", "quote", "speaker"}
#: The fields of the lesson plans and the assessment that a reader sees.
GUIDE_KEYS = {"activity", "do", "fallback", "prepare", "before_class", "notes", "task", "static_notebook",
              "static_quiz", "print_page", "title", "prompt", "length", "uses", "objectives", "criterion",
              "excellent", "good", "adequate", "insufficient", "levels", "summary",
              "overview", "focus", "question", "questions", "discussion", "goal", "goals", "aim"}
_CALLS = {"tr", "N_", "translate"}


def ui_messages(package: Path = project.PACKAGE):
    """``(context, message, location)`` for every ``tr("...")``/``N_("...")``/``translate("...")`` in the code."""
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            first = node.args[0]
            if name not in _CALLS or not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            context = None
            if len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                context = node.args[1].value
            for kw in node.keywords:
                if kw.arg == "context" and isinstance(kw.value, ast.Constant):
                    context = kw.value.value
                if kw.arg == "domain" and isinstance(kw.value, ast.Constant) and kw.value.value != "ui":
                    break
            else:
                yield context, first.value, (str(path.relative_to(package.parent)), node.lineno)


#: The book's settings a reader sees (``_config.yml``), translated into each language's generated config.
CONFIG_KEYS = ("title", "author", "copyright")


def config_messages():
    config = yaml.safe_load(project.CONFIG_FILE.read_text(encoding="utf-8"))
    for key in CONFIG_KEYS:
        yield None, str(config[key]), ("_config.yml", 0)
    footer = (config.get("html") or {}).get("extra_footer")
    if footer:
        yield None, footer.strip(), ("_config.yml", 0)
    # the course pack's title page and PDF Title name the module by its CITATION.cff title (sphinxext/latex.py)
    citation = project.ROOT / "CITATION.cff"
    if citation.is_file():
        title = (yaml.safe_load(citation.read_text(encoding="utf-8")) or {}).get("title")
        if title:
            yield None, str(title), ("CITATION.cff", 0)


def toc_messages():
    """The captions of the book's parts (``_toc.yml``)."""
    toc = yaml.safe_load(project.TOC_FILE.read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        if part.get("caption"):
            yield "toc", part["caption"], ("_toc.yml", 0)


def code_words_messages():
    """The words for the data's codes (:data:`abduction_issue.data.CODE_WORDS`), in the context of their column."""
    from .data import CODE_WORDS, ITEM_NOTES
    for (resource, column), words in CODE_WORDS.items():
        for word in words.values():
            yield f"{resource}.{column}", word, ("abduction_issue/data.py", 0)
    for note in ITEM_NOTES:
        yield "survey item note", note, ("abduction_issue/data.py", 0)


def _strings(obj, keys, wanted=False):
    """Every string under a key of ``keys`` (lists and mappings under such a key included)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(v, keys, wanted or k in keys)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v, keys, wanted)
    elif isinstance(obj, str) and wanted and obj.strip():
        yield obj


def bank_messages(chapter: str, bank_dir: Path | None = None):
    bank_dir = bank_dir or project.PACKAGE / "bank"
    for path in [bank_dir / f"{chapter}.yml"]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in data.get("questions", []):
            for s in _strings(q, BANK_KEYS):
                yield q["id"], s, (str(path.relative_to(project.ROOT)), 0)


def guide_messages():
    for name in ("lesson_plans.yml", "assessment.yml"):
        path = project.PACKAGE / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for s in _strings(data, GUIDE_KEYS):
            yield None, s, (str(path.relative_to(project.ROOT)), 0)


def datapackage_messages():
    """The resources' titles and the columns' descriptions of ``data/datapackage.json`` (the Datasets page)."""
    import json
    package = json.loads((project.ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        if res.get("title"):
            yield res["name"], res["title"], ("data/datapackage.json", 0)
        for field in res["schema"]["fields"]:
            if field.get("description"):
                yield f"{res['name']}.{field['name']}", field["description"], ("data/datapackage.json", 0)


EXTRACTORS = {"datapackage": datapackage_messages,"ui": lambda: (*config_messages(), *toc_messages(), *code_words_messages(), *ui_messages()), "guide": guide_messages,
              **{f"bank/{c}": (lambda c=c: bank_messages(c)) for c in i18n.BANK_CHAPTERS}}


def template(domain: str) -> Catalog:
    cat = Catalog(project="abduction-issue", domain=domain, charset="utf-8", fuzzy=False)
    for context, message, location in EXTRACTORS[domain]():
        existing = cat.get(message, context)
        if existing is None:
            cat.add(message, context=context, locations=[location])
        elif location not in existing.locations:
            existing.locations.append(location)
    return cat


def update(lang: str, domains=None):
    """Merge each domain's messages into ``lang``'s catalogue; yield one line of counts per domain."""
    for domain in domains or i18n.DOMAINS:
        tmpl = template(domain)
        path = i18n.catalogue_path(lang, domain)
        if path.is_file():
            with path.open("rb") as fh:
                cat = read_po(fh, locale=lang)
        else:
            cat = Catalog(locale=lang, project="abduction-issue", domain=domain, charset="utf-8", fuzzy=False)
        cat.update(tmpl, no_fuzzy_matching=False)
        cat.obsolete.clear()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, cat, width=0, omit_header=False, include_previous=True, sort_output=False)
        missing = sum(1 for m in cat if m.id and (not m.string or m.fuzzy))
        yield f"{path.relative_to(project.ROOT)}: {len(cat)} messages, {missing} to translate"
    i18n.reload()


# --- a build's configuration for one language, and the command line ------------------------------------------------------------------

#: Jupyter Book 1 cannot pass ``-D language=...`` (jupyter-book #1791): each language's build reads a copy of
#: ``_config.yml`` with its language (and, for Japanese, the book's title and footer in Japanese) written in.
def write_config(lang: str, dest: Path, *, execute: bool = True, root: Path = project.ROOT) -> Path:
    """Write the book's ``_config.yml`` (of the book in ``root``) for ``lang`` to ``dest`` (``execute=False``: the
    notebooks are not run, for the ``gettext`` builder that extracts the messages); for a translation, its
    ``_toc.yml`` beside it (:func:`write_toc`)."""
    import yaml

    if lang not in i18n.LANGUAGES and lang != "gettext":
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)} or 'gettext', not {lang!r}")
    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8"))
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    if lang == "gettext":
        config.setdefault("execute", {})["execute_notebooks"] = "off"
    else:
        sphinx_config["language"] = lang
        if lang != i18n.SOURCE_LANGUAGE:
            for key in ("title", "author", "copyright"):
                config[key] = i18n.translate(str(config[key]), lang=lang)
            footer = config.get("html", {}).get("extra_footer")
            if footer:
                config["html"]["extra_footer"] = i18n.translate(footer.strip(), lang=lang) + "\n"
    if not execute:
        config.setdefault("execute", {})["execute_notebooks"] = "off"
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if lang not in (i18n.SOURCE_LANGUAGE, "gettext"):
        write_toc(lang, dest.parent / "_toc.yml", root=root)
    dest.write_text("# Generated by `python -m abduction_issue.locales config` from _config.yml: do not edit.\n"
                    + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def write_toc(lang: str, dest: Path, *, root: Path = project.ROOT) -> Path:
    """The book's ``_toc.yml`` with its part captions in ``lang`` (``jupyter-book build --toc``)."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        if part.get("caption"):
            part["caption"] = i18n.translate(part["caption"], "toc", lang=lang)
    dest.write_text("# Generated by `python -m abduction_issue.locales config` from _toc.yml: do not edit.\n"
                    + yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m abduction_issue.locales", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cfg = sub.add_parser("config", help="write the book's _config.yml for one language")
    cfg.add_argument("language", choices=(*i18n.LANGUAGES, "gettext"))
    cfg.add_argument("dest", type=Path)
    upd = sub.add_parser("update", help="extract the package's own messages and merge them into each language")
    upd.add_argument("--language", "-l", action="append", choices=i18n.LANGUAGES[1:])
    upd.add_argument("--domain", "-d", action="append", choices=i18n.DOMAINS, help="only these catalogues")
    args = parser.parse_args(argv)
    if args.command == "config":
        print(write_config(args.language, args.dest))
        return 0
    for lang in args.language or i18n.LANGUAGES[1:]:
        for line in update(lang, args.domain):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
