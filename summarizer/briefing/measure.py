"""What a figure measures, read from its own words and its sentence: the measure (deaths, revenue, vote
share, depth, ...), the scope words that make it a different quantity (an estimate, a forecast, a partial
count, a year earlier, an aftershock), the period (a year other than the story's own) and the names it is
about (a province, a party, a segment).

Domain-neutral: the words come from `lexicon` (one data file per domain). The reading is positional,
because news states a measure next to its number in a few ways only: in the quote ("1,293 deaths"),
right after it ("296 dead and 153 injured", "40.18% of the vote"), or before it ("killing at least 632
people", "Turnout was 58.64%", "death toll rose to 2,122"). The figure's segment runs from the previous
figure of its sentence to the next one; after the number it stops at "and", a comma or a bracket (what
follows belongs to the next figure); before it, when only connectors separate it from the previous figure
("rose 8.1% to $24.87 billion", "with 21.81% and 87 seats"), it reaches back to the sentence start, since
both figures share the words before them. The nearest measure word wins.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from summarizer.briefing.lexicon import lexicon
from summarizer.briefing.measure_names import acronyms, hyphened, modifier, names_near
from summarizer.briefing.measure_time import RIGHT_STOP, clause_after, when_of, years_in
from summarizer.extract.entities import is_demonym
from summarizer.extract.number_words import find_unit
from summarizer.schemas import Figure

_LABEL = re.compile(r"^\s*([^:.;]{2,80}?)\s*:\s")  # a list line: "<label>: <figures>"
# What may come between the figures of a list that share a measure: "deaths in Al Haouz, 452 in ...".
_TIME_UNITS = {"hour", "day", "week", "month", "year", "decade"}
# A span of time is of what follows it ("three days of national mourning", "14 days of the declaration",
# "30 years in power"); one counted from an event grows while the story runs ("two weeks after the quake").
_SPAN_OF = re.compile(r"^\s+(of|in|after|since)\s+(?:(?:the|its|their|a|an)\s+)?((?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)")
_SPAN_STOP = set(
    "a an the from to for and of on in at by with that which as it was were is are had has have will would".split()  # noqa: SIM905
)
_CHANGE = re.compile(
    r"\b(?:up|down|rose|fell|grew|increased?|rise|decreased?|drop|dropped|fall|decline|declined|growth|gain|climbed|jumped)\b"
)
# A change stated right before its number ("up 8 percent", "rose 15.6%", "an increase of 8.1 percent"), not
# the value it started from ("down from 66%").
_CHANGE_BEFORE = re.compile(
    r"\b(?:up|down|rose|fell|grew|increased?|rise|decreased?|dropped|declined|growth|gain|climbed|jumped|slid|"
    r"surged|an\s+increase\s+of|a\s+decrease\s+of|a\s+rise\s+of|a\s+fall\s+of|a\s+drop\s+of)\s+(?:by\s+)?$"
)
_CHANGE_GAP = re.compile(r"(?:[\s,;]|\b(?:up|down|rose|fell|an?|increase|rise|decrease|drop|fall|decline|growth|"
                         r"gain|of|by|or|and)\b)*")  # fmt: skip
# ... and whom each is according to: "6.8 according to the U.S. Geological Survey and 6.9 according to the EMSC".
# A value set against the one before, of the same thing: "rose to $24.87 billion, beating estimates of $24.41
# billion", "$8.63 billion, ahead of the $8.45 billion analysts had expected", "58%, below the 66% of 2019".
_COMPARE = re.compile(r"\b(?:beating|beat|topping|missing|ahead\s+of|above|below|compared\s+with|against|versus|vs)\b")
_COMPARE_REACH = 40  # characters: a longer gap is a clause of its own
_LIST_GAP = re.compile(r"(?:[\s,;]|\b(?:in|at|of|for|and|or|with|within|the|according\s+to)\b|[A-Z][\w’'.-]*)*")
# Between the two ends of a range, which share everything they measure: "$27.5 billion to $28.5 billion".
# A low end's quote that holds the high end: "$27.5-28.5 billion", "one and three seats" (one word, then "and").
_RANGE_END = re.compile(r"\S*\d\s*[-–]\s*|\S+\s+(?:to|and)\s+")
_RANGE_GAP = re.compile(r"\s*(?:to|-|–|and)\s*")
# A measure word right before the number, nothing or a linking word between: "magnitude 5.8", "turnout of 58%".
_ADJACENT = re.compile(r"[\s:]*(?:(?:of|at|was|were|is|are)\s+)?")
_GENERIC_NOUNS = {"people", "persons", "individuals", "others", "more", "times"}
_LEFT_REACH = 110  # characters: further back a measure word is about another clause
_NOT_BOUNDS = {"date", "time", "year", "designation"}  # figures that do not end a segment
_DATED = {"date", "time", "year"}  # measured by the event they date (`Lexicon.event_re`), not a quantity's words
_EVENT_WORDS = 4  # after a date, the words that may name its event: "the May 29 national and provincial elections"
_VERSUS = re.compile(r"(?<![\w-])(?:vs\.?|versus)\s", re.I)
_CONNECTORS = re.compile(
    r"[\s,;:]*(?:(?:(?:to|from|and|or|of|versus|vs|compared\s+with|against|with|while|but|the|its|a|an)\b|vs\.)[\s,;:]*)*",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[,;]\s|\s(?:and|but|while|whereas)\s")
_NEW_TIME = re.compile(r";|\b(?:this|last|next|now|today|year|month|week|day|quarter)\b", re.I)  # ends a year's reach
_FROM = re.compile(r"(?:^|[\s,])from\s+$")  # "... from $2.96 billion": the value a change started from
_RELATIVE = re.compile(r",\s+(?:which|who|where)\b")
_YEAR = re.compile(r"(?<![\d,.])(1[89]\d\d|20\d\d)(?!\d|,\d)")


@dataclass(frozen=True)
class Measure:
    name: str | None  # the measure word's measure ("deaths"), None when no word says
    scopes: tuple[str, ...] = ()  # "estimate", "forecast", "earlier", "partial", ...
    period: str | None = None  # a year other than the story's own: "1960"
    names: tuple[str, ...] = ()  # proper names the figure is about: "Al Haouz", "Democratic Alliance"
    cumulative: bool = False  # a running total (a toll): values at different times are updates
    when: str | None = None  # a day its own segment gives it ("on Friday"): another day's value is no conflict

    def key(self) -> tuple[str | None, tuple[str, ...], str | None]:
        """The part of a ledger key that says what is measured, without the names (grouped apart)."""
        return self.name, self.scopes, self.period


def measure_of(figure: Figure, neighbours: list[Figure], story_year: int | None = None) -> Measure:
    """The measure of `figure`; `neighbours` are the figures of its brief (those in its sentence bound
    its segment); `story_year`, the year most dates of the corpus have, is no period of its own."""
    s = figure.sentence
    at = s.find(figure.quote)
    if at < 0:
        return Measure(None)
    end = at + len(figure.quote)
    spans = sorted(
        (b, b + len(n.quote))
        for n in neighbours
        if n.sentence == s and _bounds(n) and n.quote != figure.quote and (b := s.find(n.quote)) >= 0
    )
    left_bound = max([e for b, e in spans if e <= at], default=0)
    right_bound = min([b for b, e in spans if b >= end], default=len(s))
    before = _figure_ending(figure, neighbours, s, left_bound)
    others = [n for n in neighbours if n.sentence == s and n.quote != figure.quote]
    if low := next((n for n in others if _range(s, n, figure)), None):  # "44% to 45%": the low end's measure
        m = measure_of(low, neighbours, story_year)
        return replace(m, scopes=tuple(sorted({*m.scopes, "high end"} - {"low end"})))
    low_end = any(_range(s, figure, n) for n in others)
    asides = _asides(s, at, spans)  # "Services revenue, which includes Tessaline Cloud, ..., rose 15.6 percent"
    left = _blank(s, [], left_bound, at, asides)
    reach_from = left_bound
    if left_bound and _CONNECTORS.fullmatch(left):  # "with 21.81% and 87 seats": the words before both
        reach_from = 0
        left = _blank(s, spans, 0, at, asides)
    left = left[-_LEFT_REACH:].split(" ", 1)[-1] if len(left) > _LEFT_REACH else left  # whole words only
    right_full = s[end:right_bound]
    right = right_full[: m.start()] if (m := RIGHT_STOP.search(right_full)) else right_full
    lex = lexicon()
    counted = figure.kind in ("count", "vague") and not (figure.unit and find_unit(figure.unit))
    # A count of a named thing ("23,292 voting stations") is that thing unless a word in the quote, right
    # after it or a verb just before it says more; words further back are about another count ("cast
    # their ballots at the country's 23,292 voting stations").
    # People named by their nation are people ("16.2 million South Africans cast their ballots"): what they did says
    # what they count, as for "people".
    specific = (
        counted
        and bool(figure.unit)
        and figure.unit.split()[-1].lower() not in _GENERIC_NOUNS
        and not is_demonym(figure.unit.split()[-1])
    )
    near_left = " ".join(left.split()[-3:]) if specific else left  # "shipped 11.8 million Lumen phones"
    near_right = " " + " ".join(right.split()[:1]) if specific else right  # not "objections from parties"
    dated = figure.kind in _DATED
    if dated:  # a date is of the event named after it ("the May 29 national and provincial elections") or before
        near_right = " " + " ".join(right_full.split()[:_EVENT_WORDS])
    own = figure.quote + hyphened(right_full)  # "the 400-seat National Assembly": "seat" is the 400's own word
    name = _nearest(lex.event_re if dated else lex.term_re(counted), lex.terms, own, near_right, near_left)
    inherited: tuple[str, ...] = ()
    inherited_scopes: tuple[str, ...] = ()
    elliptic = name is None and left_bound  # "1,293 deaths in X, 452 in Y", "Taroudant 980 and Chichaoua 202"
    if elliptic and (prev := _previous_measure(figure, neighbours, s, left_bound, story_year)):
        name, inherited = prev[0].name, prev[0].names if prev[1] else ()  # a change is of the same names
        # a list's items share its scope: "A survey put the ANC on 40.2% and the DA on 21.9%" (both polled)
        inherited_scopes = () if prev[1] else prev[0].scopes
    elapsed = False
    if name is None and figure.unit and find_unit(figure.unit) in _TIME_UNITS and (span := _span_of(right)):
        name, elapsed = span
    earlier_of = _changed_from(figure, neighbours, s, left_bound, at)
    if earlier_of is not None and name is None:  # "rose to $3.41 billion ... from $2.96 billion": its measure
        m_before = measure_of(earlier_of, neighbours, story_year)
        name, inherited = m_before.name, m_before.names
    # scope words: the figure's own segment, never the reach back
    own_left = _blank(s, [], left_bound, at, asides)[-_LEFT_REACH:]
    own_left = _VERSUS.split(own_left)[-1]  # "$2.31 adjusted vs. $2.19 expected": "adjusted" is the $2.31's
    # what follows a clause break after the figure before is this one's: "43.1% a year earlier, and it forecast
    # 44%" ("a year earlier" is the 43.1%'s), unless it sets this value beside that one (", or $2.31", "above")
    cut = [m.end() for m in _CLAUSE_BREAK.finditer(own_left)] if left_bound else []
    if cut and not re.match(rf"\s*(?:or\b|{_COMPARE.pattern})", own_left[cut[-1] :]):
        own_left = own_left[cut[-1] :]
    scopes = {lex.scope_terms[m.group()] for text in (own_left, right, figure.quote)
              for m in lex.scope_re.finditer(text)} - {"none"}  # fmt: skip
    scopes |= set(inherited_scopes) - {"low end", "high end"}
    if "earlier" in scopes and _CHANGE_BEFORE.search(own_left):  # "up 8 percent from a year ago": the change
        scopes.discard("earlier")  # between then and now, not a value of then
    if earlier_of is not None and name not in lex.cumulative:  # a toll's earlier value is an update of it
        scopes.add("earlier")
    if figure.attributed_to and figure.attributed_to in s:  # its source in its sentence says what it is:
        # "An Ipsos survey ... put the ANC on 40.2%, ..., and the DA on 21.9%": both polled, not the result
        scopes |= {lex.scope_terms[m.group()] for m in lex.scope_re.finditer(figure.attributed_to)} - {"none"}
    scopes = sorted(scopes | {"low end"} if low_end else scopes)
    years = years_in(left, right, s[:at], story_year)
    if (
        not years
        and before
        and not _NEW_TIME.search(s[left_bound:at])
        and (year := _leading_year(s, s.find(before.quote), story_year))
    ):
        # A year before the figure before holds for this one too ("In 2019 it won 57.5% and 230 seats";
        # "since 1960, when a magnitude 5.8 tremor ... killed as many as 15,000 people"), when it did for that.
        years = [year] if measure_of(before, neighbours, story_year).period == year else []
    excluded = " ".join(filter(None, [figure.attributed_to, figure.quote]))
    after_figure = bool(left_bound) and reach_from == left_bound
    blanked = _blank(s, spans, reach_from, at, asides)
    names = names_near(blanked, right, excluded, reach_from == 0, after_figure, bool(name))
    names += modifier(lex.term_re(counted), left, right) + modifier(lex.term_re(counted), figure.quote, "")
    if (label := _LABEL.match(s)) and label.end() <= at:  # "Economic Freedom Fighters (EFF): 9.52%, 39 seats"
        names += names_near(re.sub(r"\s*\([^)]*\)", "", label.group(1)), "", excluded)
    names = tuple(sorted(set(names) | set(inherited) | acronyms(s, names)))
    if dated:  # the words around a date scope the figures near it ("a year earlier", "in Germany"), not the event;
        # a year's names say which event ("the 1960 Agadir earthquake", "In 2004 a quake near Al Hoceima")
        return Measure(name=name, names=names if figure.kind == "year" else ())
    return Measure(
        name=name,
        scopes=tuple(scopes),
        period=years[-1] if years else None,
        names=names,
        cumulative=name in lex.cumulative or elapsed,
        when=when_of(own_left + " " + right, clause_after(s[end:])),
    )


def _previous_measure(
    figure: Figure, neighbours: list[Figure], s: str, left_bound: int, story_year: int | None
) -> tuple[Measure, bool] | None:
    """The measure a figure shares with the one before it in its sentence: in a list of the same kind
    ("1,293 deaths in Al Haouz, 452 in Taroudant"), or as its change ("revenue of $24.87 billion, an
    increase of 8.1 percent", "$8.63 billion, up 15.6 percent"): only names and such words between.
    With it, whether it is a change (which is of the same names as the figure before it)."""
    gap = s[left_bound : s.find(figure.quote)]
    change = bool(_CHANGE.search(gap)) and bool(_CHANGE_GAP.fullmatch(gap))
    compared = len(gap) <= _COMPARE_REACH and bool(_COMPARE.search(gap)) and not re.search(r"\d", gap)
    if not (_LIST_GAP.fullmatch(gap) or change or compared):
        return None
    prev = _figure_ending(figure, neighbours, s, left_bound)
    if prev is None or not (change or prev.kind == figure.kind) or (compared and not _alike(prev, figure)):
        return None
    return measure_of(prev, neighbours, story_year), change or compared


def _changed_from(figure: Figure, neighbours: list[Figure], s: str, left_bound: int, at: int) -> Figure | None:
    """The figure a change started from is the earlier value of the one before it of its kind: "Net income
    rose to $3.41 billion, or $2.14 per share, from $2.96 billion", "up 15.3 percent from $2.96 billion",
    "down from 66%". Returns that figure before it (the later value), or None when `figure` is no "from" value."""
    if not _FROM.search(s[left_bound:at]) or not _CHANGE.search(s[:at]):
        return None
    before = [(b, n) for n in neighbours if n.sentence == s and n.kind == figure.kind and n.quote != figure.quote
              and 0 <= (b := s.find(n.quote)) < at]  # fmt: skip
    return max(before, key=lambda x: x[0])[1] if before else None


def _alike(a: Figure, b: Figure) -> bool:
    """Values within a factor of two: what a value is set against ("beating the $24.4 billion analysts had
    expected" after "revenue of $24.9 billion and net income of $3.4 billion") is of its size."""
    x, y = a.value, b.value
    return isinstance(x, float | int) and isinstance(y, float | int) and x > 0 and y > 0 and max(x, y) <= 2 * min(x, y)


def _range(s: str, low: Figure, high: Figure) -> bool:
    """Whether two figures of sentence `s` are the ends of one range: "$27.5 billion to $28.5 billion", "44 to
    45 percent", "between one and three seats", "$27.5-28.5 billion". Each end is a quantity of its own."""
    a, b = s.find(low.quote), s.find(high.quote)
    if low.kind != high.kind or a < 0 or b <= a:
        return False
    if b < a + len(low.quote):  # "$27.5-28.5 billion" holds "28.5 billion", "one and three seats" "three seats"
        return b + len(high.quote) == a + len(low.quote) and bool(_RANGE_END.fullmatch(s[a:b]))
    gap = s[a + len(low.quote) : b]
    return bool(_RANGE_GAP.fullmatch(gap)) and (gap.strip() != "and" or bool(re.search(r"\bbetween\s+$", s[:a])))


def _figure_ending(figure: Figure, neighbours: list[Figure], s: str, at: int) -> Figure | None:
    """The figure of sentence `s` whose quote ends at `at` (the one before `figure`), if any."""
    return next((n for n in neighbours if n.sentence == s and n.quote != figure.quote and (b := s.find(n.quote)) >= 0
                 and b + len(n.quote) == at), None)  # fmt: skip


def _leading_year(s: str, before: int, story_year: int | None) -> str | None:
    """The last year in `s` before position `before`, other than the story's own."""
    years = [y for y in _YEAR.findall(s[:before]) if not story_year or int(y) != story_year]
    return years[-1] if years else None


def _span_of(right: str) -> tuple[str, bool] | None:
    """What a span of time is of, from the words after it: the last word before a function word ("of
    national mourning from Sunday" → "mourning"), and whether it is counted from an event ("after", "since")."""
    m = _SPAN_OF.match(right)
    if not m:
        return None
    words = list(itertools.takewhile(lambda w: w not in _SPAN_STOP, m.group(2).split()))
    if not words or words[-1].rstrip("s") in _TIME_UNITS:  # "after the voting day" says no more than a date
        return None
    return words[-1], m.group(1) in ("after", "since")


def _bounds(figure: Figure) -> bool:
    """Whether a figure ends the segments of its neighbours: dates, times, years, names and spans of time
    ("Revenue for the three months to September rose to $24.9bn") do not."""
    return figure.kind not in _NOT_BOUNDS and not (figure.unit and find_unit(figure.unit) in _TIME_UNITS)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _blank(s: str, spans: list[tuple[int, int]], start: int, stop: int, cut: list[tuple[int, int]] = ()) -> str:  # type: ignore[assignment]
    """`s[start:stop]` with other figures' quotes blanked: their words are not this figure's measure; and
    the `cut` ranges (asides) left out, a space in their place."""
    chars = list(s[start:stop])
    for b, e in spans:
        for i in range(max(b, start), min(e, stop)):
            chars[i - start] = " "
    for b, e in cut:
        for i in range(max(b, start), min(e, stop)):
            chars[i - start] = " " if i == max(b, start) else ""
    return "".join(chars)


def _asides(s: str, at: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Relative clauses before position `at` that close before it and hold no figure ("Services revenue,
    which includes Tessaline Cloud, the Tessaline Play game store and the Tessaline One bundle, rose"):
    their words describe the noun before them, not the figure after."""
    out = []
    for m in _RELATIVE.finditer(s, 0, at):
        close = s.rfind(",", m.end(), at)
        if close >= 0 and not any(b < close and e > m.start() for b, e in spans) and ";" not in s[m.end() : close]:
            out.append((m.start(), close + 1))
    return out


def _nearest(rx: re.Pattern[str], terms: dict[str, str], own: str, right: str, left: str) -> str | None:
    """The measure of a word in the quote, else after the number, else the nearest before it."""
    if m := rx.search(own):
        return terms[_norm(m.group())]
    # After the number first: that text is cut at "and", a comma or a bracket, so a word there is this
    # figure's ("2,901 people have died and 5,530 have been injured"); before it, the nearest word.
    after = rx.search(right)
    before = list(rx.finditer(left))
    if before and _ADJACENT.fullmatch(left, before[-1].end()) and not (after and not right[: after.start()].strip()):
        return terms[_norm(before[-1].group())]  # "a magnitude 5.8 tremor destroyed": not "destroyed"
    if after:
        return terms[_norm(after.group())]
    return terms[_norm(before[-1].group())] if before else None
