"""The question-bank model: what a bank file may contain, as pydantic models.

The YAML contract is documented in instructors/bank_format.md; the JSON Schema in
schema/bank.schema.json is generated from these classes (`sourcequiz schema`).
Cross-field rules (exactly one correct option, one quote per order item, ...)
raise `PydanticCustomError` with a `field` in their context, so the loader can
point at the line of that field.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
QUESTION_TYPES = ("single", "multiple", "true_false", "numeric", "text", "order", "match")
# Generous limits, documented in instructors/bank_format.md: far above any real question, low enough
# that a converter gone wrong cannot make the checker or an export crawl.
SHORT, LONG = 1_000, 4_000  # characters: an option or answer; a prompt, explanation or quote
MAX_CHOICES = 26            # options, items and pairs are lettered A to Z on worksheets
FIRST_YEAR, LAST_YEAR = 1000, 2999

# Characters that are no text: C0/C1 controls other than tab and newline, lone surrogates, and the
# two non-characters. XML, HTML, PDF and Anki exports cannot hold them.
NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def plain_text(value: str) -> str:
    bad = NOT_TEXT.search(value)
    if bad:
        char = bad.group()
        kinds = {"Cc": "a control character", "Cs": "a lone surrogate"}
        name = kinds.get(unicodedata.category(char), "a non-character")
        raise PydanticCustomError("bad_character", "the character U+{code} ({name}) at position {at} is not "
                                  "text; remove it (text pasted from a PDF or another tool often carries "
                                  "such characters)", {"code": f"{ord(char):04X}", "name": name,
                                                       "at": bad.start() + 1})
    return value


def text(max_length: int) -> object:
    return Annotated[str, Field(min_length=1, max_length=max_length), AfterValidator(plain_text)]


def optional_text(max_length: int) -> object:
    return Annotated[str, Field(max_length=max_length), AfterValidator(plain_text)] | None


Identifier = Annotated[str, Field(pattern=ID_PATTERN, max_length=80,
                                  description="Lowercase letters, digits and hyphens.")]
Text = text(SHORT)
LongText = text(LONG)
MaybeLongText = optional_text(LONG)
Title = text(300)
Label = optional_text(100)
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Difficulty = Literal["easy", "medium", "hard"]


def rule(field: str, message: str) -> PydanticCustomError:
    """A cross-field rule broken at `field` (a dotted path inside the question)."""
    return PydanticCustomError("rule", message, {"field": field})


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Evidence(Strict):
    """A verbatim passage of a source; fragments may be joined with `...` or `…`."""

    source: Identifier = Field(description="An id from sources/sources.yml.")
    quote: LongText = Field(description="Verbatim text of the source; white space and quote styles are free.")


class Option(Strict):
    text: Text
    correct: bool = False
    feedback: MaybeLongText = Field(default=None, description="Shown when a student chooses this option.")


class Pair(Strict):
    left: Text
    right: Text


ChapterId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$", max_length=100,
                                 description="A chapter's file name without '.md', as in _toc.yml.")]


class Taught(Strict):
    """Where the course teaches what a question asks: a page quiz draws only what its page or an
    earlier one has taught."""

    chapter: ChapterId
    section: Label = Field(default=None, description="The MyST label of the section, e.g. ch3-chronology.")


class QuestionBase(Strict):
    id: Identifier = Field(description="Unique across all banks.")
    prompt: LongText = Field(description="The question; for true_false, the statement.")
    explanation: MaybeLongText = Field(default=None, description="Why the key is right, naming the source.")
    evidence: list[Evidence] = Field(min_length=1, max_length=30)
    difficulty: Difficulty = "medium"
    tags: list[Identifier] = Field(default_factory=list, max_length=30)
    year: Year | tuple[Year, Year] | None = Field(
        default=None, description="The year, or [first, last], that the question is about."
    )
    taught: Taught | None = Field(default=None, description="Where the course teaches it; the bank's chapter if absent.")
    overlaps: list[Identifier] = Field(
        default_factory=list, max_length=30,
        description="Ids of questions, in any bank, that give this one away or that it gives away in words no "
                    "check can see: page quizzes and drawn sets never put them together.")

    @model_validator(mode="after")
    def _year_range(self):
        if isinstance(self.year, tuple) and self.year[0] > self.year[1]:
            raise rule("year", "year: the first year of a range must not be after the last")
        return self

    def correct_options(self) -> list[Option]:
        return [o for o in getattr(self, "options", []) if o.correct]


class ChoiceQuestion(QuestionBase):
    options: list[Option] = Field(min_length=2, max_length=MAX_CHOICES)

    def _distinct_options(self):
        seen: set[str] = set()
        for i, option in enumerate(self.options):
            key = " ".join(option.text.casefold().split())
            if key in seen:
                raise rule(f"options.{i}", f"options: the option {option.text!r} is listed twice")
            seen.add(key)


class SingleQuestion(ChoiceQuestion):
    type: Literal["single"]

    @model_validator(mode="after")
    def _one_correct(self):
        self._distinct_options()
        count = sum(o.correct for o in self.options)
        if count != 1:
            raise rule("options", f"options: a single-choice question needs exactly one option with "
                                  f"'correct: true', found {count}")
        return self


class MultipleQuestion(ChoiceQuestion):
    type: Literal["multiple"]

    @model_validator(mode="after")
    def _some_correct(self):
        self._distinct_options()
        if not any(o.correct for o in self.options):
            raise rule("options", "options: a multiple-choice question needs at least one option "
                                  "with 'correct: true', found none")
        return self


class TrueFalseQuestion(QuestionBase):
    type: Literal["true_false"]
    answer: bool
    correction: MaybeLongText = Field(default=None, description="For a false statement: the true version.")

    @model_validator(mode="after")
    def _correction(self):
        if not self.answer and not self.correction:
            raise rule("answer", "correction: a false statement needs a 'correction' giving the true version")
        return self


class NumericQuestion(QuestionBase):
    type: Literal["numeric"]
    answer: Annotated[float, Field(allow_inf_nan=False)] | int
    tolerance: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0
    unit: Label = None


class TextQuestion(QuestionBase):
    type: Literal["text"]
    answers: list[Text] = Field(min_length=1, max_length=50, description="Accepted answers, matched ignoring case and spacing.")

    @model_validator(mode="after")
    def _answerable(self):
        for i, answer in enumerate(self.answers):
            if not any(char.isalnum() for char in answer):
                raise rule(f"answers.{i}", f"answers: {answer!r} has no letter or digit, so no typed answer "
                                           f"can match it (answers are compared ignoring case, spacing and the punctuation around them)")
        return self


class OrderQuestion(QuestionBase):
    type: Literal["order"]
    items: list[Text] = Field(min_length=3, max_length=MAX_CHOICES, description="In the correct order.")

    @model_validator(mode="after")
    def _one_quote_per_item(self):
        if len(self.evidence) != len(self.items):
            raise rule("evidence", f"evidence: an order question needs one quote per item, in order: "
                                   f"{len(self.items)} items but {len(self.evidence)} quotes")
        return self


class MatchQuestion(QuestionBase):
    type: Literal["match"]
    pairs: list[Pair] = Field(min_length=3, max_length=MAX_CHOICES)

    @model_validator(mode="after")
    def _one_quote_per_pair(self):
        if len(self.evidence) != len(self.pairs):
            raise rule("evidence", f"evidence: a match question needs one quote per pair, in order: "
                                   f"{len(self.pairs)} pairs but {len(self.evidence)} quotes")
        rights = [" ".join(p.right.casefold().split()) for p in self.pairs]
        if len(set(rights)) != len(rights):
            raise rule("pairs", "pairs: two pairs have the same right-hand side, so the match is ambiguous")
        return self


Question = Annotated[
    Union[SingleQuestion, MultipleQuestion, TrueFalseQuestion, NumericQuestion, TextQuestion,
          OrderQuestion, MatchQuestion],
    Field(discriminator="type"),
]
QUESTION_CLASSES = {cls.model_fields["type"].annotation.__args__[0]: cls for cls in Question.__origin__.__args__}


class BankHeader(Strict):
    """A bank without its questions: validated first, so one bad question spoils nothing else."""

    bank: Identifier = Field(description="Unique among banks.")
    title: Title
    chapter: Label = Field(default=None, description="The chapter this bank belongs to.")


class SetHeader(Strict):
    """A question set drawn from the banks (`sourcequiz select`): its query, seed and chosen ids.

    The set's `questions` are a snapshot in the bank format, so the set stays stable when
    the banks change later.
    """

    set: Identifier = Field(description="The set's name.")
    title: Title
    seed: int
    query: dict = Field(default_factory=dict, description="The filters the set was drawn with.")
    ids: list[Identifier] = Field(description="The chosen question ids, in order.")
    banks: dict[Identifier, Identifier] = Field(default_factory=dict, description="Question id -> the bank it came from.")


class Bank(BankHeader):
    questions: list[Question] = Field(min_length=1)

    def question(self, question_id: str):
        return next(q for q in self.questions if q.id == question_id)
