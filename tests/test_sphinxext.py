"""The one Sphinx extension's pieces that need no build: the edition as a config value."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from abduction_issue.sphinxext import editions


class _App:
    def __init__(self):
        self.values, self.handlers = {}, []

    def add_config_value(self, name, default, rebuild, types=()):
        self.values[name] = (default, rebuild)

    def connect(self, event, fn, priority=500):
        self.handlers.append((event, fn))


@pytest.mark.parametrize("env, expected", [(None, "student"), ("instructor", "instructor"), (" Student ", "student")])
def test_the_edition_is_a_config_value_whose_default_is_the_environment_variable(monkeypatch, env, expected):
    if env is None:
        monkeypatch.delenv("ABDUCTION_EDITION", raising=False)
    else:
        monkeypatch.setenv("ABDUCTION_EDITION", env)
    app = _App()
    editions.register(app)
    default, rebuild = app.values["abduction_edition"]
    assert rebuild == "env"          # another edition re-reads every page
    assert editions.edition_of(SimpleNamespace(abduction_edition=default)) == expected


def test_an_unknown_edition_is_refused_by_name():
    with pytest.raises(ValueError, match="'teacher'"):
        editions.edition_of(SimpleNamespace(abduction_edition="teacher"))


def test_the_edition_sets_the_tags_and_the_kernels_variable(monkeypatch):
    from abduction_issue.sphinxext import execution
    tags = set()
    app = SimpleNamespace(tags=SimpleNamespace(add=tags.add))
    config = SimpleNamespace(abduction_edition="instructor")
    editions._add_tags(app, config)
    assert tags == {"instructor", "edition_instructor"}
    monkeypatch.setenv("ABDUCTION_EDITION", "student")
    execution._kernel_edition(app, config)
    import os
    assert os.environ["ABDUCTION_EDITION"] == "instructor"
