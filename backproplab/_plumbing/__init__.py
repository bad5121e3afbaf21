"""The package's plumbing, private to it: argument checks (:mod:`.checks`), number formatting
(:mod:`.format`), safe reading of saved networks (:mod:`.npz`), BLAS threads (:mod:`.blas`), training
progress (:mod:`.progress`), the package-face mechanism every package uses (:mod:`.face`) and what a
lesson cell is (:mod:`.notebook_cells`: speaker notes, the lecture path).

Nothing here is public API except what ``backproplab`` shows (``one_blas_thread``,
``use_one_blas_thread``); the old paths ``backproplab.blas`` and ``backproplab.progress`` still import.
"""
