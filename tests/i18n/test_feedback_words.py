"""The exercise checker speaks Korean when asked: the feedback frames, the tiers of hints, the named
misconceptions (key verbatim, sentence and section to reread in Korean), and English unchanged around it."""
import re

import pytest

from backproplab._plumbing import i18n
from backproplab.exercises import check, exercises, misconceptions, register, registry, solution

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(autouse=True)
def fresh_tries(monkeypatch):
    """No wrong tries counted, outside nbgrader, English before and after."""
    monkeypatch.setattr(registry, "_TRIES", {})
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def tiers():
    """A value exercise with a nudge and a hint of its own (removed after the test)."""
    ex = register("tmp_ko_tiers", "q", 0.25, hint="the formula", solution="the worked solution", nudge="where to look")
    yield ex
    registry._REGISTRY.pop("tmp_ko_tiers")


def test_a_named_mistake_is_korean_with_its_key_verbatim_and_english_unchanged_around_it():
    ex = exercises()["delta_D"]
    wrong = ex.wrong["sign-flipped"][0]
    english = repr(check("delta_D", wrong))
    assert english.startswith("✘ sign-flipped (delta_D): this is the mistake «sign-flipped»:")
    assert "Reread lesson 1, section 3a" in english
    with i18n.language("ko"):
        korean = check("delta_D", wrong)
    text = repr(korean)
    assert korean.misconception == "sign-flipped" and not korean
    assert text.startswith("✘ sign-flipped (delta_D): 흔한 실수 «sign-flipped»입니다: ")
    assert "δ는 z에 대한 손실의 기울기입니다" in text
    assert "다시 읽어 볼 곳: 1강 3a절 (출력 뉴런 F, 그리고 교과서의 Err = −δ)." in text
    assert "Reread" not in text and "lesson 1" not in text
    assert repr(check("delta_D", wrong)) == english


def test_a_right_answer_and_a_wrong_sign_are_korean():
    true = float(exercises()["delta_D"].answer())
    english = repr(check("delta_D", true))
    with i18n.language("ko"):
        right = repr(check("delta_D", true))
        assert right == f"✔ 정답 (delta_D): {true:g} — 반올림 범위 안에서 일치합니다."
        flipped = repr(check("o_E", -float(exercises()["o_E"].answer())))
        assert "크기는 맞지만 부호가 반대입니다. 힌트: " in flipped and flipped.startswith("✘ 아직 아님 (o_E)")
    assert repr(check("delta_D", true)) == english == f"✔ correct (delta_D): {true:g} matches (to within rounding)."


def test_the_tiers_are_korean(tiers):
    with i18n.language("ko"):
        assert repr(check("tmp_ko_tiers", None)) == ("✘ 아직 아님 (tmp_ko_tiers): 아직 답이 없습니다 — None을 여러분이 "
                                                     "구한 값으로 바꾸세요. 힌트: where to look")
        first, second, third = (repr(check("tmp_ko_tiers", 0.9)) for _ in range(3))
    assert first == "✘ 아직 아님 (tmp_ko_tiers): 0.9 — 아직 정답이 아닙니다. 힌트: where to look"
    assert second == "✘ 아직 아님 (tmp_ko_tiers): 0.9 — 아직 정답이 아닙니다. 힌트: the formula"
    assert third == second + " (아직 막히나요? 풀이 과정 보기: solution('tmp_ko_tiers'))"
    registry._TRIES.clear()
    english = [repr(check("tmp_ko_tiers", 0.9)) for _ in range(3)]
    assert english[2] == ("✘ not yet (tmp_ko_tiers): 0.9 is not it yet. Hint: the formula (Still stuck? "
                          "solution('tmp_ko_tiers') shows the worked solution.)")


def test_the_other_frames_are_korean(tiers):
    with i18n.language("ko"):
        assert "답은 숫자 하나여야 합니다. 받은 값: 'x'. 힌트: " in repr(check("tmp_ko_tiers", "x"))
        assert "답은 숫자여야 합니다. 받은 값: True. 힌트: " in repr(check("tmp_ko_tiers", True))
        assert "답은 유한한 숫자여야 합니다. 받은 값: inf. 힌트: " in repr(check("tmp_ko_tiers", float("inf")))
        assert repr(solution("tmp_ko_tiers")) == "풀이 (tmp_ko_tiers): the worked solution"
        assert "<summary>풀이 보기 (tmp_ko_tiers)</summary>" in solution("tmp_ko_tiers")._repr_html_()
        stub = repr(check("delta_hidden_code", lambda o, w_out, delta_out: None))
        assert "아직 아님" in stub and "delta_hidden 함수가 None을 반환했습니다: 함수 끝에 return" in stub
        assert "아직 함수가 없습니다 — 위의 함수를 완성하세요. 힌트: " in repr(check("delta_hidden_code", None))
        assert "함수 자체를 넘겨야 합니다. 받은 값: 3. 힌트: " in repr(check("delta_hidden_code", 3))


def test_fewer_decimals_is_korean():
    ex = register("tmp_ko_decimals", "q", 0.123456, hint="h", solution="s", decimals=4)
    try:
        with i18n.language("ko"):
            text = repr(check("tmp_ko_decimals", 0.12))
        assert "0.12 — 소수점 아래 2자리까지는 맞지만, 문제는 4자리까지 묻습니다" in text
        assert "0.12 is right to 2 decimals; the question asks for 4" in repr(check("tmp_ko_decimals", 0.12))
        assert "0.1 is right to 1 decimal; the question asks for 4" in repr(check("tmp_ko_decimals", 0.1))
    finally:
        registry._REGISTRY.pop(ex.key)


def test_every_misconception_has_korean_words_and_keeps_its_english_fields():
    english = {key: (m.why, m.reread, m.feedback()) for key, m in misconceptions().items()}
    with i18n.language("ko"):
        for key, m in misconceptions().items():
            assert (m.why, m.reread) == english[key][:2]          # the data stays English (tests read it)
            words = m.feedback()
            assert f"«{key}»" in words and HANGUL.search(words), key
            assert m.why not in words and m.reread not in words, key
            lesson = re.match(r"lesson (\d+)", m.reread)[1]
            assert f"다시 읽어 볼 곳: {lesson}강" in words, key
    assert {key: m.feedback() for key, m in misconceptions().items()} == {k: v[2] for k, v in english.items()}


def test_texts_are_kept_per_language(tiers):
    assert tiers.hint == "the formula"
    with i18n.language("ko"):
        assert tiers.hint == "the formula"                         # no translation: the text itself
        assert set(vars(tiers)["hint"]) == {"en", "ko"}
    assert tiers.hint == "the formula" and vars(tiers)["hint"]["en"] is tiers.hint
