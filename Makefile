# `make lab` opens the lessons; `make test` runs every test. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Jupyter refuses to run as root without --allow-root (CI machines and containers run as root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: setup lab test images bench slides student site clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# Token kept, bound to localhost only. The server's root is the repository (so lessons can show
# ../images/*.png); the browser opens on notebooks/.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/notebooks $(ROOT_FLAG)

# One BLAS thread: the lessons' matrices are small, and threads fighting over 2 cores cost 10x.
test: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest

images: $(STAMP)
	$(BIN)/python -m backproplab.images

bench: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/xor_speed.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/widget_latency.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/dropout_widget_latency.py

# For instructors: static slides, the student edition (nbgrader), the HTML site; all under build/.
slides: $(STAMP)
	$(BIN)/python -m backproplab.build slides

student: $(STAMP)
	$(BIN)/python -m backproplab.build student

site: $(STAMP)
	$(BIN)/python -m backproplab.build site

clean:
	rm -rf $(VENV) build
