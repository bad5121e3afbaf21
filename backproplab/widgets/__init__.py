"""ipywidgets explorers. Each explorer exposes ``controls`` (name → widget) and ``output`` so
tests can drive it without a browser, and shows a static snapshot when there is no kernel."""
