"""Every numeric mention in an article's kept paragraphs, as `Figure`s the model can only refer to by id.

A regex scanner of our own (`number_words.scan`) finds the mentions; text2num, pint and dateparser give the
values (`quantities`). quantulum3 (tried on the sample corpus) reads units well ("400 square miles",
"4,000-mile") but reads "5,000 North Korean troops" as 5000 dimensionless with no counted noun, keeps no
hedge ("as many as"), misses "one interpreter" and "Several thousand", splits "October 27 and 28" into two
bare numbers, and reads "11th Guards" as 11 "tonne hour". Owning the scanner keeps spans exact, the quote
covering the counted noun, and the rules below explicit.

Decisions, so everyone counts the same things:
- Weekday names ("Friday", "on Monday") are not figures: they are relative and carry no number.
- Word ordinals ("the first troops", "First Vice Minister") are not figures; digit ordinals are ("11th"),
  and an ordinal in front of a name ("11th Guards Air Assault Brigade") is a designation, as is "Il-76".
- "one" is a figure only when it is counted against something: coordinated with another number ("one
  Ukrainian and two U.S. officials"), hedged ("at least one") or "one in five". "one of the", "at one
  point" and "one Russian serviceman says" are not figures.
- A bare month is a date only after a preposition or early/mid/late ("since August", "in early August").
- A four-digit number from 1800 to 2100 without a counted noun is a year; "the 1950s" is year 1950.
- Vague amounts ("several thousand", "thousands of metric tons", "several villages") are kind "vague",
  value None; "many", "numerous", "most" are not amounts.
- Dates take their year from a full date written in the article ("November 1, 2024"), else none ("--10-23").
- Values: counts and measures as written (400 "square mile"; `quantities.normalize` converts); years float
  (2022.0); designations None; ratios numerator / denominator (1/30, unit "interpreter per men"), listed
  after the counts they are made of. Fractions ("two-thirds", "a third") and multiples ("twice", "three
  times") are read by the scanner (so a quote stating one is checkable) but are not figures yet: each is
  a share or multiple of something else the figure would have to name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from summarizer.extract.number_words import Token, scan, time_value
from summarizer.extract.quantities import HEDGES, parse_date
from summarizer.read.article import Article, Paragraph
from summarizer.schemas import Figure, Span

DATE_QUALIFIERS = (
    "as early as", "no later than", "since", "by", "until", "before", "after", "throughout", "during",
    "the night of", "the morning of", "the evening of", "the afternoon of", "the end of", "the beginning of",
    "the start of", "the middle of",
)  # fmt: skip
# A clock time may be hedged as well ("about 4.30am", "shortly after 6 p.m.").
TIME_QUALIFIERS = (*DATE_QUALIFIERS, "about", "around", "approximately", "roughly", "shortly after", "shortly before",
                   "just after", "just before", "soon after")  # fmt: skip
_STOP_WORDS = """and or of to in on at for with by from as that which who whom were was are is be been being
have has had will would could should may might can must do did does the a an than since each per into over
under more also not but if while when where so this these those its their his her said say says including out
about"""
_STOP = set(re.findall(r"\w+", _STOP_WORDS))
_VERBS = set(re.findall(r"\w+", "came went left fled died fought made took gave got spoke remain remains stayed"))
_PLURAL_IRREGULAR = {"men", "women", "people", "children", "personnel", "staff", "police", "troops"}
# Up to four words, then "and"/"or": "one Ukrainian and two U.S. officials".
_COORDINATED = re.compile(r"(?:\s+[\w.’'-]+){0,4},?\s+(?:and|or)\s+")
_WORD = re.compile(r"\s+((?:[A-Z]\.){2,}|[A-Za-z][A-Za-z'’-]*)")
_MEASURES = {"square mile", "km²", "m²", "hectare", "acre", "nautical mile", "mile", "km", "m", "mm", "cm"}
_MEASURES |= {"foot", "yard", "metric ton", "ton", "kg", "pound", "liter", "barrel"}
_MEASURES |= {"hour", "day", "week", "month", "year", "decade"}


@dataclass
class _Draft:
    kind: str
    text: str
    value: float | str | None
    start: int  # of the number expression, relative to the paragraph
    qstart: int
    qend: int
    unit: str | None = None
    qualifier: str | None = None
    what: str | None = None
    order: int = 0


_YEAR = re.compile(r"\b(\d{4})\b")


def find_figures(article: Article) -> list[Figure]:
    scanned = [(p, article.text[p.start : p.end]) for p in article.kept]
    tokens = [scan(chunk) for _, chunk in scanned]
    year = _reference_year(tokens)
    figures: list[Figure] = []
    for (p, chunk), found in zip(scanned, tokens, strict=True):
        drafts = _drafts(chunk, found, year)
        drafts.sort(key=lambda d: (d.start, d.order, d.qend))
        for d in drafts:
            figures.append(_figure(article, p, d, len(figures) + 1))
    return figures


def _reference_year(tokens: list[list[Token]]) -> int | None:
    """The year of the first full date in the article (`tokens`: what `scan` found in each kept paragraph)."""
    for found in tokens:
        for t in found:
            if t.kind in ("date", "iso") and (m := _YEAR.search(t.text)):
                return int(m.group(1))
    return None


def _figure(article: Article, p: Paragraph, d: _Draft, n: int) -> Figure:
    start, end = p.start + d.qstart, p.start + d.qend
    sentence = article.sentence_at(p.start + d.start)
    return Figure(
        id=f"F{n}",
        kind=d.kind,  # type: ignore[arg-type]
        text=d.text,
        value=d.value,
        unit=d.unit,
        qualifier=d.qualifier,
        quote=article.text[start:end],
        span=Span(start=start, end=end),
        paragraph=p.index,
        sentence=sentence.text if sentence else p.text.strip(),
        what=d.what,
    )


def _drafts(chunk: str, tokens: list[Token], year: int | None) -> list[_Draft]:
    out: list[_Draft] = []
    for i, t in enumerate(tokens):
        if t.kind in ("date", "iso"):
            out += _dates(chunk, t, year)
        elif t.kind == "time":
            out.append(_dated(chunk, t, "time", time_value(t.text), t.text, qualifiers=TIME_QUALIFIERS))
        elif t.kind == "designation":
            out.append(_Draft("designation", t.text, None, t.start, t.start, t.end))
        elif t.kind == "ordinal":
            if name := re.compile(r"(?:\s+[A-Z][\w’'-]*)+").match(chunk, t.end):
                out.append(_Draft("designation", t.text, None, t.start, t.start, name.end()))
            else:
                qstart, qualifier = _qualifier(chunk, t.start, HEDGES)
                out.append(_Draft("ordinal", t.text, t.value, t.start, qstart, t.end, None, qualifier))
        elif t.kind == "decade":
            lead = 4 if chunk.endswith("the ", 0, t.start) else 0
            out.append(_dated(chunk, t, "year", t.value, t.text, lead))
        elif t.kind in ("multiple", "fraction"):
            continue  # read so that a quote stating one can be checked; not figures yet (see Decisions)
        elif t.kind == "vague":
            if d := _vague(chunk, t):
                out.append(d)
        elif _keep_number(chunk, tokens, i):
            out.append(_count(chunk, tokens, i))
    return out + _ratios(chunk, out)


def _dated(
    chunk: str, t: Token, kind: str, value: float | str | None, text: str, lead: int = 0,
    qualifiers: tuple[str, ...] = DATE_QUALIFIERS,
) -> _Draft:  # fmt: skip
    qstart, qualifier = _qualifier(chunk, t.start - lead, qualifiers)
    what = _before(chunk, qstart)
    return _Draft(kind, text, value, t.start, qstart, t.end, None, qualifier, what)


def _dates(chunk: str, t: Token, year: int | None) -> list[_Draft]:
    m = re.search(r"(\d{1,2})(?:st|nd|rd|th)?\s*(?:and|or|to|-|–)\s*(\d{1,2})(?:st|nd|rd|th)?", t.text)
    if m and t.kind == "date":  # "October 27 and 28", "27 and 28 May": two dates
        if m.start() == 0:  # day first: the month and year follow the second day
            dates, shown = (m.group(1) + t.text[m.end(2) :], t.text[m.start(2) :]), (m.group(1), t.text[m.start(2) :])
        else:
            dates, shown = (t.text[: m.end(1)], t.text[: m.start(1)] + m.group(2)), (t.text[: m.end(1)], m.group(2))
        first = _dated(chunk, t, "date", parse_date(dates[0], year), shown[0])
        second = _dated(chunk, t, "date", parse_date(dates[1], year), shown[1])
        second.start, second.order = t.start + m.start(2), 0
        return [d for d in (first, second) if d.value]
    d = _dated(chunk, t, "date", parse_date(t.text, year), t.text)
    return [d] if d.value else []


@cache
def _qualifier_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """One of `words` (any white space between its words) right before the end: longest first, though
    only one can end a text where another does not start further left (they end in the same place)."""
    alternatives = "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?:^|(?<=[\s(“\"—–]))(" + alternatives + r")\s+$", re.I)


_QUALIFIER_REACH = 200  # characters before a number that can hold its qualifier (a few words and spaces)


def _qualifier(chunk: str, start: int, words: tuple[str, ...]) -> tuple[int, str | None]:
    """The hedge or date qualifier right before `start`, the longest one written there: (where it starts,
    it as written), or (`start`, None). Searched for in the last `_QUALIFIER_REACH` characters only: a
    search from the paragraph's start made a long paragraph quadratic (the lookbehind still sees what
    comes before the window, so a match at its edge is judged as in the whole paragraph)."""
    if m := _qualifier_re(words).search(chunk, max(0, start - _QUALIFIER_REACH), start):
        return m.start(1), m.group(1)
    return start, None


def _noun_phrase(chunk: str, at: int, value: float | None) -> tuple[str | None, int]:
    """The counted noun after a number: (noun as written, where it ends), or (None, `at`)."""
    if m := re.compile(r"[”\"’]").match(chunk, at):  # “10,000” soldiers
        at = m.end()
    words: list[re.Match[str]] = []
    pos = at
    while len(words) < 5 and (m := _WORD.match(chunk, pos)) and m.group(1).lower() not in _STOP | _VERBS:
        words.append(m)
        pos = m.end()
    plural = [m for m in words if _is_plural(m.group(1))]
    if plural:
        head = plural[-1]
    elif value == 1 and (single := _singular_head(words)):
        head = single  # "one interpreter"
    else:
        return None, at
    noun = head.group(1)
    if noun[0].isupper():  # "North Koreans": keep the capitalised words in front of a proper noun
        k = words.index(head)
        while k > 0 and words[k - 1].group(1)[0].isupper():
            k -= 1
        noun = chunk[words[k].start(1) : head.end(1)]
    return noun, head.end(1)


def _singular_head(words: list[re.Match[str]]) -> re.Match[str] | None:
    """The noun in "one soldier died": the last lowercase word before a likely verb or adverb."""
    head = None
    for m in words:
        w = m.group(1)
        if head and len(w) > 4 and w.endswith(("ed", "ly", "ing")):
            break
        head = m if w.islower() else head
    return head


def _is_plural(word: str) -> bool:
    w = word.lower()
    return w in _PLURAL_IRREGULAR or (len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")))


# "the two nations", "the two have deteriorated": "the two" refers back to a pair already named, not a
# reported figure; a span of time stays one ("the two weeks since the vote"). Larger numbers after "the" are
# totals the reader learns ("the nine provinces", "the six provinces most affected"): kept.
_ANAPHORIC = re.compile(r"(?:^|\s)(?:[Tt]he|[Tt]hese|[Tt]hose)\s+$")
_TIME_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?)\b"
)


def _keep_number(chunk: str, tokens: list[Token], i: int) -> bool:
    t = tokens[i]
    if t.text.lower() == "two" and _ANAPHORIC.search(chunk, max(0, t.start - 8), t.start):
        return bool(_TIME_AFTER.match(chunk, t.end))
    if t.text.lower() != "one":
        return True
    # patterns matched at an offset, not on a copy of the rest of the paragraph (that made long ones quadratic)
    if re.compile(r"\s+(?:of|another)\b").match(chunk, t.end):
        return False
    if _qualifier(chunk, t.start, HEDGES)[1] or re.compile(r"\s+(?:in|out\s+of)\s+\w").match(chunk, t.end):
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt and nxt.value is not None and _COORDINATED.fullmatch(chunk[t.end : nxt.start]):
        return True
    prev = tokens[i - 1] if i > 0 else None
    return bool(prev and prev.value is not None and re.search(r"\b(?:and|or)\s+$", chunk[prev.end : t.start]))


def _count(chunk: str, tokens: list[Token], i: int) -> _Draft:
    t = tokens[i]
    qstart, qualifier = _qualifier(chunk, t.start, HEDGES)
    if t.unit and t.unit_end:  # a measure, percent or money: "400 square miles", "4,000-mile journey"
        kind = {"money": "money", "percent": "percent"}.get(t.kind, "measure")
        end = t.unit_end
        hyphenated = "-" in chunk[t.end : end] and not re.search(r"\d", chunk[t.end : end])  # not "5-6%"
        if hyphenated and (m := re.compile(r"\s+[a-z]+").match(chunk, end)):
            end = m.end()
        what = _after(chunk, t.end + (1 if chunk[t.end : t.end + 1] == "-" else 0), cap=10)
        return _Draft(kind, t.text, t.value, t.start, qstart, end, t.unit, qualifier, what)
    noun, noun_end = _noun_phrase(chunk, t.end, t.value)
    if noun is None and i + 1 < len(tokens):  # "one Ukrainian and two U.S. officials": the noun is shared
        nxt = tokens[i + 1]
        if _COORDINATED.fullmatch(chunk[t.end : nxt.start]):
            noun, noun_end = _noun_phrase(chunk, nxt.end, nxt.value)
    if noun is None and re.fullmatch(r"\d{4}", t.text) and t.value and 1800 <= t.value <= 2100:
        return _dated(chunk, t, "year", t.value, t.text)
    end = noun_end if noun else t.end
    if qstart == t.start and chunk[t.start - 1 : t.start] in ("“", '"') and chunk[t.end : t.end + 1] in ("”", '"'):
        qstart, end = qstart - 1, max(end, t.end + 1)  # “10,000” soldiers
    what = _after(chunk, t.end, cap=10) if noun else _before(chunk, qstart)
    return _Draft("count", t.text, t.value, t.start, qstart, end, noun, qualifier, what)


def _vague(chunk: str, t: Token) -> _Draft | None:
    qstart, qualifier = _qualifier(chunk, t.start, HEDGES)
    of = re.compile(r"\s+of\s").match(chunk, t.end)
    what = _after(chunk, of.end() - 1 if of else t.end)
    if t.unit and t.unit_end:  # "thousands of metric tons"
        return _Draft("vague", t.text, None, t.start, qstart, t.unit_end, t.unit, qualifier, what)
    at = t.end
    if m := re.compile(r"\s+of(?=\s)").match(chunk, at):
        at = m.end()
    noun, end = _noun_phrase(chunk, at, None)
    if noun is None:
        if t.text.lower() in ("several", "a few", "a handful of"):
            return None  # a determiner without a counted noun
        more = re.compile(r"\s+more\b").match(chunk, t.end)  # "thousands more arriving each day"
        end = more.end() if more else t.end
    return _Draft("vague", t.text, None, t.start, qstart, end, noun, qualifier, what)


_PER = re.compile(r"\s+(?:for\s+every|for\s+each|per|in\s+every|out\s+of\s+every)\s+", re.I)
_AND = re.compile(r",?\s+(?:and|or)\s+")


def _ratios(chunk: str, drafts: list[_Draft]) -> list[_Draft]:
    """ "one interpreter and three senior officers for every 30 men": 1/30 and 3/30, after the counts."""
    out: list[_Draft] = []
    counts = [d for d in drafts if d.kind == "count" and isinstance(d.value, float) and d.value]
    for k in range(1, len(counts)):
        den, num = counts[k], counts[k - 1]
        if not _PER.fullmatch(chunk[num.qend : den.qstart]):
            continue
        nums = [num]
        if k >= 2 and _AND.fullmatch(chunk[counts[k - 2].qend : num.qstart]):
            nums.insert(0, counts[k - 2])
        for n in nums:
            assert isinstance(n.value, float) and isinstance(den.value, float)
            unit = f"{n.unit or 'one'} per {den.unit or 'one'}"
            text = chunk[n.start : den.start + len(den.text)]
            d = _Draft("ratio", text, n.value / den.value, n.start, n.qstart, den.qend, unit, n.qualifier)
            d.what, d.order = chunk[n.qstart : den.qend], 1
            out.append(d)
    return out


# A clause ends at punctuation; a period ends it unless it closes an initial ("U.S.", "Paul P. Murphy").
_CLAUSE_END = re.compile(r"(?<!\b[A-Z])\.(?=\s|$)|[,;:!?()“”\"—]")


def _after(chunk: str, at: int, cap: int = 10) -> str | None:
    """Up to `cap` words after `at`, to the end of the clause: verbatim, never invented."""
    words = _clause_words(chunk, at, cap, forward=True)
    return " ".join(words).strip("“”\"'’") or None


def _before(chunk: str, at: int, cap: int = 10) -> str | None:
    """Up to `cap` words before `at`, back to the start of the clause, without trailing prepositions."""
    words = _clause_words(chunk, at, cap, forward=False)
    while words and words[-1].lower() in _STOP:
        words.pop()
    return " ".join(words) or None


def _clause_words(chunk: str, at: int, cap: int, forward: bool, width: int = 256) -> list[str]:
    """The first `cap` words of the clause after `at` (forward), or its last `cap` before `at`: as
    `_CLAUSE_END.split(chunk[at:])[0].split()[:cap]` (or `split(chunk[:at])[-1].split()[-cap:]`) gives
    them, read from a window that widens until it holds the clause's end or `cap` whole words, since
    splitting the whole rest of the paragraph for every figure made long paragraphs quadratic."""
    while True:
        if forward:
            end = min(len(chunk), at + width)
            text, whole = chunk[at:end], end == len(chunk)
            found = _CLAUSE_END.search(text)
            if found and (found.end() < len(text) or whole):  # its lookahead saw the real next character
                return text[: found.start()].split()[:cap]
            words = text.split()
            if whole or len(words) > cap:  # the last word may be cut by the window: one more than needed
                return words[:cap]
        else:
            start = max(0, at - width)
            text, whole = chunk[start:at], start == 0
            ends = [m for m in _CLAUSE_END.finditer(text) if whole or m.start() >= 2]  # lookbehind inside
            if ends:
                return text[ends[-1].end() :].split()[-cap:]
            words = text.split()
            if whole or len(words) > cap:
                return words[-cap:]
        width *= 4
