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

import re
from dataclasses import dataclass

from summarizer.briefing.lexicon import lexicon
from summarizer.extract.actors import sides_in
from summarizer.extract.number_words import find_unit
from summarizer.schemas import Figure

_LABEL = re.compile(r"^\s*([^:.;]{2,80}?)\s*:\s")  # a list line: "<label>: <figures>"
# What may come between the figures of a list that share a measure: "deaths in Al Haouz, 452 in ...".
_WEEKDAY = re.compile(r"\b(?:on|since|by|from|until)\s+((?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b")
# A sentence's subject: a short proper name, "The" allowed, that no preposition opens ("By province").
_SUBJECT = re.compile(r"(?:The\s+)?(?!(?:In|By|For|At|On|From|With|Since|After|Before|During|His|Her|Its)\b)"
                      r"(?:[A-Z]|[a-z]+[A-Z])[\w’'&.-]*(?:\s+(?:[A-Z]|[a-z]+[A-Z])[\w’'&.-]*){0,4}")  # fmt: skip
_TIME_UNITS = {"hour", "day", "week", "month", "year", "decade"}
_CHANGE = re.compile(r"\b(?:up|down|rose|fell|increase|rise|decrease|drop|fall|decline|growth|gain)\b")
_CHANGE_GAP = re.compile(r"(?:[\s,;]|\b(?:up|down|rose|fell|an?|increase|rise|decrease|drop|fall|decline|growth|"
                         r"gain|of|by|or|and)\b)*")  # fmt: skip
_LIST_GAP = re.compile(r"(?:[\s,;]|\b(?:in|at|of|for|and|or|with|within|the)\b|[A-Z][\w’'-]*)*")
_GENERIC_NOUNS = {"people", "persons", "individuals", "others", "more", "times"}
_NAME_WORDS = 6  # a name further back in the clause is its subject's, not this number's scope
_LEFT_REACH = 110  # characters: further back a measure word is about another clause
_NOT_BOUNDS = {"date", "time", "year", "designation"}  # figures that do not end a segment
_CONNECTORS = re.compile(
    r"[\s,;:]*(?:(?:to|from|and|or|of|versus|vs\.?|compared\s+with|against|with|while|but|the|its|a|an)\b[\s,;:]*)*",
    re.I,
)
_RIGHT_STOP = re.compile(r"\s(?:and|but|while|whereas|with|compared)\s|[,;:()\[\]—–]|\.(?:\s|$)")
_NAME = re.compile(r"(?:[A-Z][\w’'&.-]*|[A-Z]{2,})(?:\s+(?:of\s+|de\s+|al-\s*)?[A-Z][\w’'&.-]*)*")
_LOCATIVE_NAME = re.compile(r"\b(?:in|of|within|across|for)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?(?=[A-Z])")
# A name right after a preposition on the left is the previous figure's ("72 km southwest of Marrakech at a
# depth of 18.5 km"); a name saying or measuring is the source ("the Institute put it at 7"), not a scope.
_AFTER_PREPOSITION = re.compile(r"\b(?:in|of|from|at|by|near|to|according\s+to)\s+(?:the\s+)?$", re.I)
_SOURCE_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:\w+\s+){0,2}?(?:said|says|say|put|puts|estimated|estimates|measured|reported|told|"
    r"announced|gave|gives|recorded\s+a\s+magnitude)\b"
)
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ean|can|ese|ish)")
_YEAR = re.compile(r"(?<![\d,.])(1[89]\d\d|20\d\d)(?!\d|,\d)")
_NOT_MODIFIERS = set(
    """the a an its their his her our this that these those total overall quarterly annual yearly monthly
    record group company net gross first second third fourth final latest new previous official provisional
    national whole same and or of in on at to for from by with as than about around which who what whose
    was were is are be been has have had will would its it they we he she said says expects reported
    estimated adjusted diluted higher lower more less share""".split()  # noqa: SIM905
)
_NOT_NAMES = set(
    """The A An In On At By Of For From To With Its It Their His Her This That These Those But And Or So As
    After Before Since Until During Under Over About Around Some More Less Only Just Nearly Almost
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec GMT UTC ET
    PT BST Our We They He She I Its""".split()  # noqa: SIM905
)


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
    left = s[left_bound:at]
    reach_from = left_bound
    if left_bound and _CONNECTORS.fullmatch(left):  # "with 21.81% and 87 seats": the words before both
        reach_from = 0
        left = _blank(s, spans, 0, at)
    if len(left) > _LEFT_REACH:  # whole words only
        left = left[-_LEFT_REACH:].split(" ", 1)[-1]
    right_full = s[end:right_bound]
    right = right_full[: m.start()] if (m := _RIGHT_STOP.search(right_full)) else right_full
    lex = lexicon()
    counted = figure.kind in ("count", "vague") and not (figure.unit and find_unit(figure.unit))
    # A count of a named thing ("23,292 voting stations") is that thing unless a word in the quote, right
    # after it or a verb just before it says more; words further back are about another count ("cast
    # their ballots at the country's 23,292 voting stations").
    specific = counted and bool(figure.unit) and figure.unit.split()[-1].lower() not in _GENERIC_NOUNS
    near_left = " ".join(left.split()[-3:]) if specific else left  # "shipped 11.8 million Lumen phones"
    near_right = " " + " ".join(right.split()[:1]) if specific else right  # not "objections from parties"
    name = _nearest(lex.term_re(counted), lex.terms, figure.quote, near_right, near_left)
    inherited: tuple[str, ...] = ()
    elliptic = name is None and left_bound and reach_from == left_bound  # "1,293 deaths in X, 452 in Y"
    if elliptic and (prev := _previous_measure(figure, neighbours, s, left_bound, story_year)):
        name, inherited = prev[0].name, prev[0].names if prev[1] else ()  # a change is of the same names
    own_left = s[left_bound:at][-_LEFT_REACH:]  # scope words: the figure's own segment, never the reach back
    scopes = sorted({lex.scope_terms[m.group()] for text in (own_left, right, figure.quote)
                     for m in lex.scope_re.finditer(text)})  # fmt: skip
    years = [y for y in _YEAR.findall(left + " " + right) if not story_year or int(y) != story_year]
    excluded = " ".join(filter(None, [figure.attributed_to, figure.quote]))
    after_figure = bool(left_bound) and reach_from == left_bound
    names = _names(_blank(s, spans, reach_from, at), right, excluded, reach_from == 0, after_figure, bool(name))
    names += _modifier(lex.term_re(counted), left, right)
    if (label := _LABEL.match(s)) and label.end() <= at:  # "Economic Freedom Fighters (EFF): 9.52%, 39 seats"
        names += _names(re.sub(r"\s*\([^)]*\)", "", label.group(1)), "", excluded)
    names = tuple(sorted(set(names) | set(inherited) | _acronyms(s, names)))
    return Measure(
        name=name,
        scopes=tuple(scopes),
        period=years[-1] if years else None,
        names=names,
        cumulative=name in lex.cumulative,
        when=m.group(1) if (m := _WEEKDAY.search(own_left + " " + right)) else None,
    )


def _previous_measure(
    figure: Figure, neighbours: list[Figure], s: str, left_bound: int, story_year: int | None
) -> tuple[Measure, bool] | None:
    """The measure a figure shares with the one before it in its sentence: in a list of the same kind
    ("1,293 deaths in Al Haouz, 452 in Taroudant"), or as its change ("revenue of $24.87 billion, an
    increase of 8.1 percent", "$8.63 billion, up 15.6 percent"): only names and such words between.
    With it, whether it is a change (which is of the same names as the figure before it)."""
    gap = s[left_bound : s.find(figure.quote)]
    change = bool(_CHANGE.search(gap))
    if not (_LIST_GAP.fullmatch(gap) or (change and _CHANGE_GAP.fullmatch(gap))):
        return None
    prev = [n for n in neighbours if n.sentence == s and n.quote != figure.quote and s.find(n.quote) >= 0
            and s.find(n.quote) + len(n.quote) == left_bound and (change or n.kind == figure.kind)]  # fmt: skip
    return (measure_of(prev[0], neighbours, story_year), change) if prev else None


def _bounds(figure: Figure) -> bool:
    """Whether a figure ends the segments of its neighbours: dates, times, years, names and spans of time
    ("Revenue for the three months to September rose to $24.9bn") do not."""
    return figure.kind not in _NOT_BOUNDS and not (figure.unit and find_unit(figure.unit) in _TIME_UNITS)


def _modifier(rx: re.Pattern[str], left: str, right: str) -> tuple[str, ...]:
    """The noun right before the measure word before the number that narrows it: "services revenue rose
    16%", "devices revenue of" ("total", "quarterly", verbs and the like do not narrow it)."""
    if rx.search(right):  # a word after the number is a verb's or a noun's: "of voters took part"
        return ()
    chosen, text = next(reversed(list(rx.finditer(left))), None), left
    if chosen is None:
        return ()
    word = re.search(r"(?<![\w-])([A-Za-z][a-z-]+)\s+$", text[: chosen.start()])
    w = word.group(1).lower() if word else ""
    if not w or w in _NOT_MODIFIERS or lexicon().terms.get(w) or w.endswith(("ed", "ing", "ly")):
        return ()
    return (w,)


def _acronyms(sentence: str, names: tuple[str, ...]) -> set[str]:
    """ "African National Congress (ANC)": the bracketed short form names the same thing."""
    return {m.group(1) for n in names if (m := re.search(re.escape(n) + r"\s*\(([A-Z][\w+&.-]{1,9})\)", sentence))}


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _blank(s: str, spans: list[tuple[int, int]], start: int, stop: int) -> str:
    """`s[start:stop]` with other figures' quotes blanked: their words are not this figure's measure."""
    chars = list(s[start:stop])
    for b, e in spans:
        for i in range(max(b, start), min(e, stop)):
            chars[i - start] = " "
    return "".join(chars)


def _nearest(rx: re.Pattern[str], terms: dict[str, str], own: str, right: str, left: str) -> str | None:
    """The measure of a word in the quote, else after the number, else the nearest before it."""
    if m := rx.search(own):
        return terms[_norm(m.group())]
    # After the number first: that text is cut at "and", a comma or a bracket, so a word there is this
    # figure's ("2,901 people have died and 5,530 have been injured"); before it, the nearest word.
    if after := rx.search(right):
        return terms[_norm(after.group())]
    before = list(rx.finditer(left))
    return terms[_norm(before[-1].group())] if before else None


def _names(
    left: str, right: str, excluded: str, opening: bool = False, after_figure: bool = False, sides: bool = False
) -> tuple[str, ...]:
    """Proper names just before the number in its clause ("Taroudant 980", "put the ANC on 40.2%", "The
    Democratic Alliance finished second with 21.81%"), the sentence's subject when only a verb stands
    between ("The Democratic Alliance, a pro-business party ..., won 21.8%"), and names after the number
    following a locative ("in Taroudant", "southwest of Marrakech"); less the source's, function words, a
    lone capitalised first word ("Services revenue rose 16%"), and the sides' unless `sides` (a figure
    with no measure word has an actor, which says those; "revenue from Greater China" has none)."""
    clause = re.split(r"[,;:()—–]", left)[-1]
    words = clause.split()
    near = " ".join(words[-_NAME_WORDS:]) if len(words) > _NAME_WORDS else clause
    found = [
        (m.group(), opening and len(words) <= _NAME_WORDS and not near[: m.start()].strip())
        for m in _NAME.finditer(near)
        if not (after_figure and _AFTER_PREPOSITION.search(near[: m.start()]))
        and not _SOURCE_AFTER.match(near[m.end() :])
    ]
    subject = left.split(",", 1)[0].strip()
    if opening and not found and len(words) <= 3 and "," in left and _SUBJECT.fullmatch(subject):
        found = [(m.group(), False) for m in _NAME.finditer(subject)]  # "The Democratic Alliance, a ..., won"
    found += [(m.group(), False) for loc in _LOCATIVE_NAME.finditer(right) if (m := _NAME.match(right, loc.end()))]
    out = []
    for text, first in found:
        name = " ".join(w for w in text.split() if w.rstrip(".,’'") not in _NOT_NAMES).rstrip(".’'")
        if not name or name in excluded or (sides_in(name) and not sides) or name.isdigit() or _DEMONYM.fullmatch(name):
            continue
        if name.lower() in lexicon().terms or (first and " " not in name and not name.isupper()):
            continue
        out.append(re.sub(r"[’']s$", "", name))
    return tuple(sorted(set(out)))
