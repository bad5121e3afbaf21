"""Lesson helpers: one module per lesson topic, named after it (the d2l way).

What a lesson computes beyond the core package lives here: the worked example's tables, the
explorers' recipes, the experiments a lesson runs and the numbers it quotes. The core modules
(``network``, ``backprop``, ``regularisers`` …) never import from here.
"""
