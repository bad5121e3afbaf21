"""``backproplab lab``: the launcher (:mod:`.launcher`) and the kernel connection it gives JupyterLab
(:mod:`.server`). Imported only where a lab is started: the package never needs Jupyter."""
