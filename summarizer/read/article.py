"""An article as read: its text, never edited, and the paragraphs found in it.

Offsets everywhere in the tool are offsets into `Article.text`. For .txt and .md files that is the file's
own text, so a span can be checked against the file on disk; for HTML it is the text extracted from it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    index: int  # 1-based, counting every paragraph, kept or dropped
    start: int
    end: int
    text: str
    dropped: str | None = None  # why ingest left it out, or None when kept


# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) and whitespace, unless the
# period closes a common abbreviation. Written here rather than taken from nltk/spaCy: those need model
# downloads, and news sentences with "Lt. Gen." and "U.S." are the only hard cases in practice.
_ABBREVIATIONS = (
    "Lt",
    "Gen",
    "Col",
    "Maj",
    "Capt",
    "Sgt",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "St",
    "Jr",
    "Sr",
    "Rep",
    "Sen",
    "Gov",
    "Pres",
    "Prof",
    "Adm",
    "No",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "U.S",
    "U.K",
    "U.N",
    "E.U",
    "P",
    "vs",
    "etc",
    "Inc",
    "Co",
    "Corp",
)
# Text joined without a space at a paragraph or line break ("…officials said.The next day…") still ends a
# sentence after a word's period before a capitalised word; the text itself is never edited.
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*(?=\s+)|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_LAST_WORD = re.compile(r"([\w.]+)\.$")  # the word a period closes


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Article:
    id: str
    source: str
    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # "YYYY-MM-DD", from the page's or the PDF's metadata, when it has one
    # Analyses derived from the text (which never changes), kept so each is built once per article.
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def kept(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.dropped is None]

    def paragraph(self, index: int) -> Paragraph:
        return self.paragraphs[index - 1]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding `offset`, by bisection (paragraphs are in text order and do not overlap):
        analysis asks this for every figure, and a scan made large articles quadratic."""
        return _at(self.paragraphs, self._starts("paragraph_starts", self.paragraphs), offset)

    @cached_property
    def sentences(self) -> list[Sentence]:
        """Sentences of the kept paragraphs, with offsets into `text`."""
        return [s for p in self.kept for s in self.sentences_in(p)]

    def sentences_in(self, p: Paragraph) -> list[Sentence]:
        """`split_sentences` of one paragraph, worked out once (kept by offsets: the text never changes)."""
        found = self.derived.setdefault("sentences_in", {})
        assert isinstance(found, dict)
        if (key := (p.start, p.end)) not in found:
            found[key] = split_sentences(self.text, p.start, p.end)
        return found[key]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding `offset`, by bisection like `paragraph_at`."""
        return _at(self.sentences, self._starts("sentence_starts", self.sentences), offset)

    def _starts(self, name: str, spans: list[Paragraph] | list[Sentence]) -> list[int]:
        """The start offsets of `spans`, kept in `derived` (rebuilt if the paragraphs were replaced)."""
        starts = self.derived.get(name)
        if not isinstance(starts, list) or len(starts) != len(spans):
            starts = self.derived[name] = [x.start for x in spans]
        return starts


def _at(spans: list[Any], starts: list[int], offset: int) -> Any:
    """The span among `spans` (in order, not overlapping; `starts` their starts) that holds `offset`."""
    i = bisect.bisect_right(starts, offset) - 1
    return spans[i] if i >= 0 and spans[i].start <= offset < spans[i].end else None


def split_sentences(text: str, start: int, end: int) -> list[Sentence]:
    out: list[Sentence] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        word = _LAST_WORD.search(text, pos, m.start() + 1) if text[m.start()] == "." else None
        if word and word.group(1) in _ABBREVIATIONS:
            continue
        out.append(_sentence(text, pos, m.end()))
        pos = m.end()
    if text[pos:end].strip():
        out.append(_sentence(text, pos, end))
    return [s for s in out if s.text]


def _sentence(text: str, start: int, end: int) -> Sentence:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk.rstrip())
    return Sentence(start + lead, start + trail, chunk.strip())
