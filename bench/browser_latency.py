"""Explorer latency as a student meets it: key press → new picture painted, in JupyterLab in Chromium.

Opens the lessons with a live picture — the step-throughs of lessons 1 and 2, the explorers of
lessons 3, 4, 5 and 9, lesson 10's playground — in JupyterLab (Debian's Chromium driven by
Playwright, a server on 127.0.0.1 with a token, ``OPENBLAS_NUM_THREADS`` unset as in a student's own
Jupyter), runs all cells, then for every control of every explorer: presses → on a slider (picks the
next option of a dropdown) ``--moves`` times, each a setting seen for the first time, then ← (the
previous option) back over the same settings, now seen before (the playground keeps no pictures:
every move trains anew). A move that leaves the control where it was (a slider at the end of its
range) is skipped; one that changes no picture (a menu that only changes the text) counts as "without
a redraw" after 3 s. Each sample is timed in the page, from the ``keydown`` (a
dropdown's ``change``) event to the frame after the explorer's new ``<img>`` has loaded. Prints median / p95 / worst per explorer and kind, and its dropdowns
(e.g. lesson 3's activation) on their own line, since a dropdown once answered slowest (targets on a
quiet 2-core machine: first visit median under 150 ms and p95 under 250 ms; seen before under 60 ms;
the dropdowns within the same targets).

``--server jupyter`` starts the server as a student's own ``jupyter lab`` does; the default is
``backproplab lab``'s (``make lab``), whose kernel connection sends small frames at once
(:mod:`backproplab.lab.server`).

    .venv/bin/python -m bench.browser_latency [--moves 4] [--lessons 03 09] [--server jupyter]
"""
import argparse
import json
import shutil
import statistics
import tempfile
import urllib.request
from pathlib import Path

# The browser tests' lab helper, as a module of the repository (run from its root with ``python -m``:
# ``tests`` and ``tests.browser`` are namespace packages there, no sys.path editing needed).
from tests.browser.lab import CHROMIUM_ARGS, OPEN_TIMEOUT_MS, copy_lesson, run_all_cells, start_lab, stop

ROOT = Path(__file__).resolve().parent.parent

LESSONS = {"01_hand_worked_backprop.ipynb": "step-through", "02_two_outputs_and_biases.ipynb": "step-through",
           "03_sigmoid_derivative.ipynb": "activation explorer", "04_xor_training.ipynb": "XOR explorer",
           "05_dropout.ipynb": "dropout explorer", "09_training_in_practice.ipynb": "optimiser explorer",
           "10_playground.ipynb": "playground"}
SAMPLE_TIMEOUT_MS = 3_000      # no new picture by then: the move changed none
UNMOVED = "unmoved"            # a move that left the control where it was (skipped)

# Arms a one-shot timer on the explorer's <img>: resolves with (painted − keydown) in ms.
ARM_JS = """img => {
    window.__latency = new Promise(resolve => {
        let pressed = null;
        const start = () => { if (pressed === null) pressed = performance.now(); };
        document.addEventListener('keydown', start, {capture: true, once: true});
        document.addEventListener('change', start, {capture: true, once: true});   // a dropdown's pick
        const observer = new MutationObserver(() => {
            if (pressed === null) return;      // a picture from an earlier move, arriving late: not this one
            observer.disconnect();
            const painted = () => requestAnimationFrame(() => requestAnimationFrame(
                () => resolve(performance.now() - pressed)));
            if (img.complete) painted(); else img.addEventListener('load', painted, {once: true});
        });
        observer.observe(img, {attributes: true, attributeFilter: ['src']});
    });
}"""


def sample(page, image, control, key):
    image.evaluate(ARM_JS)
    if key in ("next", "previous"):      # a dropdown: a closed <select> ignores arrow keys in headless Chromium
        index, count = control.evaluate("s => [s.selectedIndex, s.options.length]")
        index += 1 if key == "next" else -1
        if not 0 <= index < count:
            return UNMOVED
        control.select_option(index=index)
    else:
        before = control.get_attribute("aria-valuenow")
        control.press(key)
        if control.get_attribute("aria-valuenow") == before:
            return UNMOVED               # at the end of the slider's range: nothing moved
    return page.evaluate(f"""() => Promise.race([window.__latency,
        new Promise(r => setTimeout(() => r(null), {SAMPLE_TIMEOUT_MS}))])""")


def shut_down_kernels(server):
    with urllib.request.urlopen(server.url("api/sessions")) as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(server.url(f"api/sessions/{session['id']}"), method="DELETE")
        urllib.request.urlopen(request).close()


def explorer_controls(cell):
    handles = cell.locator(".widget-hslider .noUi-handle")
    selects = cell.locator(".widget-dropdown select")
    return ([(f"slider {i + 1}", handles.nth(i), "ArrowRight", "ArrowLeft") for i in range(handles.count())]
            + [(f"dropdown {i + 1}", selects.nth(i), "next", "previous") for i in range(selects.count())])


def summary(values):
    if not values:
        return "no samples"
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"median {statistics.median(values):6.1f} ms   p95 {p95:6.1f} ms   worst {values[-1]:6.1f} ms   (n = {len(values)})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=4, help="new settings per control (then as many back)")
    parser.add_argument("--lessons", nargs="+", default=None, metavar="NN", help="only these lessons (e.g. 03 09)")
    parser.add_argument("--server", choices=("backproplab", "jupyter"), default="backproplab",
                        help="the server as `backproplab lab` starts it (default) or as plain `jupyter lab`")
    args = parser.parse_args()
    lessons = {name: title for name, title in LESSONS.items()
               if not args.lessons or any(name.startswith(n) for n in args.lessons)}
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server = start_lab(Path(tmp), low_latency=args.server == "backproplab",
                           OPENBLAS_NUM_THREADS=None, OMP_NUM_THREADS=None)
        paths = [ROOT / "notebooks" / name for name in lessons]
        copy_lesson(server.root, paths[0])                       # notebooks/ and images/, as in the repo
        for path in paths[1:]:
            shutil.copy2(path, server.root / "notebooks" / path.name)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                print(f"explorer latency in JupyterLab/Chromium ({args.server} lab): key press → new picture painted")
                for lesson, title in lessons.items():
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    # a workspace of its own: the page does not reopen (and start kernels for) earlier lessons
                    page.goto(server.url(f"lab/workspaces/bench-{lesson[:2]}/tree/notebooks/{lesson}"))
                    page.locator(".jp-Notebook .jp-CodeCell").first.wait_for(state="attached", timeout=2 * OPEN_TIMEOUT_MS)
                    page.wait_for_function("() => document.querySelector('#jp-main-statusbar')"
                                           "?.textContent.includes('Idle')", timeout=OPEN_TIMEOUT_MS, polling=250)
                    try:
                        run_all_cells(page)
                    except Exception:
                        page.screenshot(path="/tmp/bench_fail.png")
                        raise
                    # The explorer: the code cell whose output has a widget image and a slider.
                    cell = page.locator(".jp-Notebook .jp-CodeCell").filter(
                        has=page.locator("img.widget-image")).filter(has=page.locator(".widget-hslider")).first
                    image = cell.locator("img.widget-image").first
                    try:
                        image.scroll_into_view_if_needed()
                    except Exception:
                        page.screenshot(path="/tmp/bench_fail.png")
                        raise
                    first, seen, missed = [], [], 0
                    dropdown_first, dropdown_seen = [], []
                    for name, control, forward, back in explorer_controls(cell):
                        control.focus()
                        is_dropdown = name.startswith("dropdown")
                        if is_dropdown and control.evaluate("s => s.selectedIndex == s.options.length - 1"):
                            forward, back = back, forward     # starts on its last option: new settings lie before it
                        for key, bucket, dropdown_bucket in [(forward, first, dropdown_first),
                                                             (back, seen, dropdown_seen)]:
                            for _ in range(args.moves):
                                ms = sample(page, image, control, key)
                                if ms == UNMOVED:
                                    continue
                                if ms is None:
                                    missed += 1          # the move changed no picture
                                else:
                                    bucket.append(ms)
                                    if is_dropdown:
                                        dropdown_bucket.append(ms)
                    print(f"  {title:20s} first visit   {summary(first)}")
                    print(f"  {'':20s} seen before   {summary(seen)}" + (f"   ({missed} moves without a redraw)" if missed else ""))
                    if dropdown_first or dropdown_seen:
                        print(f"  {'  its dropdowns':20s} first visit   {summary(dropdown_first)}")
                        print(f"  {'':20s} seen before   {summary(dropdown_seen)}")
                    page.close()
                    shut_down_kernels(server)            # the next lesson gets the machine to itself
                browser.close()
        finally:
            stop(server.process)


if __name__ == "__main__":
    main()
