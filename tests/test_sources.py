from sourcequiz.sources import read_checksums

from conftest import ROOT


def test_texts_match_recorded_checksums(sources):
    recorded = read_checksums(ROOT / "sources.sha256")
    assert sorted(recorded) == sorted(s.path.name for s in sources)
    for source in sources:
        assert source.sha256 == recorded[source.path.name], f"{source.path} was edited: the texts are evidence"


def test_texts_are_byte_identical_to_the_shared_corpus(shared):
    for original in sorted((shared / "sources").iterdir()):
        assert (ROOT / "sources" / original.name).read_bytes() == original.read_bytes(), original.name


def test_registry_reads_titles_and_known_issues(sources):
    assert len(sources) == 5
    tariq = sources["tariq-2020"]
    assert tariq.author == "Muhammad Tariq"
    assert any("Khalizad" in issue for issue in tariq.known_issues)


def test_every_sentence_has_a_stable_anchor(sources):
    essay = sources["peace-talks-essay"]
    anchors = [s.anchor for s in essay.segments]
    assert anchors[0] == "peace-talks-essay-s1"
    assert len(anchors) == len(set(anchors))
    first = essay.segments[0]
    assert essay.text[first.start:first.end].startswith("The attacks that took place on September 11th")
    assert essay.text[first.start:first.end].endswith("changed the course of history.")
    offset = essay.text.index("A final agreement was signed")
    sentence = essay.segment_at(offset)
    assert essay.text[sentence.start:sentence.end].startswith("A final agreement was signed")
