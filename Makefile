# `make lab` opens the lessons (student set, in .venv-student); `make test` runs every test (full set,
# in .venv). Each sets up its own venv on first use; neither touches the other's, so running one never
# makes the other reinstall. The install sets are extras of pyproject.toml (see docs/package.md, "Install sets").
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STUDENT_VENV  := .venv-student
STUDENT_BIN   := $(STUDENT_VENV)/bin
STUDENT_STAMP := $(STUDENT_VENV)/.installed

.PHONY: setup lab lab-ko instructor-lab test test-quick translate-update translate images bench slides lecture student course site portable clean

setup: $(STAMP)

# The full set: package (editable) + student + instructor + test tools, from requirements.txt.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# The student set only: package (editable) + JupyterLab + kernel. No nbgrader, RISE or test tools,
# so the lab shows no Nbgrader menu or panels and no incompatible-extension warning.
$(STUDENT_STAMP): pyproject.toml
	$(PYTHON) -m venv $(STUDENT_VENV)
	$(STUDENT_BIN)/python -m pip install --quiet --upgrade pip
	$(STUDENT_BIN)/python -m pip install --quiet -e ".[lab]"
	touch $(STUDENT_STAMP)

# Token kept, bound to localhost only. The server's root is the student's own copy of the lessons,
# my-lessons/ (git-ignored, made on first use, never overwritten, no speaker notes); the browser opens on
# its course map. `backproplab reset NN` gives a fresh copy of lesson NN. See backproplab/lab/.
lab: $(STUDENT_STAMP)
	$(STUDENT_BIN)/python -m backproplab lab

# 한국어판: the Korean course (notebooks/ko/) in my-lessons-ko/, JupyterLab itself in Korean, the package
# writing Korean (BACKPROPLAB_LANG=ko in the kernels). See README.ko.md.
lab-ko: $(STUDENT_STAMP)
	$(STUDENT_BIN)/python -m backproplab lab --lang ko

# The instructor's JupyterLab: the course folder itself (notebooks/ with the speaker notes, rise.css),
# RISE live slides, nbgrader's menu and panels.
instructor-lab: $(STAMP)
	$(BIN)/python -m backproplab lab --instructor

# One BLAS thread: the lessons' matrices are small, and threads fighting over 2 cores cost 10x.
test: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest

# Everything but the tests that build temporary venvs from PyPI (marker `install`, a few minutes).
test-quick: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -m "not install"

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

# The Korean edition after an English change (docs/writing-lessons.md, "Translations"): catalogues follow the
# English (changed cells turn fuzzy), then translate, then compile and build notebooks/ko/ with their outputs.
translate-update: $(STAMP)
	$(BIN)/python -m backproplab translate update
translate: $(STAMP)
	$(BIN)/python -m backproplab translate compile
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m backproplab translate build
	$(BIN)/python -m backproplab translate check

images: $(STAMP)
	$(BIN)/python -m backproplab images

bench: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/xor_speed.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/widget_latency.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/dropout_widget_latency.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/step_through_latency.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/optimiser_latency.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/playground_latency.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/autograd_speed.py
	$(BIN)/python bench/run_all.py
	$(BIN)/python -m bench.browser_latency

# For instructors: static slides, the student edition (nbgrader), the HTML site; all under build/
# (the publishing tools, backproplab/publish/).
slides: $(STAMP)
	$(BIN)/python -m backproplab slides --offline

# The lecture paths as notebooks for RISE: build/lecture/*.ipynb (open with make instructor-lab).
lecture: $(STAMP)
	$(BIN)/python -m backproplab lecture

student: $(STAMP)
	$(BIN)/python -m backproplab student

# The nbgrader source folder of a course: build/course/source/lessonNN/ (see docs/instructors.md).
course: $(STAMP)
	$(BIN)/python -m backproplab course

site: $(STAMP)
	$(BIN)/python -m backproplab site

clean:
	rm -rf $(VENV) $(STUDENT_VENV) build
