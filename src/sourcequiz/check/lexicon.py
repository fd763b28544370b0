"""The words the meaning checks read: negation, opposites, converses and quantifiers.

This is the one place for the domain's word lists; keep them small. Every entry is a lower-case
word form (matched as a whole word, before stemming) or a short phrase.

No maintained lexical resource with antonyms installs offline from a registry: WordNet needs a
data download (`wn`, `nltk`), the PyPI packages that bundle WordNet carry no antonym relations,
and a spaCy pipeline is far too slow for the checker's one-second budget. So the lists below are
ours, built from the opposites the five source texts actually use.
"""

from __future__ import annotations

import re

# A cue negates the words that follow it, up to the end of its clause.
NEGATION_CUES = frozenset("""
not never no none nor neither without cannot n't nothing nobody nowhere non
""".split())
NEGATION_PHRASES = ("no longer", "far from", "lack of", "rather than", "instead of", "instead", "other than",
                    "failed to", "fail to", "fails to", "unable to")
# Verbs whose object is what did not happen ("avoided calling it", "refused to withdraw").
NEGATIVE_VERBS = frozenset("""
avoid avoided avoids avoiding refuse refused refuses refusing deny denied denies denying reject rejected rejects
rejecting decline declined declines declining discard discarded discards fail failed fails failing
""".split())

# Pairs of word groups whose members say opposite things about the same event.
OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split())) for a, b in (
        ("increase increased increases increasing intensify intensified intensifies escalate escalated rise rose "
         "risen rising grow grew grown growing raise raised expand expanded surge surged higher greater upsurge "
         "resurgence deteriorated worsened",
         "decrease decreased decreases decreasing reduce reduced reduces reducing reduction cut cuts fall fell "
         "fallen drop dropped decline declined lower lowered diminish diminished mitigate mitigated drawdown "
         "shrink shrank eased improved"),
        ("withdraw withdrew withdrawn withdrawing withdrawal depart departed departure",
         "deploy deployed deploying deployment send sent reinforce reinforced stay stayed remain remained"),
        ("release released releasing free freed freeing extricated",
         "detain detained detaining arrest arrested capture captured imprison imprisoned"),
        ("agree agreed agrees agreeing accept accepted accepts accepting approve approved welcomed support "
         "supported endorse endorsed",
         "refuse refused refusing reject rejected rejecting oppose opposed opposing discard discarded disapprove "
         "denounced condemned"),
        ("won win wins winning victory victorious defeated succeed succeeded success successful",
         "lost lose loses losing defeat failed fail fails failure unsuccessful futile"),
        ("more most many majority larger",
         "fewer fewest less least few minority smaller"),
        ("first earliest initial",
         "last latest final"),
        ("begin began begun beginning start started starting launch launched commence commenced resume resumed",
         "end ended ending finish finished conclude concluded stall stalled suspend suspended"),
        ("continue continued continues continuing committed commit keep kept maintain maintained remain remained",
         "stop stopped stops ceased cease halt halted abandon abandoned suspend suspended cut sever severed broke "
         "break"),
        ("cohesive united unity together",
         "fragmented fragmentation divided split segmentation"),
        ("strong stronger strength strengthened",
         "weak weaker weakness weakened"),
        ("include included includes including",
         "exclude excluded excludes excluding exclusion ignore ignored ignoring"),
        ("allow allowed allows permit permitted",
         "forbid forbade forbidden ban banned prohibit prohibited prevent prevented"),
        ("effective",
         "ineffective"),
        ("public published",
         "secret unpublished"),
    ))

# Words that order two events: +1 when the event written first happened first ("A before B",
# "A preceded B", "A was followed by B"), -1 when it happened second ("A after B", "A was preceded by B").
ORDER_WORDS: dict[str, int] = {
    "before": 1, "prior to": 1, "ahead of": 1, "in advance of": 1, "earlier than": 1,
    "preceded": 1, "followed by": 1,
    "after": -1, "later than": -1, "in the wake of": -1,
    "preceded by": -1, "followed": -1,
}

# After an order word, these make it a length of time ("after a month or so"), not a second event.
DURATION_WORDS = frozenset("""
period month months week weeks day days year years while time hour hours decade decades
""".split())
COUNT_WORDS = frozenset("""
a an about some several few couple of one two three four five six seven eight nine ten fifteen twenty thirty
less more than nearly almost
""".split())

# Quantifiers, from none to all; two different ones on the same noun say different things.
QUANTIFIERS: dict[str, str] = {
    "all": "all", "every": "all", "each": "all", "entire": "all", "whole": "all", "complete": "all",
    "total": "all", "both": "all",
    "most": "most", "majority": "most",
    "some": "some", "several": "some", "partial": "some",
    "only": "only", "solely": "only", "exclusively": "only",
    "none": "none", "no": "none",
    "more": "more", "greater": "more", "fewer": "less", "less": "less",
}
# Bounds put on a number: "at least 5,000" is not "up to 5,000". +1 a floor, -1 a ceiling.
BOUNDS: dict[str, int] = {
    "at least": 1, "more than": 1, "over": 1, "upwards of": 1, "no fewer than": 1, "no less than": 1,
    "up to": -1, "at most": -1, "fewer than": -1, "less than": -1, "under": -1, "no more than": -1,
}

# Irregular verb forms the stemmer does not bring to their verb ("lost" -> "lose"), for the meaning checks.
IRREGULAR: dict[str, str] = dict(pair.split(":") for pair in """
lost:lose won:win began:begin begun:begin fell:fall fallen:fall rose:rise risen:rise held:hold kept:keep
withdrew:withdraw withdrawn:withdraw led:lead sought:seek fought:fight broke:break broken:break made:make
took:take taken:take gave:give given:give went:go gone:go came:come said:say told:tell met:meet
brought:bring thought:think sent:send spent:spend built:build stood:stand became:become chose:choose
chosen:choose drew:draw drawn:draw grew:grow grown:grow knew:know known:know saw:see seen:see wrote:write
written:write struck:strike shot:shoot forbade:forbid forbidden:forbid undertook:undertake
undertaken:undertake overthrew:overthrow overthrown:overthrow froze:freeze frozen:freeze spoke:speak
spoken:speak paid:pay dealt:deal meant:mean felt:feel fled:flee arose:arise shrank:shrink sank:sink
""".split())

# Boundaries of a clause: a negation's scope and an alignment stop here.
CLAUSE_BREAK = re.compile(r"[;:.!?()\[\]]|,\s*(?:but|while|whereas|although|though|however|yet|unlike)\b|"
                          r"\b(?:but|whereas|although|however)\b", re.IGNORECASE)
SCOPE_BREAK_WORDS = frozenset("but while whereas although though however yet which who because so".split())

# Prepositions that name a value's slot ("from 13,000 to 8,600", "in exchange for 1,000").
SLOT_WORDS = ("in exchange for", "in return for", "in lieu of", "from", "to", "by", "since", "until", "within",
              "with", "for", "during", "of", "in", "on", "before", "after", "between", "against", "at")

# Words that relate two things in one direction: "A in return for B" is not "B in return for A".
# Swapping the two sides of one of these reverses the claim (see swaps.py).
RELATION_WORDS = frozenset("""
return exchange lieu reprisal retaliation response held first later
""".split())
# Verbs the texts use in one sense, by stem: a claim may say "praised" where the source says "appreciated".
SAME_SENSE: dict[str, str] = {stem: group.split()[0] for group in (
    "prais appreci commend",
    "criticis critic condemn denounc",
    "call urg",
) for stem in group.split()}
# The doers and sufferers of the texts that are not proper names: who did what to whom.
ACTOR_WORDS = frozenset("""
government taliban us insurgents militants forces troops nato un alqaeda isis iskp pakistan qatar
americans soldiers envoy
""".split())
