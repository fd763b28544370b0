from sourcequiz.textmatch import find_quote, fragments, missing_fragment, norm


def test_white_space_quotes_and_dashes_are_free():
    text = "the “Taliban’s\n   fighters” – and\tothers"
    assert find_quote('the "Taliban\'s fighters" - and others', text)


def test_backtick_apostrophe_matches_a_straight_one():
    assert find_quote("the Taliban's ability", "a test of the Taliban`s ability to control")


def test_changed_letter_or_number_is_not_found():
    text = "from the current strength of 13,000 to 8,600 within 135 days"
    assert find_quote("13,000 to 8,600", text)
    assert not find_quote("13,000 to 8,500", text)
    assert not find_quote("13,000 To 8,600", text)


def test_fragments_must_occur_in_order():
    text = "alpha beta gamma delta"
    assert find_quote("alpha ... gamma", text)
    assert find_quote("alpha … delta", text)
    assert not find_quote("gamma ... alpha", text)
    assert missing_fragment("gamma ... alpha", text) == (1, "alpha")


def test_match_spans_point_into_the_original_text():
    text = "One.  Two\nthree four. Five."
    match = find_quote("Two three ... Five", text)
    assert [text[a:b] for a, b in match.spans] == ["Two\nthree", "Five"]


def test_compatibility_forms_are_folded():
    assert norm("ﬁve") == "five"
    assert fragments("... leading ellipsis") == ["leading ellipsis"]
