"""The cues of attribution in an article: quoted words masked out, cue words ("said", "according to"),
and the source noun phrases they point at. `attribution` reads these to say who says what.

The words and patterns it reads by are in `cue_words.py`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from summarizer.extract.coreference import resolve
from summarizer.extract.cue_choice import is_person
from summarizer.extract.cue_choice import pick as pick
from summarizer.extract.cue_words import (
    ABBREV,
    AGENT_BY,
    AUX,
    CLAUSE,
    CUE,
    EDGE,
    GAPPED,
    GENERIC,
    INSTRUMENT,
    JUDGING,
    POSSESSIVE_SOURCE,
    POSSESSOR,
    PRONOUNS,
    PUBLICATION,
    PUBLISHED_BY,
    PUBLISHER,
    QUOTE_VERBS,
    QUOTES,
    REDUCED_RELATIVE,
    SAME,
    SAME_KIND,
    SOURCE_NOUNS,
    TRIM,
    WITH_VERBS,
)
from summarizer.extract.entities import DEMONYMS, MONTHS_DAYS
from summarizer.read.article import Article, Paragraph, Sentence
from summarizer.schemas import Span


@dataclass(frozen=True)
class _Cue:
    pos: int  # where the cue word starts; for a cited source, where the citation's own clause ends
    start: int  # the source's noun phrase, offsets into article.text
    end: int
    kind: str  # "speech"; "source" (according to / citing: information, never words); "quote" (called)
    para: int
    owner: bool = False  # the possessor of a count ("Morocco's death toll"): a sayer in its sentence is surer


@dataclass(frozen=True)
class _Q:
    start: int  # the opening mark
    end: int  # after the closing mark
    span: Span  # the quoted words
    para: Paragraph


class _Ctx:
    """An article with quoted words masked (cues inside quotes are someone else's words) and its cues."""

    def __init__(self, article: Article):
        self.a, text = article, article.text
        self.quotes: list[_Q] = []
        masked = list(text)
        for p in article.kept:
            for m in QUOTES.finditer(text, p.start, p.end):
                g = next(i for i in (1, 2, 3) if m.group(i) is not None)
                masked[m.start(g) : m.end(g)] = "_" * (m.end(g) - m.start(g))
                a, b = m.start(g), m.end(g)
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1] in " \n,;:":
                    b -= 1
                if len(re.findall(r"\w[\w*’'-]*", text[a:b])) >= 3:
                    self.quotes.append(_Q(m.start(), m.end(), Span(start=a, end=b), p))
        self.m = "".join(masked)
        self.sents = {p.index: article.sentences_in(p) for p in article.kept}
        # Indexes, so that a figure's attribution looks at its own sentence, not its whole paragraph: scans
        # per figure made long paragraphs quadratic. A cue sits in its sentence, or at its end.
        self.starts = {i: [s.start for s in ss] for i, ss in self.sents.items()}
        self.sentence_cues = {(i, s.start): self._cues(s, i) for i, ss in self.sents.items() for s in ss}
        self.cues = {i: [c for s in ss for c in self.sentence_cues[(i, s.start)]] for i, ss in self.sents.items()}
        self.quotes_in: dict[int, list[_Q]] = {}
        for q in self.quotes:
            self.quotes_in.setdefault(q.para.index, []).append(q)
        self._speakers: dict[int, str | None] = {}
        self._persons: dict[tuple[int, int], bool] = {}
        self.quote_starts = {i: [q.span.start for q in qs] for i, qs in self.quotes_in.items()}

    def _valid(self, a: int, b: int) -> bool:
        words = self.m[a:b].split()
        low = [w.strip(TRIM).lower() for w in words]
        if not 1 <= len(words) <= 14 or low[0] in EDGE - {"the", "a", "an"} or low[-1] in EDGE:
            return False
        if any(w in CLAUSE or w.capitalize() in MONTHS_DAYS or "_" in w for w in low):
            return False
        cut = next((i for i, w in enumerate(low) if w in ("of", "with", "from", "at", "for")), len(low))
        head = re.sub(r"[’']s$", "", words[cut - 1].strip(TRIM)) if cut else ""
        if head[:1].isupper() or head.startswith("("):
            return head not in DEMONYMS and head.lower() not in EDGE
        return head.lower() in SOURCE_NOUNS

    def _trim(self, a: int, b: int) -> tuple[int, int]:
        while a < b and self.m[a] in TRIM:
            a += 1
        while b > a and self.m[b - 1] in TRIM and not ABBREV.fullmatch(self.m[a:b].rsplit(None, 1)[-1]):
            b -= 1
        return a, b

    def _before(self, lo: int, hi: int) -> tuple[int, int] | None:
        """The longest noun phrase ending at `hi` and starting after the last comma in [lo, hi)."""
        # a dash between spaces, or an em or en dash, ends what comes before too: a dateline ("Oct 28 (Meridian
        # Wire) - Tessaline Systems forecast") or an aside is not part of the source's name
        dashes = [self.m.rfind(d, lo, hi) + len(d) for d in (" - ", "—", "–") if self.m.rfind(d, lo, hi) >= 0]
        a = max(lo, self.m.rfind(",", lo, hi) + 1, self.m.rfind(":", lo, hi) + 1, *dashes)
        for w in re.finditer(r"\S+", self.m[a:hi]):
            s, e = self._trim(a + w.start(), hi)
            if s < e and (self.m[s:e].lower() in PRONOUNS or self._valid(s, e)):
                return s, e
        return None

    def _after(self, lo: int, hi: int) -> tuple[int, int] | None:
        """The longest noun phrase starting at `lo`, stopping at punctuation, quotes, and clause words."""
        ends = []
        for w in re.finditer(r"\S+", self.m[lo:hi]):
            word = w.group(0)
            if word[0] in '“”"_' or word.lower().strip(TRIM) in ("who", "which", "that", "on", "in"):
                break
            if ")" in word and "(" not in word:  # "(7 according to Morocco's Institute) struck at ...": closed
                ends.append(lo + w.start() + word.index(")"))
                break
            ends.append(lo + w.end())
            if word[-1] in ",;:—" or (word[-1] == "." and not ABBREV.fullmatch(word)):
                break
        for e in reversed(ends):
            s, e2 = self._trim(lo, e)
            if s < e2 and self._valid(s, e2):
                return s, e2
        return None

    def _subject(self, lo: int, v: int) -> tuple[int, int] | None:
        m = self.m
        while (w := re.search(r"(\S+)\s*$", m[lo:v])) and w.group(1).lower() in AUX:
            v = lo + w.start(1)
        if r := REDUCED_RELATIVE.search(m, lo, v):  # "An Ipsos survey published in April put ..."
            v = r.start()
        head = m[lo:v].rstrip()
        if not head.endswith(","):
            np = self._before(lo, lo + len(head))
            while np and " and " in m[np[0] : np[1]] and m[lo : np[0]].rstrip().endswith(","):
                comma = m.rfind(",", lo, np[0])  # a list: "The United States, Ukraine and South Korea"
                prev = self._before(lo, comma)
                if not prev or prev[0] != self._trim(max(lo, m.rfind(",", lo, comma) + 1), comma)[0]:
                    break
                np = (prev[0], np[1])
            return np
        cut = lo + len(head) - 1  # "X, <apposition>, said"
        comma = m.rfind(",", lo, cut)
        subj = self._before(lo, comma) if comma >= 0 else None
        if subj is None:
            return None
        appos, last = self._trim(comma + 1, cut), m[subj[0] : subj[1]].split()[-1]
        # "Zelenskyy, citing his intelligence services, said"; "Kim Tae-hyo, the first …, said"
        if re.match(r"\w+ing\b|according\b", m[appos[0] : appos[1]]) or last[:1].isupper():
            return subj
        if last.lower() in PRONOUNS or not self._valid(*appos):
            return subj
        return subj[0], appos[1]  # "South Korea’s spy agency, the National Intelligence Service (NIS), said"

    def _cues(self, s: Sentence, para: int) -> list[_Cue]:
        out = []
        for c in CUE.finditer(self.m, s.start, s.end):
            word = c.group(0).split()[0].lower()
            if word in ("according", "based", "citing", "cited", "cites"):
                np = self._after(c.end() + 1, s.end)
                if np and PUBLISHED_BY.match(self.m, np[0]):
                    continue  # "according to data compiled by LSEG": the publication's cue names LSEG
                if np and word.startswith("cite"):  # the citation's own clause stays with the citer
                    subj = self._subject(s.start, c.start())
                    if subj:
                        out.append(_Cue(c.start(), *subj, "speech", para))
                    stop = re.search(r",|\bthat\b", self.m[np[1] : s.end])
                    out.append(_Cue(np[1] + stop.start() if stop else s.end, *np, "source", para))
                elif np and not any(o.kind == "speech" for o in out if o.pos >= s.start):
                    out.append(_Cue(c.start(), *np, "source", para))  # "X said that according to Y": X's
                continue
            if word in JUDGING and any(o.kind == "speech" and o.pos >= s.start for o in out):
                continue
            np = self._subject(s.start, c.start())
            if np and word in JUDGING and POSSESSOR.search(self.m[np[0] : np[1] + 1]):
                continue  # a noun after a possessive, no verb: "analysts’ forecast of $24.1 billion"
            if np is None and re.search(r"[,”\"]\s*$", self.m[s.start : c.start()]):
                np = self._after(c.end() + 1, s.end)  # "“…,” said Carl Schuster"
            if np and word in WITH_VERBS and not self.m.endswith("with ", 0, np[0]):
                continue
            if np:
                out.append(_Cue(c.start(), *np, "quote" if word in QUOTE_VERBS else "speech", para))
        return out + self._gapped_cues(s, para) + self._publication_cues(s, para)

    def _gapped_cues(self, s: Sentence, para: int) -> list[_Cue]:
        """A clause that leaves out the verb after a semicolon has its own subject: "The USGS placed the
        rupture at a depth of 18.5km; the Moroccan institute at about 8km"."""
        out = []
        for g in GAPPED.finditer(self.m, s.start, s.end):
            a, b = self._trim(g.start(1), g.end(1))
            if a < b and self._valid(a, b) and any(c.pos < g.start() for c in self._cues_before(s, g.start())):
                out.append(_Cue(a, a, b, "speech", para))
        return out

    def _cues_before(self, s: Sentence, stop: int) -> list[re.Match[str]]:
        return [c for c in CUE.finditer(self.m, s.start, stop) if c.group(0).split()[0].lower() not in QUOTE_VERBS]

    def _publication_cues(self, s: Sentence, para: int) -> list[_Cue]:
        """Sources named by what they published: "figures released by Morocco's Interior Ministry",
        "results published by the Electoral Commission", "The ministry's breakdown shows ..."."""
        out = []
        for rx in (PUBLISHED_BY, AGENT_BY):
            for c in rx.finditer(self.m, s.start, s.end):
                if np := PUBLISHER.match(self.m, c.end()):  # a name only: "by Ukraine's Defense Intelligence"
                    out.append(_Cue(c.start(), np.start(1), np.end(1), "source", para))
        for c in INSTRUMENT.finditer(self.m, s.start, s.end):  # "Under the constitution, ..."
            out.append(_Cue(c.start(), c.start(1), c.end(1), "source", para))
        for c in POSSESSIVE_SOURCE.finditer(self.m, s.start, s.end):
            a, b = self._trim(c.start(1), c.end(1))
            if a < b and (self._valid(a, b) or self.m[a:b].lower().startswith("the ")):
                out.append(_Cue(c.start(), a, b, "source", para, owner=True))
        return out

    def _prior(self, para: int) -> list[_Cue]:
        idx = [p.index for p in self.a.kept]
        at = idx.index(para)
        return [c for i in idx[max(0, at - 2) : at + 1] for c in self.cues[i]]

    def name(self, cue: _Cue | None) -> str | None:
        if cue is None:
            return None
        text = self.a.text[cue.start : cue.end]
        if text.lower() in PRONOUNS:
            named = self._last_person(cue)
            return self.a.text[named.start : named.end] if named else None
        if GENERIC.fullmatch(text):
            return None
        if (same := SAME.fullmatch(text)) and (earlier := self._earlier(cue, same.group(1).lower())):
            return self.name(earlier)  # "the same poll" is the poll named before
        if PUBLICATION.fullmatch(text) and (earlier := self._earlier(cue, None)):
            return self.name(earlier)  # "The update, ..., said": whoever gave the update before
        return resolve(self.a.text, text, cue.start) or text

    def _earlier(self, cue: _Cue, noun: str | None) -> _Cue | None:
        """The last cue before `cue` in its paragraph or the two before: with `noun`, the last whose source
        ends in that noun or its kind's other name ("An Ipsos survey" for "the same poll"); without, the last
        naming a body (no person, pronoun, publication or generic report)."""
        idx = [p.index for p in self.a.kept]
        at = idx.index(cue.para)
        kinds = {noun, SAME_KIND.get(noun or "", noun)}
        for i in reversed(idx[max(0, at - 2) : at + 1]):
            for s in reversed(self.sents[i]):
                for c in reversed(self.sentence_cues[(i, s.start)]):
                    text = self.a.text[c.start : c.end]
                    if c.pos >= cue.pos or c.kind == "quote" or SAME.fullmatch(text):
                        continue
                    if noun is not None and text.split()[-1].lower() in kinds:
                        return c
                    if noun is None and not (
                        text.lower() in PRONOUNS or PUBLICATION.fullmatch(text) or GENERIC.fullmatch(text)
                        or self._is_person(c)
                    ):  # fmt: skip
                        return c
        return None

    def _last_person(self, cue: _Cue) -> _Cue | None:
        """The last cue of `_prior(cue.para)` before `cue.pos` that names a person. Walked back sentence by
        sentence (a cue sits in its sentence or at its end, so earlier sentences hold only earlier cues)
        instead of filtering the paragraphs' cues for every pronoun, which was quadratic in a long one."""
        idx = [p.index for p in self.a.kept]
        at = idx.index(cue.para)
        for i in reversed(idx[max(0, at - 2) : at + 1]):
            for s in reversed(self.sents[i]):
                if i == cue.para and s.start > cue.pos:
                    continue
                for c in reversed(self.sentence_cues[(i, s.start)]):
                    if c.pos < cue.pos and self._is_person(c):
                        return c
        return None

    def _is_person(self, c: _Cue) -> bool:
        key = (c.start, c.end)
        if key not in self._persons:
            self._persons[key] = is_person(self.a.text[c.start : c.end])
        return self._persons[key]

    def quote_speaker(self, q: _Q) -> str | None:
        if q.start not in self._speakers:  # worked out once: a quote's speaker may be its predecessor's
            self._speakers[q.start] = self._quote_speaker(q)
        return self._speakers[q.start]

    def _quote_speaker(self, q: _Q) -> str | None:
        s_end = self.sentence(q.para, q.end - 1)
        after = [c for c in self.cues_between(q.para, q.end, s_end.end) if c.kind != "source"]
        if after:
            return self.name(after[0])
        s_open = self.sentence(q.para, q.start)
        before = [c for c in self.cues_between(q.para, s_open.start, q.start) if c.kind != "source"]
        if before:
            return self.name(before[-1])
        if self.m[s_open.start : q.start].strip():
            return None
        prev = [p for p in self.quotes_in.get(q.para.index, []) if p.end <= q.start]
        if prev:
            return self.quote_speaker(prev[-1])
        kept = self.a.kept
        at = kept.index(q.para)
        if q.start == q.para.start and at:
            last = [p for p in self.quotes if p.para == kept[at - 1]]
            if last and last[-1].end > self.sentences(kept[at - 1])[-1].start:
                return self.quote_speaker(last[-1])
        return None

    def sentences(self, p: Paragraph) -> list[Sentence]:
        return self.sents[p.index]

    def sentence(self, p: Paragraph, offset: int) -> Sentence:
        """The paragraph's sentence holding `offset`, else its last."""
        sents = self.sents[p.index]
        i = self.position(p, offset)
        return sents[i] if i >= 0 and sents[i].start <= offset < sents[i].end else sents[-1]

    def position(self, p: Paragraph, offset: int) -> int:
        """Index of the paragraph's last sentence starting at or before `offset` (-1 if none)."""
        return bisect.bisect_right(self.starts[p.index], offset) - 1

    def cues_between(self, p: Paragraph, lo: int, hi: int) -> list[_Cue]:
        """`[c for c in self.cues[p.index] if lo <= c.pos < hi]`, read from the sentences that can hold them."""
        sents, out = self.sents[p.index], []
        for s in sents[max(0, self.position(p, lo)) :]:
            if s.start >= hi:
                break
            if s.end >= lo:
                out += [c for c in self.sentence_cues[(p.index, s.start)] if lo <= c.pos < hi]
        return out

    def tag(self, p: Paragraph, s: Sentence) -> _Cue | None:
        """A trailing anaphoric tag closing the sentence: "…, the Ukrainian official said."."""
        for c in self.sentence_cues[(p.index, s.start)]:  # the cues with a `pos` in `s` are among these
            np_text = self.a.text[c.start : c.end].lower()
            rest = re.sub(r"^\s*\w+", "", self.m[c.pos : s.end])
            if (
                s.start <= c.pos < s.end and c.kind == "speech" and c.start > c.pos - 60
                and (np_text.startswith("the ") or np_text in PRONOUNS)
                and _comma_before(self.m, c.start)
                and re.fullmatch(r"(?:\s+(?:on\s+)?\w+day)?\s*(?:,\s+\w+ing\b.*)?[.!?]?[”\"]?\s*", rest, re.S)
            ):  # fmt: skip
                return c
        return None


def _comma_before(text: str, at: int) -> bool:
    """`text[:at].rstrip().endswith(",")`, without copying the text before `at`."""
    while at and text[at - 1].isspace():
        at -= 1
    return text[at - 1 : at] == ","


def read_cues(article: Article) -> _Ctx:
    """The article's masked text and cues, built once: `speaker_of` runs for every figure."""
    ctx = article.derived.get("attribution")
    if not isinstance(ctx, _Ctx):
        ctx = article.derived["attribution"] = _Ctx(article)
    return ctx
