"""The roles the chapters and guide pages use.

=================================================  ===============================================================
``{date}`ev-20020917```                            an event's date at its precision (``data/timeline.csv``)
``{count}`abductees.returned```                    a whole number from :mod:`abduction_issue.facts`
``{fact}`abductees.never_entered_names```          any other named value from :mod:`abduction_issue.facts`
``{figure-value}`government_list_2002_people```    a key figure with its qualifier (``data/key_figures.csv``);
                                                   ``…@value`` the bare value, ``…@as_of`` its as-of date
``{poll}`H15/abduction:.1f```                      a Cabinet Office figure (``data/opinion_polls.csv``);
                                                   ``…@fiscal_year`` its survey's fiscal year
``{poll}`op-006:.0f```                             a figure of another poll (``data/opinion_polls_other.csv``);
                                                   ``…@fieldwork`` its fieldwork month
``{claim}`claim-03```                              a link to a row of the fact-check table (chapter 5)
``{guide}`words <chapters/instructor-guide>```     a link into the instructor guide (instructor edition only)
``{repository}`the module's repository```          a link to the repository (``repository.url`` in ``_config.yml``)
=================================================  ===============================================================

The values are looked up by :func:`abduction_issue.facts.lookup` (domain logic, tested without Sphinx); the
roles here are thin adapters that cache a value for the build, note what it read and report an unknown id as
an error at the page and line.
"""
from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

from .. import book, data, facts
from ..i18n import tr
from . import dependencies
from .editions import edition_of

_cache: dict = {}


def cached_lookup(role: str, text: str):
    """:func:`facts.lookup`, computed once per build."""
    key = (role, text)
    if key not in _cache:
        _cache[key] = facts.lookup(role, text)
    return _cache[key]


def _reset_cache(app, *args):
    _cache.clear()


def value_role(role_name):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        env = inliner.document.settings.env
        try:
            shown, files, modules = cached_lookup(role_name, text)
        except (KeyError, ValueError, TypeError) as exc:
            msg = inliner.reporter.error(f"{{{role_name}}}`{text}`: {exc.args[0] if exc.args else exc}", line=lineno)
            return [inliner.problematic(rawtext, rawtext, msg)], [msg]
        dependencies.note(env, files, modules)
        return [nodes.inline(rawtext, shown, classes=["data-value"])], []
    return role


_CLAIM_REF = re.compile(r"^(?:(?P<title>[^<]*?)\s*<(?P<id1>[^>]+)>|(?P<id2>[^<>]+))$")


def claim_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{claim}`claim-03``` -> a link "fact-check claim 3" to the row of the fact-check table in chapter 5.

    ``{claim}`the verdict <claim-03>``` sets the link text.  The id must be a row of
    ``data/article_claims.csv``; an unknown id is reported at the line that uses it (the build fails).
    In print the reference is the same words (a PDF cross-reference)."""
    m = _CLAIM_REF.match(text.strip())
    cid = (m.group("id1") or m.group("id2")).strip() if m else text
    known = set(data.load_article_claims()["id"])
    if not m or cid not in known:
        msg = inliner.reporter.error(
            f"unknown fact-check claim {cid!r} in {{claim}}: expected one of the ids of data/article_claims.csv "
            f"({', '.join(sorted(known))})", line=lineno)
        prb = inliner.problematic(rawtext, rawtext, msg)
        return [prb], [msg]
    title = (m.group("title") or "").strip() or tr("fact-check claim {number}").format(number=book.claim_number(cid))
    node = addnodes.pending_xref(rawtext, refdomain="std", reftype="ref", reftarget=cid, refexplicit=True,
                                 refwarn=True)
    node += nodes.inline(rawtext, title, classes=["xref", "std", "std-ref", "claim-ref"])
    return [node], []


_GUIDE_REF = re.compile(r"^(?P<title>[^<]*?)\s*<(?P<doc>[^>]+)>$")


def guide_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{guide}`the instructor guide <chapters/instructor-guide>``` -> a link to that page in the instructor
    edition; in the student edition, which has no such page, the words followed by "(instructor edition)"."""
    m = _GUIDE_REF.match(text.strip())
    if not m:
        msg = inliner.reporter.error(f"{{guide}} needs `words <docname>`, not {text!r}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    title, doc = m.group("title").strip(), m.group("doc").strip()
    env = inliner.document.settings.env
    if edition_of(env.config) != "instructor":
        return [nodes.inline(rawtext, tr("{words} (instructor edition)").format(words=title),
                             classes=["guide-ref-student"])], []
    node = addnodes.pending_xref(rawtext, refdomain="std", reftype="doc", reftarget="/" + doc.lstrip("/"),
                                 refexplicit=True, refwarn=True, refdoc=env.docname)
    node += nodes.inline(rawtext, title, classes=["xref", "std", "std-doc"])
    return [node], []


def repository_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{repository}`words``` -> the words linked to the repository, whose address is configured once
    (``repository.url`` in ``_config.yml``, which Jupyter Book passes to the theme as ``repository_url``)."""
    env = inliner.document.settings.env
    url = (env.config.html_theme_options or {}).get("repository_url")
    if not url:
        msg = inliner.reporter.error("{repository}: _config.yml sets no repository.url", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [nodes.reference(rawtext, text, refuri=url)], []


def register(app):
    app.add_role("repository", repository_role)
    for role in facts.LOOKUPS:
        app.add_role(role, value_role(role))
    app.add_role("claim", claim_role)
    app.add_role("guide", guide_role)
    app.connect("builder-inited", _reset_cache)
