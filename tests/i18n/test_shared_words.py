"""The package's shared words in Korean (domain ``backproplab``): ``set_language("ko")`` makes the trace's
explain lines and headings, its HTML table, the step-through's labels, the shared figure labels and the
Korean workspace's course map Korean; English comes back unchanged, byte for byte."""
import json
import re
import shutil
from pathlib import Path

import pytest

import backproplab as bp
from backproplab._plumbing import i18n
from backproplab.lab import course_map, workspace
from backproplab.lessons import handworked as hw
from backproplab.trace import Phase

ROOT = Path(__file__).resolve().parents[2]
ENGLISH_TITLES = ("Forward pass", "Loss", "Backward pass", "Gradients", "Updates")


@pytest.fixture(autouse=True)
def english_around():
    """Every test starts and ends in English (``i18n.language`` restores; this checks it did)."""
    with i18n.language("en"):
        yield
    assert bp.get_language() == "en"


def test_explain_is_korean_and_english_returns_unchanged():
    trace = hw.trace()
    english = trace.explain()
    with i18n.language("ko"):
        korean = trace.explain()
    assert "# 순전파" in korean and "# 역전파 단계: δ = ∂E_total/∂z" in korean and "# 갱신 (η = 0.5)" in korean
    assert not [t for t in ENGLISH_TITLES if re.search(rf"^# {t}\b", korean, flags=re.M)]
    # the formulas, numbers and names are the same lines: only the headings changed
    strip = lambda text: [line for line in text.splitlines() if not line.startswith("#")]
    assert strip(korean) == strip(english)
    assert trace.explain() == english and "# Backward pass: δ = ∂E_total/∂z" in english


def test_phase_titles_follow_the_language():
    with i18n.language("ko"):
        assert [p.title for p in Phase] == ["순전파", "손실", "역전파 단계", "기울기", "갱신"]
    assert [p.title for p in Phase] == list(ENGLISH_TITLES)


def test_the_html_table_has_korean_headers():
    trace = hw.trace()
    english = trace._repr_html_()
    with i18n.language("ko"):
        korean = trace._repr_html_()
    for word in ("항목", "식", "숫자 대입", "값", "순전파", "역전파 단계 (δ = ∂E_total/∂z)", "(새 값)", "샘플 1개, 손실"):
        assert word in korean, word
    for word in (">quantity<", ">formula<", ">numbers<", ">value<", "Forward pass", "(new)", "sample(s)"):
        assert word not in korean, word
    assert trace._repr_html_() == english and ">quantity</th>" in english
    assert f"<caption style=\"text-align:left\">{repr(trace).replace('<', '&lt;').replace('>', '&gt;')}</caption>" in english


def test_a_fixed_bias_and_a_penalty_read_korean():
    net = bp.Network([2, 2, 1], seed=0)
    trace = net.train_step([[0.0, 1.0]], [[1.0]], lr=0.5, l2=0.01, train_bias=False)
    english = trace.explain()
    with i18n.language("ko"):
        korean = trace.explain()
    assert "(고정: train_bias=False)" in korean and "; 편향은 고정)" in korean and "\n페널티 = " in korean
    assert "kept fixed" not in korean and "\npenalty = " in english and trace.explain() == english


def test_the_step_through_speaks_korean():
    from backproplab.widgets import StepThrough

    trace = hw.trace()
    with i18n.language("ko"):
        st = StepThrough(trace)
        ko = (st.controls["quantity"].description, st.controls["phase"].description, st.previous.description,
              st.next.description, st.controls["phase"].options, st.readout.value, st.play.tooltip)
        st.show(3)
        line = st.readout.value
    assert ko[:4] == ("항목", "바로 가기", "◀ 이전", "다음 ▶")
    assert [label for label, _ in ko[4]] == ["스텝 전", "순전파", "손실", "역전파 단계", "기울기", "갱신"]
    assert "스텝 전의 네트워크" in ko[5] and ko[6].startswith("▶ 여기서부터 재생")
    assert "3/" in line and "순전파" in line
    en = StepThrough(trace)
    assert (en.controls["quantity"].description, en.controls["phase"].description) == ("quantity", "jump to")
    assert [label for label, _ in en.controls["phase"].options][:2] == ["before the step", "forward pass"]


def test_the_shared_figure_labels_are_korean_without_math(recwarn):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    trace = hw.trace()
    with i18n.language("ko"):
        fig = bp.plots.draw_weight_change(trace)
        texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
        fig.canvas.draw()
    plt.close(fig)
    assert {"입력층", "은닉층", "출력층"} <= set(texts)
    assert any(t.startswith("변화량 Δw") for t in texts) and not any("$" in t and re.search("[가-힣]", t) for t in texts)
    assert not [w for w in recwarn if "missing from" in str(w.message) or "Glyph" in str(w.message)]


def test_the_gradcheck_verdict_and_the_progress_words_follow_the_language():
    with i18n.language("ko"):
        assert bp.gradcheck.rel_error_verdict(1e-9) == "정확함 (1e-7 미만)"
    assert bp.gradcheck.rel_error_verdict(1e-9) == "correct (below 1e-7)"


@pytest.fixture
def korean_course(tmp_path):
    """A course folder whose Korean edition holds lessons 1 and 2 (the English ones with a Korean title)."""
    (tmp_path / "notebooks" / "ko").mkdir(parents=True)
    for path, title in zip(sorted((ROOT / "notebooks").glob("0[12]_*.ipynb")), ("손으로 한 스텝", "두 출력과 편향")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown" and "".join(cell["source"]).startswith("# "):
                number = int(path.name[:2])
                cell["source"] = f"# {number}강 · {title}\n"
                break
        (tmp_path / "notebooks" / "ko" / path.name).write_text(json.dumps(nb), encoding="utf-8")
    return tmp_path


def test_the_korean_workspace_writes_a_korean_course_map_and_links(korean_course):
    ws, _ = workspace.prepare(korean_course, "ko")
    assert ws.copy == korean_course / "my-lessons-ko" and bp.get_language() == "en"
    cells = json.loads((ws.copy / course_map.START_PAGE).read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells)
    assert text.startswith("# 여기서 시작하세요: 코스 맵")
    assert "| | 강의 | 배우는 내용 | 시간 | 선수 강의 | 진도 |" in text
    assert "[손으로 한 스텝](01_" in text and "약 60분" in text and "시작 전 (연습 문제 " in text
    assert "3-2-1 네트워크의 학습 스텝 하나를 손으로" in text and "Start here" not in text
    assert cells[-1]["source"].endswith("show(language='ko')")
    first = json.loads(next(ws.copy.glob("01_*.ipynb")).read_text(encoding="utf-8"))["cells"][-1]
    assert first["source"].startswith("**다음:** [2강 · 두 출력과 편향](02_") and "[코스 맵](00_start_here.ipynb)" in first["source"]
    with i18n.language("ko"):
        shown = course_map.show(ws.copy, language="ko").data
    assert "배우는 내용" in shown and bp.get_language() == "en"
    assert "What you learn" in course_map.show(ws.copy).data


def test_the_english_workspace_stays_english_in_a_korean_session(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for path in sorted((ROOT / "notebooks").glob("0[12]_*.ipynb")):
        shutil.copy2(path, tmp_path / "notebooks" / path.name)
    with i18n.language("ko"):
        ws, _ = workspace.prepare(tmp_path, "en")
    text = "".join(json.loads((ws.copy / course_map.START_PAGE).read_text(encoding="utf-8"))["cells"][0]["source"])
    assert text.startswith("# Start here: the course map")
    table = "".join(json.loads((ws.copy / course_map.START_PAGE).read_text(encoding="utf-8"))["cells"][1]["source"])
    assert table.startswith("| | Lesson | What you learn | Time | Builds on | Your progress |\n|---|")
    assert "| about 60 min | — | not started (" in table
