"""The quiz widget's kernel side: one anywidget model per quiz holding the book's markup, and the answers the front
end sends back, fed in through the widget's own message entry point (`_handle_custom_msg`, what the comm calls).
The front end itself is driven in real Jupyter servers (test_jupyter_servers.py); grading is quiz.js's alone
(test_grading.py)."""

from __future__ import annotations

import copy
import json

import comm
import pytest
from comm.base_comm import BaseComm

from quiz_support import HOSTILE_PROMPT, STARTER, make_course
from sourcequiz import html as static
from sourcequiz import quiz
from sourcequiz.exercises import passage_exercise
from sourcequiz.payload import EXERCISE_MIME, MIME_TYPE
from sourcequiz.problems import UserError

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# what the front end sends for a right answer to each starter question, and the answer in words
RIGHT = {
    "starter-signing-date": (1, "February 29, 2020"),
    "starter-anddsf-parts": ([0, 1], ["Afghan National Police", "Afghan Local Police"]),
    "starter-taliban-1996": (False, False),
    "starter-troops-135-days": ("8,600", "8,600"),
    "starter-envoy-name": (" khalilzad ", " khalilzad "),
    "starter-order": ([0, 1, 2], ["The Soviet Army invades Afghanistan", "The Taliban take control of Afghanistan",
                                  "The US–Taliban agreement is signed"]),
    "starter-match": ([0, 1, 2], {"Michael Pompeo": "US Secretary of State", "Scott Miller": "US Commander General",
                                  "Javid Faisal": "a spokesperson for the National Security Council of Afghanistan"}),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("course"), hostile=True)


class RecordingComm(BaseComm):
    """A comm that keeps what the kernel would publish: the open message, then every message sent."""

    opened: list = []

    def __init__(self, *args, **kwargs):
        self.published: list[tuple[str, dict | None, dict | None]] = []
        super().__init__(*args, **kwargs)
        RecordingComm.opened.append(self)

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        self.published.append((msg_type, data, metadata))


@pytest.fixture
def comms(monkeypatch):
    """The comms quizzes open in this test, recorded instead of sent."""
    monkeypatch.setattr(RecordingComm, "opened", [])
    monkeypatch.setattr(comm, "create_comm", RecordingComm)
    return RecordingComm.opened


def send(widget, message) -> None:
    """A message from the front end, through the entry point the comm uses."""
    widget._handle_custom_msg(message, [])


def answer(question_id: str, value, correct: bool) -> dict:
    return {"event": "answer", "id": question_id, "answer": value, "correct": correct}


def test_one_model_per_quiz_and_the_full_mime_bundle(course, comms):
    shown = quiz("starter", root=course)
    [opened] = comms  # one widget model, however many questions, and no ipywidgets Layout beside it
    assert opened.comm_id == shown.model_id and opened.target_name == "jupyter.widget"
    msg_type, data, metadata = opened.published[0]
    assert msg_type == "comm_open" and metadata == {"version": "2.1.0"}
    state = data["state"]
    assert (state["_model_module"], state["_model_name"], state["_view_name"]) == ("anywidget", "AnyModel", "AnyView")
    assert state["_model_module_version"] == state["_view_module_version"]
    assert state["_model_module_version"].startswith("~") and state["_model_module_version"].endswith(".*")
    # the widget draws the book's markup with the book's module and styles; the static fallback carries them inline
    assert state["markup"] == shown.markup == static.render(shown.payload) and state["kind"] == "quiz"
    assert state["_esm"] == static.asset("quiz.js") and state["_css"] == static.asset("quiz.css")
    assert "export default" in state["_esm"] and "require(" not in state["_esm"]
    assert shown.markup.count("<fieldset") == 7 and shown.markup.count("<legend>") == 7
    data, metadata = shown._repr_mimebundle_()
    assert set(data) == {WIDGET_VIEW, "text/html", MIME_TYPE, "text/plain"} and metadata == {}
    assert data[WIDGET_VIEW] == {"version_major": 2, "version_minor": 1, "model_id": shown.model_id}
    assert data[MIME_TYPE]["source"] == "starter"
    assert data["text/plain"].startswith("Quiz: A starter bank (7 questions)")
    assert f"<script>{static.classic_script('quiz.js')}</script>" in data["text/html"] and "<style>" in data["text/html"]


def test_the_model_speaks_the_widget_protocol(course, comms):
    """An answer sends the new progress to the views; a reloaded page asks for the whole state and gets it; an
    'update' from a view changes nothing (every key is the kernel's); messages come in as the comm delivers them."""
    shown = quiz("starter", root=course)
    [opened] = comms
    opened.handle_msg({"content": {"data": {"method": "custom", "content": answer("starter-signing-date", 1, True)}}})
    assert shown.score == 1
    msg_type, data, _ = opened.published[-1]
    assert msg_type == "comm_msg" and data == {"method": "update", "buffer_paths": [],
                                               "state": {"progress": {"starter-signing-date": {"a": 1, "c": True}}}}
    opened.handle_msg({"content": {"data": {"method": "update", "state": {"markup": "<script>x()</script>"}}}})
    opened.handle_msg({"content": {"data": {"method": "request_state"}}})
    _, data, _ = opened.published[-1]
    assert data["method"] == "update" and data["state"]["markup"] == shown.markup == static.render(shown.payload)
    assert data["state"]["progress"] == {"starter-signing-date": {"a": 1, "c": True}}
    assert data["state"]["_esm"] == static.asset("quiz.js") and data["state"]["_model_name"] == "AnyModel"
    assert data["state"] == opened.published[0][1]["state"] | {"progress": {"starter-signing-date": {"a": 1, "c": True}}}
    for junk in ({}, {"content": {}}, {"content": {"data": None}}, {"content": {"data": {"method": "custom"}}},
                 {"content": {"data": {"method": "custom", "content": [1]}}}, {"content": {"data": {"method": 7}}}):
        opened.handle_msg(junk)  # never raises
    assert shown.score == 1 and shown.rejected == 0
    shown.close()
    assert opened.published[-1][0] == "comm_close"


def test_answers_come_back_as_results_score_and_callbacks(course):
    shown = quiz("starter", root=course)
    heard = []
    shown.on_answer(heard.append)
    assert shown.score == 0 and [r["answered"] for r in shown.results] == [False] * 7
    for question_id, (value, _) in RIGHT.items():
        wrong = {"starter-taliban-1996": True, "starter-troops-135-days": "13000", "starter-envoy-name": "Pompeo"}
        send(shown, answer(question_id, wrong.get(question_id, value), question_id not in wrong))
        send(shown, answer(question_id, value, True))
    assert shown.score == 7 and shown.rejected == 0
    results = shown.results
    assert [r["id"] for r in results] == list(RIGHT)
    for result in results:
        assert result["answered"] and result["correct"] and result["answer_text"] == RIGHT[result["id"]][1]
        assert result["attempts"] == 2
    assert json.loads(json.dumps(results)) == results  # plain data
    results[0]["correct"] = False
    assert shown.score == 7  # a copy: changing it changes nothing
    assert len(heard) == 14 and heard[4] == dict(heard[4], id="starter-taliban-1996", correct=False, answer=True,
                                                  attempts=1)
    assert shown.progress["starter-match"] == {"a": [0, 1, 2], "c": True}  # a new view redraws the answers
    shown.on_answer(heard.append, remove=True)
    send(shown, answer("starter-order", [2, 1, 0], False))
    assert len(heard) == 14 and shown.score == 6


def test_retry_and_reset_clear_results_but_count_attempts(course):
    shown = quiz("starter", root=course)
    send(shown, answer("starter-signing-date", 1, True))
    send(shown, answer("starter-envoy-name", "Pompeo", False))
    send(shown, {"event": "retry", "id": "starter-signing-date"})
    first = shown.results[0]
    assert not first["answered"] and first["correct"] is None and first["attempts"] == 1
    assert shown.score == 0 and "starter-signing-date" not in shown.progress
    send(shown, {"event": "reset"})
    assert [r["answered"] for r in shown.results] == [False] * 7 and shown.progress == {}


def test_exam_submission_keeps_unanswered_questions_as_wrong(course):
    shown = quiz("starter", exam=True, root=course)
    send(shown, answer("starter-signing-date", 1, True))
    send(shown, answer("starter-match", None, False))  # submitted without an answer
    assert shown.score == 1
    assert shown.results[-1] == dict(shown.results[-1], answered=True, answer=None, correct=False)


HOSTILE_MESSAGES = [
    None, "answer", 42, [], {"event": None}, {"event": "nope"}, {"event": "answer"},
    {"event": "answer", "id": "nope", "answer": 1, "correct": True},
    {"event": "answer", "id": ["starter-signing-date"], "answer": 1, "correct": True},
    {"event": "answer", "id": "starter-signing-date", "answer": 1, "correct": "yes"},
    {"event": "answer", "id": "starter-signing-date", "answer": 1},
    {"event": "answer", "id": "starter-signing-date", "answer": 3, "correct": True},
    {"event": "answer", "id": "starter-signing-date", "answer": -1, "correct": True},
    {"event": "answer", "id": "starter-signing-date", "answer": True, "correct": True},
    {"event": "answer", "id": "starter-signing-date", "answer": 1.0, "correct": True},
    {"event": "answer", "id": "starter-signing-date", "answer": None, "correct": True},
    {"event": "answer", "id": "starter-anddsf-parts", "answer": [0, 0], "correct": True},
    {"event": "answer", "id": "starter-anddsf-parts", "answer": "0,1", "correct": True},
    {"event": "answer", "id": "starter-taliban-1996", "answer": 0, "correct": True},
    {"event": "answer", "id": "starter-troops-135-days", "answer": 8600, "correct": True},
    {"event": "answer", "id": "starter-troops-135-days", "answer": "9" * 100_000, "correct": True},
    {"event": "answer", "id": "starter-envoy-name", "answer": {"$gt": ""}, "correct": True},
    {"event": "answer", "id": "starter-order", "answer": [0, 0, 1], "correct": True},
    {"event": "answer", "id": "starter-order", "answer": [0, 1], "correct": True},
    {"event": "answer", "id": "starter-match", "answer": [0, 1], "correct": True},
    {"event": "answer", "id": "starter-match", "answer": [0, 1, 7], "correct": True},
    {"event": "retry", "id": {"x": 1}}, {"event": "retry", "id": "nope"},
    {"event": "answer", "id": "__proto__", "answer": 1, "correct": True},
]


def test_untrusted_messages_never_raise_and_change_nothing(course):
    shown = quiz("starter", root=course)
    send(shown, answer("starter-signing-date", 1, True))
    before = copy.deepcopy(shown.results)
    for message in HOSTILE_MESSAGES:
        send(shown, message)
    assert shown.results == before and shown.score == 1
    assert shown.rejected == sum(1 for m in HOSTILE_MESSAGES if isinstance(m, dict))  # each one noted


def test_a_failing_callback_stops_nothing(course):
    shown = quiz("starter", root=course)
    shown.on_answer(lambda result: 1 / 0)
    send(shown, answer("starter-signing-date", 1, True))  # the error is reported, not raised here
    assert shown.score == 1


def test_by_ids_set_file_shuffle_limit_and_seed(course, tmp_path):
    from sourcequiz.selection import select

    def ids(shown):
        return [r["id"] for r in shown.results]

    assert ids(quiz(["starter-match", "starter-order"], root=course)) == ["starter-match", "starter-order"]
    assert ids(quiz("starter", questions=["starter-order"], root=course)) == ["starter-order"]
    path = select(banks=["starter"], count=3, seed=2, name="three", root=course).write(tmp_path / "three.yml")
    assert len(quiz(str(path), root=course).results) == 3
    a = quiz("starter", shuffle=True, seed=11, limit=4, root=course)
    b = quiz("starter", shuffle=True, seed=11, limit=4, root=course)
    assert ids(a) == ids(b) and len(ids(a)) == 4
    with pytest.raises(UserError):
        quiz("no-such-bank", root=course)


def test_hostile_text_is_escaped_in_the_markup(course):
    shown = quiz("hostile", root=course)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown.markup and HOSTILE_PROMPT not in shown.markup
    assert "Hostile &lt;b&gt;title&lt;/b&gt;" in shown.markup
    html = shown._repr_mimebundle_()[0]["text/html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_the_same_quiz_twice_keeps_its_static_ids_apart(course):
    first, second = quiz("starter", root=course), quiz("starter", root=course)
    assert first.html() != second.html() and 'id="sq-starter-' in second.html()
    assert first.markup == second.markup  # each view of the widget makes its own ids in the browser


def test_standalone_questions(course):
    import yaml

    raw = yaml.safe_load(STARTER.read_text(encoding="utf-8"))["questions"][:3]
    shown = quiz(questions=raw, root=course)
    assert [r["id"] for r in shown.results] == [q["id"] for q in raw]
    assert shown._repr_mimebundle_()[0][MIME_TYPE]["questions"][0]["id"] == raw[0]["id"]


def test_passage_exercise_is_checked_in_the_kernel(course, monkeypatch):
    monkeypatch.setenv("SOURCEQUIZ_ROOT", str(course))
    exercise = passage_exercise("Find the prisoner numbers.", needs=["5,000", "1,000"])
    assert 'class="sq-quiz sq-exercise' in exercise.markup and exercise.kind == "exercise"
    send(exercise, {"event": "passage", "text": "this date was contingent on the release of one thousand prisoners "
                    "by the Taliban in exchange for the release of five thousand prisoners by the Afghan government"})
    assert "Found" in exercise.verdict and "The war in Afghanistan and the 2020 peace talks" in exercise.verdict
    assert "Well done" in exercise.verdict
    verdict = exercise.check("the release of one thousand prisoners by the Taliban in exchange for the release of 500")
    assert verdict.found_in is None and verdict.closest[0].id == "peace-talks-essay"
    assert verdict.missing == ("5,000",) and "Missing:" in exercise.verdict and "closest passage" in exercise.verdict
    send(exercise, {"event": "passage", "text": "<script>x</script> and 5,000"})
    assert "<script" not in exercise.verdict and "Not found" in exercise.verdict
    last = exercise.verdict
    for message in (None, {"event": "passage"}, {"event": "passage", "text": 5}, {"event": "passage", "text": "x" * 10**6}):
        send(exercise, message)
    assert exercise.verdict == last
    assert exercise.check("").message
    data, _ = exercise._repr_mimebundle_()
    assert data[EXERCISE_MIME] == {"version": 1, "task": "Find the prisoner numbers.", "needs": ["5,000", "1,000"]}
    assert WIDGET_VIEW in data and "text/plain" in data and "sq-exercise-static" in data["text/html"]
    only = passage_exercise("Task", needs=[], sources=["tariq-2020"])
    assert [s.id for s in only.sources] == ["tariq-2020"]
    with pytest.raises(UserError, match="unknown source 'nope'"):
        passage_exercise("Task", sources=["nope"])


def test_as_anywidget_for_hosts_that_need_one(course):
    """marimo's mo.ui.anywidget and ipywidgets containers take only an AnyWidget: the quiz gives one, whose
    views' answers reach the quiz, and which follows what changes in the quiz."""
    import anywidget
    from ipywidgets import VBox

    shown = quiz("starter", root=course)
    mirror = shown.as_anywidget()
    assert isinstance(mirror, anywidget.AnyWidget) and shown.as_anywidget() is mirror
    assert mirror._esm == static.asset("quiz.js") and mirror._css == static.asset("quiz.css")
    assert (mirror.kind, mirror.markup, mirror.progress) == ("quiz", shown.markup, {})
    assert "markup" in mirror.keys and "progress" in mirror.keys  # synced to its views
    mirror._handle_custom_msg(answer("starter-signing-date", 1, True), [])  # an answer from its view
    assert shown.score == 1 and mirror.progress == {"starter-signing-date": {"a": 1, "c": True}}
    send(shown, {"event": "reset"})  # from the quiz's own view: the mirror follows
    assert shown.score == 0 and mirror.progress == {}
    assert VBox([mirror]).children == (mirror,)
    shown.close()
