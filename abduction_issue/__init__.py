"""Helper package for the teaching module *Japan's Abduction Issue*.

* :mod:`abduction_issue.data`      - load and validate the datasets in ``data/``
* :mod:`abduction_issue.charts`    - every figure, in one house style
* :mod:`abduction_issue.exercises` - the question bank, grading and the three renderers
* :mod:`abduction_issue.render`    - the one switch between live notebook and built book
* :mod:`abduction_issue.book`      - boxes and tables the chapters draw from the data
"""
__version__ = "1.0.0"
