"""The publishing tools: what instructors hand out and lesson writers regenerate, built from the
lessons in ``notebooks/``. Nothing a student runs imports this package; it needs the ``publish`` extra
(``pip install "backproplab[publish]"``), except :mod:`.images` and :mod:`.setup_cell`.

============================  ==========================================================================
``python -m backproplab …``   module
============================  ==========================================================================
``slides``                    :mod:`.slides`: one reveal.js deck per lesson
``course``                    :mod:`.course`: an nbgrader course's ``source/`` (answer, check, solution)
``student``                   :mod:`.student`: the released student edition (nbgrader's preprocessors)
``site``                      :mod:`.site` and ``templates/``: the offline HTML site
``images``                    :mod:`.images`: the PNGs in ``images/``, drawn from the package's plots
============================  ==========================================================================

Shared by the builds: :mod:`.notebooks` (the lessons folder, display priority, saved widget state),
:mod:`.attachments` (markdown pictures as cell attachments), :mod:`.mathjax` (MathJax's configuration
and the offline copy), :mod:`.sources` (which files a build may publish: the lessons' own and
``images/``, nothing else) and :mod:`.staging` (the site built beside its folder, swapped in on
success). :mod:`.setup_cell` is the guarded first cell of a lesson; :mod:`.cli` the
commands.
"""
