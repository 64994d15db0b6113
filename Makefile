# Two commands do everything:   make book   (build the online book)   make test   (run every test)
SHELL := /bin/bash
.DEFAULT_GOAL := book
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
JB := $(BIN)/jupyter-book
export MPLCONFIGDIR := $(CURDIR)/_build/.mplconfig
export PYTHONDONTWRITEBYTECODE := 1

VENV_STAMP := $(VENV)/.installed
# The build backend for `pip install -e .` (pyproject.toml's SPDX `license = "MIT"` needs setuptools 77 or later;
# a new venv of Debian's Python 3.11 has 65), installed into the venv so the package installs without a download.
SETUPTOOLS := 80.9.0
NPM_STAMP := node_modules/.installed
VENDOR_STAMP := _vendor_static/.vendored

.PHONY: book book-instructor book-ja book-instructor-ja test check serve lab pdf pdf-instructor pdf-ja pdf-instructor-ja locales coursepack clean bench apt-deps apt-deps-pdf help export-quiz

help:
	@echo "make book            build the online book (student edition) into _build/html (the main job)"
	@echo "make book-instructor the instructor edition of the online book -> _build/instructor/_build/html"
	@echo "make book-ja         the Japanese edition (日本語版) of the online book -> _build/ja/_build/html"
	@echo "make book-instructor-ja  the Japanese instructor edition -> _build/instructor-ja/_build/html"
	@echo "make pdf-ja / make pdf-instructor-ja  the Japanese course packs -> _build/coursepack/"
	@echo "make locales         after changing English text: update the Japanese catalogues in locales/ja"
	@echo "make test            install everything and run every test"
	@echo "make check           the fast tests: no book build, notebook run, PDF or browser (about 2 min)"
	@echo "make serve           serve _build/html on http://127.0.0.1:8000"
	@echo "make lab             JupyterLab on notebooks/ (for class)"
	@echo "make pdf             student course pack   -> _build/coursepack/"
	@echo "make pdf-instructor  instructor course pack -> _build/coursepack/"
	@echo "make export-quiz     the exercises for Moodle (XML) and Canvas (QTI zip), the rubrics as CSV -> _build/lms/"
	@echo "make bench           build times, notebook times, site size against their budgets"
	@echo "make clean           remove builds (keeps .venv and node_modules)"

# Every target sets itself up: the Python packages (.venv), the npm assets, and the Debian packages its
# group in .ci/apt-packages.txt lists (installed by .ci/apt-deps.sh as root; otherwise it stops and prints
# the exact command). A one-line notice comes before each long first-run install.
$(VENV_STAMP): requirements.txt requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found. Install Python 3.10+ (Debian: apt-get install python3 python3-venv) or run make PYTHON=/path/to/python3" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "make: could not create $(VENV). On Debian, as root: apt-get install -y python3-venv" >&2; rm -rf $(VENV); exit 1; }
	@echo "Setting up $(VENV): the pinned Python packages (first run only; about 1 minute here)"
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools==$(SETUPTOOLS)"
	$(BIN)/python -m pip install --quiet -r requirements.txt -c requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "make: npm not found (it fetches the site's offline assets). On Debian, as root: apt-get install -y nodejs npm" >&2; exit 1; }
	@echo "Installing the site's npm assets into node_modules (first run only; under a minute here)"
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The site serves its own copy of MathJax (no CDN); only the parts it uses.
$(VENDOR_STAMP): $(NPM_STAMP) scripts/vendor-assets.sh
	bash scripts/vendor-assets.sh
	touch $@

# The build knows what each page reads: a page is rebuilt when a data file, the question bank or the helper
# module it uses changes, and a notebook is executed again when anything it may read is newer than its cached run
# (abduction_issue/sphinxext/dependencies.py and execution.py). No cache wiping here.
book: $(VENV_STAMP) $(VENDOR_STAMP)
	$(JB) build . -W -n --keep-going
	@echo
	@echo "Built. Open $(CURDIR)/_build/html/index.html  (or: make serve)"

# The instructor edition of the online book: everything in the student book plus the instructor guide
# (lesson plans, facilitation notes, answer keys, rubric). Its own folder and notebook cache. Host it privately.
book-instructor: $(VENV_STAMP) $(VENDOR_STAMP)
	ABDUCTION_EDITION=instructor $(JB) build . -W -n --keep-going --path-output _build/instructor
	@echo
	@echo "Built the instructor edition. Open $(CURDIR)/_build/instructor/_build/html/index.html"

# The Japanese edition (日本語版): the same sources, translated through gettext catalogues in locales/ja
# (abduction_issue/i18n.py). Jupyter Book 1 cannot pass `-D language=ja`, so each language's build reads a
# generated copy of _config.yml with its language written in (and of _toc.yml, its part captions translated), and
# has its own folders and notebook cache.
book-ja: $(VENV_STAMP) $(VENDOR_STAMP)
	$(BIN)/python -m abduction_issue.locales config ja _build/ja/_config.yml
	$(JB) build . -W -n --keep-going --config _build/ja/_config.yml --toc _build/ja/_toc.yml --path-output _build/ja
	@echo
	@echo "Built the Japanese edition. Open $(CURDIR)/_build/ja/_build/html/index.html"

book-instructor-ja: $(VENV_STAMP) $(VENDOR_STAMP)
	$(BIN)/python -m abduction_issue.locales config ja _build/instructor-ja/_config.yml
	ABDUCTION_EDITION=instructor $(JB) build . -W -n --keep-going --config _build/instructor-ja/_config.yml --toc _build/instructor-ja/_toc.yml --path-output _build/instructor-ja
	@echo
	@echo "Built the Japanese instructor edition. Open $(CURDIR)/_build/instructor-ja/_build/html/index.html"

# After a change to English text: extract the messages (Sphinx's gettext builder, instructor edition so every
# page is included; the package's own messages by abduction_issue.locales) and merge them into
# locales/ja. A changed message comes back untranslated or fuzzy, and `make test` fails until it is translated.
locales: $(VENV_STAMP)
	$(BIN)/python -m abduction_issue.locales config gettext _build/gettext/_config.yml
	rm -rf _build/gettext/_build/gettext
	ABDUCTION_EDITION=instructor $(JB) build . --config _build/gettext/_config.yml --builder custom --custom-builder gettext --path-output _build/gettext
	$(BIN)/sphinx-intl update -p _build/gettext/_build/gettext -l ja -d locales -w 0
	$(BIN)/python -m abduction_issue.locales update

apt-deps:
	bash .ci/apt-deps.sh

apt-deps-pdf:
	bash .ci/apt-deps.sh pdf

test: apt-deps $(VENV_STAMP) $(VENDOR_STAMP)
	$(BIN)/python -m pytest -q tests

# The inner loop while editing the package: every test that needs no book build, notebook execution, PDF or
# browser (tests/conftest.py marks any test using a build fixture `slow`). `make test` (what CI runs) runs them all.
check: $(VENV_STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser" tests

serve: book
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

# JupyterLab refuses to start as root unless told; in a container root is normal, so say so and allow it.
lab: $(VENV_STAMP)
	@if [ "$$(id -u)" -eq 0 ]; then echo "make lab: running as root (allowed with --allow-root)"; fi
	$(BIN)/jupyter lab notebooks/ $$( [ "$$(id -u)" -eq 0 ] && echo --allow-root )

pdf: apt-deps-pdf $(VENV_STAMP) $(VENDOR_STAMP)
	bash scripts/build-pdf.sh student

pdf-instructor: apt-deps-pdf $(VENV_STAMP) $(VENDOR_STAMP)
	bash scripts/build-pdf.sh instructor

pdf-ja: apt-deps-pdf $(VENV_STAMP) $(VENDOR_STAMP)
	bash scripts/build-pdf.sh student ja

pdf-instructor-ja: apt-deps-pdf $(VENV_STAMP) $(VENDOR_STAMP)
	bash scripts/build-pdf.sh instructor ja

# The question bank for a learning platform: Moodle XML, a QTI 1.2 package (Canvas and others) and the rubrics as
# CSV, in _build/lms/ (abduction_issue/lms.py; README, "Quizzes in a learning platform").
export-quiz: $(VENV_STAMP)
	$(BIN)/python -m abduction_issue.lms _build/lms

# Speed and size, measured on a fresh copy (about 3½ minutes); the budgets live in scripts/bench.py.
bench: apt-deps-pdf $(VENV_STAMP) $(VENDOR_STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf _build _vendor_static .pytest_cache
