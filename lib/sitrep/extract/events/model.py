"""The event being detected, and what every detector reads about the sentence it looks at."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from sitrep.extract.entities import EntityMention
from sitrep.extract.events.common import event_status, time_for, trigger_span
from sitrep.extract.events.reporting import governing_reporting, sentence_reportings
from sitrep.extract.numbers import NumberMention
from sitrep.nlp import doc_text
from sitrep.types import TimeExpression


@dataclass
class Event:
    """One event while an article is read: found by a detector on its ``trigger`` token, then completed by the
    article-level steps (headline lead, attribution, inheritance, sides) before :func:`~.rows.build_rows` turns it
    into an events row (:data:`sitrep.schema.EVENTS`) and its claim rows.

    Mutable on purpose: later sentences add figures and sources to it, and the article-level steps fill its gaps.
    ``sent_i``/``para_i`` and ``span`` are relative to the parsed ``Doc`` (a section of the article may start
    later); ``figures`` maps a figure (``killed``, ``children_injured``, ``launched``…) to ``(value, qualifier)``.
    """

    kind: str  # attack, air_defense, meeting, statement, other
    trigger: Token
    sent_i: int
    para_i: int
    subkind: str | None = None
    actor: str | None = None
    actor_country: str | None = None
    target: str | None = None
    target_country: str | None = None
    weapon: str | None = None  # weapon class (drone, cruise_missile, artillery…)
    place: EntityMention | None = None
    place_country: str | None = None  # country of a nationwide tally ("over Russian regions")
    admin_hint: str | None = None
    time: TimeExpression | None = None
    status: str = "happened"
    figures: dict[str, tuple[int, str]] = field(default_factory=dict)  # figure -> (value, qualifier)
    claimant: EntityMention | None = None
    claimant_name: str | None = None
    certainty: str | None = None
    participants: list[str] = field(default_factory=list)
    speaker: str | None = None
    span: tuple[int, int] = (0, 0)
    sentence: str = ""
    evidence: list[NumberMention] = field(default_factory=list)  # NumberMentions behind the figures
    verb: str | None = None  # the reporting verb of the attribution ("claimed", "confirmed")
    anaphor_sentence: Span | None = None  # a later sentence that confirmed this event
    superseded: list[tuple] = field(default_factory=list)  # (figure, value, qualifier, sentence) a follow-up displaced
    later_sources: list[tuple] = field(default_factory=list)  # (sent_i, mention, text, verb) of sentences continuing it
    captured: bool = False  # a place claimed taken (sitrep.extract.events.captures)
    contested: bool = False  # a claim the article reports contradicted ("Kyiv rejects the claim")


@dataclass(frozen=True)
class SentenceContext:
    """One sentence as the detectors see it: the sentence, where it is in the article, what the earlier stages found
    in it (``numbers`` are this sentence's own), and the events of the sentences before it (``previous``, which
    follow-up sentences may enrich)."""

    doc: Doc
    sent: Span
    sent_i: int
    para_i: int
    entities: Sequence[EntityMention]  # the article body's entities (all sentences)
    numbers: Sequence[NumberMention]  # this sentence's typed numbers
    times: Sequence[TimeExpression]  # the article's time expressions (all sentences)
    previous: Sequence[Event]

    @cached_property
    def tokens(self) -> list[Token]:
        """The sentence's tokens, made once: every detector walks them, and each walk of a Span makes new Tokens."""
        return list(self.sent)

    @cached_property
    def text(self) -> str:
        """``sent.text``, cut once from the article's text (a Span's text walks its tokens on each access)."""
        return doc_text(self.doc)[self.sent.start_char:self.sent.end_char]

    @cached_property
    def reportings(self) -> list:
        """The sentence's reporting structures (:func:`sentence_reportings`), found once for all its events."""
        return sentence_reportings(self.sent, self.entities)

    def event(self, kind: str, trigger: Token) -> Event:
        """A new event of ``kind`` on ``trigger``: its span, the sentence's attribution governing the trigger, its
        time and status; the detector adds the rest."""
        ev = Event(kind=kind, trigger=trigger, sent_i=self.sent_i, para_i=self.para_i, sentence=self.text)
        ev.span = trigger_span(trigger, self.sent)
        claimant, claimant_text, verb = governing_reporting(self.reportings, trigger)
        ev.verb = verb
        ev.claimant, ev.claimant_name = claimant, (claimant.canonical if claimant else claimant_text)
        ev.time = time_for(self.sent, self.times, trigger)
        ev.status = event_status(trigger)
        return ev
