"""Custom sets: filters, seeds, snapshots, and the messages an instructor sees."""


import pytest
import yaml

from sourcequiz.problems import UserError
from sourcequiz.selection import Query, SelectionError, changes_since_snapshot, option_order, read_set, select

from conftest import DATA, ROOT

GOOD = DATA / "good"


def draw(**filters):
    seed = filters.pop("seed", 0)
    return select(Query(**filters), seed=seed, banks_dir=GOOD, sources_dir=ROOT / "sources")


def test_same_seed_same_set_and_another_seed_another_order():
    first, again = draw(count=5, seed=7), draw(count=5, seed=7)
    assert first.ids == again.ids
    orders = {tuple(draw(count=7, seed=s).ids) for s in range(6)}
    assert len(orders) > 1


def test_filters_keep_only_matching_questions():
    assert draw(types=("numeric", "text")).ids and all(
        q.type in ("numeric", "text") for q in draw(types=("numeric", "text")).questions)
    assert set(draw(difficulties=("hard",)).ids) == {"starter-order"}
    assert set(draw(tags=("people",)).ids) == {"starter-match"}
    assert set(draw(sources=("tariq-2020",)).ids) == {
        "starter-anddsf-parts", "starter-troops-135-days", "starter-envoy-name", "starter-match"}
    # years overlap: a range [1979, 2020] and the single years 1996 and 2020
    assert set(draw(years=(1996, 1996)).ids) == {"starter-taliban-1996", "starter-order"}
    assert len(draw(chapters=("5",)).ids) == 7 == len(draw(chapters=("ch05_doha_agreement",)).ids)
    assert len(draw(chapters=("ch05",)).ids) == 7
    with pytest.raises(SelectionError, match="no question matches"):
        draw(chapters=("4",))


def test_too_few_questions_is_a_clear_message_and_writes_nothing(tmp_path, cli):
    with pytest.raises(SelectionError, match="the filters leave 1 questions, fewer than the 3 asked"):
        draw(difficulties=("hard",), count=3)
    out = tmp_path / "set.yml"
    result = cli("select", str(GOOD), "--difficulty", "hard", "--count", "3", "-o", str(out))
    assert result.returncode == 1
    assert "fewer than the 3 asked" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_per_bank_and_balance():
    balanced = draw(balance="difficulty", count=3, seed=1)
    assert {q.difficulty for q in balanced.questions} == {"easy", "medium", "hard"}
    assert len(draw(per_bank=4).ids) == 4
    with pytest.raises(SelectionError, match="per bank"):
        draw(per_bank=50)


def test_exclude_earlier_set_avoids_repeats(tmp_path):
    earlier = draw(count=4, seed=3)
    earlier.write(tmp_path / "earlier.yml")
    later = draw(exclude_sets=(str(tmp_path / "earlier.yml"),), seed=3)
    assert not set(later.ids) & set(earlier.ids)
    assert len(later.ids) == 3


def test_set_file_round_trips_with_query_seed_ids_and_snapshot(tmp_path, sources):
    qset = draw(count=4, seed=11, types=("single", "numeric", "order", "match", "text"))
    path = qset.write(tmp_path / "s.yml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["seed"] == 11 and data["ids"] == qset.ids
    assert data["query"]["count"] == 4
    assert [q["id"] for q in data["questions"]] == qset.ids
    again = read_set(path, sources)
    assert again.questions == qset.questions and again.seed == 11


def test_snapshot_warns_when_the_bank_changed(tmp_path, sources):
    banks = tmp_path / "banks"
    banks.mkdir()
    (banks / "starter.yml").write_text((GOOD / "starter.yml").read_text(encoding="utf-8"), encoding="utf-8")
    qset = select(Query(), seed=1, banks_dir=banks, sources_dir=ROOT / "sources")
    qset.write(tmp_path / "s.yml")
    assert changes_since_snapshot(read_set(tmp_path / "s.yml", sources), banks, sources) == []
    text = (banks / "starter.yml").read_text(encoding="utf-8")
    (banks / "starter.yml").write_text(text.replace("Give his surname", "Give the surname"), encoding="utf-8")
    warnings = changes_since_snapshot(read_set(tmp_path / "s.yml", sources), banks, sources)
    assert [w.severity for w in warnings] == ["warning"]
    assert "starter-envoy-name" in warnings[0].message and "keeps its snapshot" in warnings[0].message


def test_never_overwrites_without_force(tmp_path):
    target = tmp_path / "s.yml"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(UserError, match="already exists"):
        draw(count=2).write(target)
    assert target.read_text(encoding="utf-8") == "precious"
    draw(count=2).write(target, force=True)
    assert target.read_text(encoding="utf-8").startswith("# A question set")
    assert [p.name for p in tmp_path.iterdir()] == ["s.yml"]  # no temporary file left behind


def test_option_order_depends_only_on_seed_and_question():
    question = draw(types=("single",)).questions[0]
    assert option_order(5, question) == option_order(5, question)
    assert sorted(option_order(5, question)) == list(range(len(question.options)))
    assert len({tuple(option_order(s, question)) for s in range(12)}) > 1


def test_python_api_from_a_notebook(monkeypatch):
    import sourcequiz

    monkeypatch.chdir(ROOT / "chapters" if (ROOT / "chapters").is_dir() else ROOT)
    qset = sourcequiz.select(types=["single"], count=1, seed=2)
    assert len(qset.ids) == 1 and qset.questions[0].type == "single"


def test_cli_select_writes_a_set_that_validates(tmp_path, cli):
    out = tmp_path / "term1.yml"
    result = cli("select", str(GOOD), "--type", "single", "--type", "match", "--seed", "4", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}: 2 questions from 1 banks (seed 4)" in result.stdout
    assert cli("validate", str(out)).returncode == 0
    bad = cli("select", str(GOOD), "--years", "2020-2019", "-o", str(tmp_path / "x.yml"))
    assert bad.returncode == 2 and "--years: expected a year" in bad.stderr


def test_check_and_export_warn_when_a_set_snapshot_is_stale(tmp_path, cli):
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "sources").symlink_to(ROOT / "sources")
    bank = tmp_path / "quizzes" / "starter.yml"
    bank.write_text((GOOD / "starter.yml").read_text(encoding="utf-8"), encoding="utf-8")
    assert cli("select", "--type", "text", "-o", "set.yml", cwd=tmp_path).returncode == 0
    clean = cli("check", "set.yml", "--strict", cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout
    bank.write_text(bank.read_text(encoding="utf-8").replace("Give his surname", "Give the surname"),
                    encoding="utf-8")
    stale = cli("check", "set.yml", "--strict", cwd=tmp_path)
    assert stale.returncode == 1 and "set-snapshot-changed" in stale.stdout
    assert "starter-envoy-name" in stale.stdout and "keeps its snapshot" in stale.stdout
    exported = cli("export", "set.yml", "--to", "csv", "-o", "out.csv", cwd=tmp_path)
    assert exported.returncode == 0
    assert "warning:" in exported.stderr and "has changed" in exported.stderr


def test_order_items_and_match_sides_are_never_shown_already_solved(sources):
    from sourcequiz.export.present import present
    from sourcequiz.loader import load_banks
    from sourcequiz.payload import question_payload

    result = load_banks([ROOT / "quizzes", DATA / "good"], sources)
    shown = [q for _, q in result.questions if q.type in ("order", "match")]
    assert len(shown) > 20
    for question in shown:
        for seed in range(25):
            exported = present(seed, question)
            if question.type == "order":
                assert exported.items != list(question.items), (question.id, seed)
            else:
                assert exported.rights != [p.right for p in question.pairs], (question.id, seed)
            display = question_payload(question, sources, seed=seed)["display"]
            assert display != sorted(display), (question.id, seed)


def test_a_declared_overlap_is_kept_apart_like_a_found_one():
    """`overlaps` names a give-away no text comparison sees (a paraphrase): apart() keeps the pair out of one
    page quiz or drawn set, in either order, while the lint does not report it."""
    from sourcequiz import giveaway
    from sourcequiz.loader import load_banks

    [loaded] = load_banks([DATA / "lint" / "context.yml"]).banks
    by_id = {q.id: q for q in loaded.bank.questions}
    asked, declared = by_id["lc-urged-whom"], by_id["lc-declared-paraphrase"]
    assert giveaway.gives_away(declared, asked).field == "overlaps"
    assert giveaway.gives_away(asked, declared).field == "overlaps"  # declared on one side, true both ways
    assert giveaway.apart([asked, declared]) == [asked] and giveaway.apart([declared, asked]) == [declared]
    assert giveaway.gives_away(by_id["lc-signing-city"], declared) is None
