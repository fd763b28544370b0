"""The live quiz, driven from Python as a student drives it: set a value, press Check, read feedback and score."""

from __future__ import annotations

import pytest

from quiz_support import HOSTILE_PROMPT, make_course
from sourcequiz import quiz
from sourcequiz.exercises import passage_exercise
from sourcequiz.payload import EXERCISE_MIME, MIME_TYPE
from sourcequiz.problems import UserError

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# question id -> (a wrong answer, the right answer, a text of the wrong answer's feedback or None)
ANSWERS = {
    "starter-signing-date": ("March 10, 2020", "February 29, 2020", "date set for the intra-Afghan negotiations"),
    "starter-anddsf-parts": (["Afghan National Police", "Resolute Support Mission"],
                             ["Afghan National Police", "Afghan Local Police"], None),
    "starter-taliban-1996": (True, False, "Correction: They took control in 1996."),
    "starter-troops-135-days": ("13,000", "8,600 troops", None),
    "starter-envoy-name": ("Pompeo", " khalilzad ", None),
    "starter-order": (["The US–Taliban agreement is signed", "The Soviet Army invades Afghanistan",
                       "The Taliban take control of Afghanistan"],
                      ["The Soviet Army invades Afghanistan", "The Taliban take control of Afghanistan",
                       "The US–Taliban agreement is signed"], None),
    "starter-match": ({"Michael Pompeo": "US Commander General", "Scott Miller": "US Secretary of State",
                       "Javid Faisal": "a spokesperson for the National Security Council of Afghanistan"},
                      {"Michael Pompeo": "US Secretary of State", "Scott Miller": "US Commander General",
                       "Javid Faisal": "a spokesperson for the National Security Council of Afghanistan"},
                      "1 of 3 matches are right."),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("course"), hostile=True)


@pytest.mark.parametrize("question_id", list(ANSWERS))
def test_wrong_then_right_gives_feedback_and_score(course, question_id):
    widget = quiz("starter", root=course).widget
    view = widget.view(question_id)
    wrong, right, note = ANSWERS[question_id]
    assert "Score: 0 of 7 correct." in widget.score.value
    view.set_answer(wrong)
    view.check_button.click()
    assert "✘" in view.feedback.value and "Incorrect." in view.feedback.value
    if note:
        assert note in view.feedback.value
    assert "Score: 0 of 7 correct." in widget.score.value
    view.set_answer(right)
    view.check_button.click()
    feedback = view.feedback.value
    assert "✔" in feedback and "Correct." in feedback and "Incorrect" not in feedback
    assert "Explanation:" in feedback and "Evidence from the sources:" in feedback
    assert "<cite>" in feedback and ("Tariq" in feedback or "US-Taliban talks" in feedback
                                     or "The war in Afghanistan" in feedback)
    assert "Score: 1 of 7 correct." in widget.score.value


def test_every_type_has_its_control(course):
    import ipywidgets as w

    widget = quiz("starter", root=course).widget
    controls = {v.question["type"]: v.control for v in widget.views}
    assert isinstance(controls["single"], w.RadioButtons) and isinstance(controls["true_false"], w.RadioButtons)
    assert all(isinstance(c, w.Checkbox) for c in controls["multiple"].children)
    assert isinstance(controls["numeric"], w.Text) and isinstance(controls["text"], w.Text)
    assert all(isinstance(row.children[0], w.Label) and isinstance(row.children[1], w.Dropdown)
               for row in controls["match"].children)
    numeric = widget.view("starter-troops-135-days")
    assert any(isinstance(c, w.Label) and c.value == "troops" for c in numeric.holder.children[0].children)


def test_order_by_up_and_down_buttons(course):
    view = quiz("starter", root=course).widget.view("starter-order")
    items = view.question["items"]
    for _ in range(len(items) ** 2):  # bubble the items into place with the buttons alone
        order = view.answer()
        wrong = next((p for p in range(len(order) - 1) if order[p] > order[p + 1]), None)
        if wrong is None:
            break
        row = view.control.children[wrong + 1]
        up = row.children[1]
        assert up.description == "↑ Up" and up.tooltip == f"Move up: {items[order[wrong + 1]]}"
        up.click()
    view.check_button.click()
    assert "Correct." in view.feedback.value
    first = view.control.children[0]
    first.children[1].click()  # Up on the first row does nothing
    assert view.answer() == [0, 1, 2]


def test_nothing_chosen_asks_for_an_answer_and_counts_nothing(course):
    widget = quiz("starter", root=course).widget
    view = widget.view("starter-signing-date")
    view.check_button.click()
    assert "Choose an option first." in view.feedback.value
    assert view.result is None and "Score: 0 of 7" in widget.score.value
    numeric = widget.view("starter-troops-135-days")
    numeric.set_answer("many")
    numeric.check_button.click()
    assert "Type a number first" in numeric.feedback.value


def test_try_again_clears_and_reshuffles(course):
    widget = quiz("starter", seed=5, root=course).widget
    view = widget.view("starter-signing-date")
    view.set_answer("February 29, 2020")
    view.check_button.click()
    assert view.retry_button.layout.display != "none"
    orders = {tuple(view.display)}
    for _ in range(6):
        view.retry_button.click()
        assert view.control.value is None and view.feedback.value == "" and view.result is None
        assert sorted(label for label, _ in view.control.options) == ["February 29, 2020", "March 10, 2020",
                                                                       "September 7, 2019"]
        orders.add(tuple(view.display))
    assert len(orders) > 1
    assert "Score: 0 of 7" in widget.score.value


def test_exam_mode_holds_feedback_until_submit(course):
    widget = quiz("starter", exam=True, root=course).widget
    first = widget.view("starter-signing-date")
    assert first.check_button not in first.box.children[2].children
    first.set_answer("February 29, 2020")
    widget.view("starter-envoy-name").set_answer("Khalilzad")
    assert all(v.feedback.value == "" for v in widget.views)
    assert "Press <b>Submit</b>" in widget.score.value
    widget.submit_button.click()
    assert "Score: 2 of 7 correct." in widget.score.value
    assert "Correct." in first.feedback.value
    assert "Not answered." in widget.view("starter-match").feedback.value
    assert first.control.disabled
    widget.again_button.click()
    assert all(v.feedback.value == "" and v.result is None for v in widget.views)
    assert not widget.view("starter-signing-date").control.disabled


def test_by_ids_set_file_shuffle_limit_and_seed(course, tmp_path):
    from sourcequiz.selection import select

    by_ids = quiz(["starter-match", "starter-order"], root=course).widget
    assert [v.question["id"] for v in by_ids.views] == ["starter-match", "starter-order"]
    picked = quiz("starter", questions=["starter-order"], root=course).widget
    assert [v.question["id"] for v in picked.views] == ["starter-order"]
    path = select(banks=["starter"], count=3, seed=2, name="three", root=course).write(tmp_path / "three.yml")
    assert len(quiz(str(path), root=course).widget.views) == 3
    a = quiz("starter", shuffle=True, seed=11, limit=4, root=course).widget
    b = quiz("starter", shuffle=True, seed=11, limit=4, root=course).widget
    assert [v.question["id"] for v in a.views] == [v.question["id"] for v in b.views] and len(a.views) == 4
    with pytest.raises(UserError):
        quiz("no-such-bank", root=course)


def test_the_mime_bundle_has_widget_static_html_reference_and_text(course):
    shown = quiz("starter", root=course)
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {WIDGET_VIEW, "text/html", MIME_TYPE, "text/plain"}
    assert bundle[WIDGET_VIEW]["model_id"] == shown.widget.model_id
    assert 'class="sq-quiz ' in bundle["text/html"] and "<style>" in bundle["text/html"]
    assert bundle[MIME_TYPE]["source"] == "starter"
    assert bundle["text/plain"].startswith("Quiz: A starter bank (7 questions)")


def test_hostile_text_is_escaped_in_widgets_and_html(course):
    shown = quiz("hostile", root=course)
    view = shown.widget.views[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in view.prompt.value and HOSTILE_PROMPT not in view.prompt.value
    assert "Hostile &lt;b&gt;title&lt;/b&gt;" in shown.widget.title.value
    assert view.control.options[0][0] == '<img src=x onerror="window.__xss=1">'  # a label, shown as text
    view.set_answer(0)
    view.check_button.click()
    assert "&lt;/script&gt;&lt;script&gt;" in view.feedback.value and "<script" not in view.feedback.value
    assert "&lt;i&gt;markup&lt;/i&gt; &amp; an ampersand" in view.feedback.value
    html = shown._repr_mimebundle_()["text/html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_standalone_questions(course):
    import yaml

    from quiz_support import STARTER

    raw = yaml.safe_load(STARTER.read_text(encoding="utf-8"))["questions"][:3]
    shown = quiz(questions=raw, root=course)
    assert [v.question["id"] for v in shown.widget.views] == [q["id"] for q in raw]
    assert shown._repr_mimebundle_()[MIME_TYPE]["questions"][0]["id"] == raw[0]["id"]


def test_passage_exercise(course, monkeypatch):
    monkeypatch.setenv("SOURCEQUIZ_ROOT", str(course))
    exercise = passage_exercise("Find the prisoner numbers.", needs=["5,000", "1,000"])
    exercise.text.value = ("this date was contingent on the release of one thousand prisoners by the Taliban "
                           "in exchange for the release of five thousand prisoners by the Afghan government")
    exercise.check_button.click()
    assert "Found" in exercise.result.value and "The war in Afghanistan and the 2020 peace talks" in exercise.result.value
    assert "Well done" in exercise.result.value
    exercise.text.value = "the release of one thousand prisoners by the Taliban in exchange for the release of 500"
    verdict = exercise.check()
    assert verdict.found_in is None and verdict.closest[0].id == "peace-talks-essay"
    assert verdict.missing == ("5,000",) and "Missing:" in exercise.result.value
    assert "closest passage" in exercise.result.value
    exercise.text.value = "<script>x</script> and 5,000"
    exercise.check_button.click()
    assert "<script>" not in exercise.result.value
    exercise.text.value = ""
    assert exercise.check().message
    bundle = exercise._repr_mimebundle_()
    assert bundle[EXERCISE_MIME] == {"version": 1, "task": "Find the prisoner numbers.", "needs": ["5,000", "1,000"]}
    assert WIDGET_VIEW in bundle and "text/plain" in bundle
    only = passage_exercise("Task", needs=[], sources=["tariq-2020"])
    assert [s.id for s in only.sources] == ["tariq-2020"]
    with pytest.raises(UserError, match="unknown source 'nope'"):
        passage_exercise("Task", sources=["nope"])
