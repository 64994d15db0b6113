"""Helper package for the teaching module *Japan's Abduction Issue*.

Where things are (one guess each):

* :mod:`abduction_issue.project`   - the chapters, the folders and the source root (the bottom layer)
* :mod:`abduction_issue.data`      - the loader: reads and validates the datasets in ``data/``
* :mod:`abduction_issue.dates`     - a date at its precision (``June 1978`` stays a month)
* :mod:`abduction_issue.facts`     - the named values the prose quotes, and what each data role prints
* :mod:`abduction_issue.charts`    - every figure, in one house style (``charts.REGISTRY``: each chart and its data)
* :mod:`abduction_issue.exercises` - the quiz engine: the question bank, grading and the three renderings
* :mod:`abduction_issue.guide`     - the instructor guide (lesson plans, answer keys, assessment)
* :mod:`abduction_issue.book`      - boxes and tables the chapters draw from the data
* :mod:`abduction_issue.render`    - the one switch between live notebook and built book
* :mod:`abduction_issue.sphinxext` - the book's one Sphinx extension (roles, directives, editions, print)
"""
__version__ = "1.0.0"
