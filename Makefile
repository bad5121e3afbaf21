# `make lab` opens the lessons; `make test` runs every test. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Jupyter refuses to run as root without --allow-root (CI machines and containers run as root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: setup lab test images bench slides student course site portable clean

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

# For lesson writers, not part of `make test` or CI: nbval on the lessons under other valid
# floating-point configurations, as other students' laptops would run them (older OpenBLAS kernels;
# numpy's SIMD dispatch lowered to x86-64-v2). Stored outputs must not depend on round-off, so every
# line must pass (`make -k portable` runs them all). These kernels run on any x86-64 CPU of the last
# decade; never name a core type newer than your CPU.
NBVAL      := OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -q notebooks
NPY_V2_ONLY := NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
portable: $(STAMP)
	OPENBLAS_CORETYPE=Sandybridge $(NBVAL)
	OPENBLAS_CORETYPE=Nehalem $(NBVAL)
	$(NPY_V2_ONLY) $(NBVAL)
	OPENBLAS_CORETYPE=Nehalem $(NPY_V2_ONLY) $(NBVAL)

images: $(STAMP)
	$(BIN)/python -m backproplab.images

bench: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/xor_speed.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/widget_latency.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/dropout_widget_latency.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/step_through_latency.py
	$(BIN)/python bench/run_all.py
	$(BIN)/python bench/browser_latency.py

# For instructors: static slides, the student edition (nbgrader), the HTML site; all under build/.
slides: $(STAMP)
	$(BIN)/python -m backproplab.build slides

student: $(STAMP)
	$(BIN)/python -m backproplab.build student

# The nbgrader source folder of a course: build/course/source/lessonNN/ (see the README, For instructors).
course: $(STAMP)
	$(BIN)/python -m backproplab.build course

site: $(STAMP)
	$(BIN)/python -m backproplab.build site

clean:
	rm -rf $(VENV) build
