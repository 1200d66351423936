"""The names a figure is about, read from its sentence: a province, a party, a segment ("Al Haouz",
"Democratic Alliance", "services"). Used by `measure`: values naming different things are different
quantities. Proper names just before the number in its clause, the sentence's subject when only a verb
stands between, names after the number following a locative ("in Taroudant"), the noun that narrows a
measure word ("services revenue"), and a bracketed short form ("African National Congress (ANC)").
"""

from __future__ import annotations

import re

from summarizer.briefing.lexicon import lexicon
from summarizer.extract.actors import sides_in

# A sentence's subject: a short proper name, "The" allowed, that no preposition opens ("By province").
_SUBJECT = re.compile(r"(?!(?:In|By|For|At|On|From|With|Since|After|Before|During|His|Her|Its)\b)(?:The\s+)?"
                      r"(?:[a-z][\w-]*\s+|[A-Z][a-z]+\s+(?=[a-z])){0,3}"  # "The main opposition", "Former president"
                      r"(?:[A-Z]|[a-z]+[A-Z])[\w’'&.-]*(?:\s+(?:[A-Z]|[a-z]+[A-Z])[\w’'&.-]*){0,4}")  # fmt: skip
_NAME_WORDS = 6  # a name further back in the clause is its subject's, not this number's scope
# never from within a word: "GAAP" of "non-GAAP" is no name, nor "AAP" of "GAAP"
# A word of a name: capitalised, or with a lowercase prefix as some languages write them ("uMkhonto weSizwe").
_WORD = r"(?:[A-Z][\w’'&.-]*|(?<![\w’'&.-])[a-z]{1,2}[A-Z][\w’'&.-]*)"
_NAME = re.compile(rf"(?<![\w’'&.]-)(?<![A-Z])(?:{_WORD}|[A-Z]{{2,}})(?:\s+(?:of\s+|de\s+|al-\s*)?{_WORD})*")
# A relative clause's antecedent, the name right before it: "the Inkatha Freedom Party (IFP), which had 3.9%",
# "Greater China, where sales fell 6pc": the figure in the clause is about it.
_RELATIVE_OPEN = re.compile(r"\s*(?:which|who|where)\b")
_ANTECEDENT = re.compile(rf"((?:{_WORD}|[A-Z]{{2,}})(?:\s+(?:of\s+|de\s+|al-\s*)?{_WORD})*)\s*(?:\([^)]*\)\s*)?[,—–]$")
# A place further after the number is another clause's: "an 8pc rise in quarterly sales ... offset a decline in China".
_LOCATIVE_REACH = 40  # characters
# An antecedent described by whom it belongs to: "the uMkhonto weSizwe Party of former president Jacob Zuma, which
# won more than 14%": the clause is the party's, the name before "of" and a title.
_HELD_BY = re.compile(rf"((?:{_WORD}|[A-Z]{{2,}})(?:\s+{_WORD})*)\s+of\s+(?:[a-z-]+\s+){{1,3}}$")
_LOCATIVE_NAME = re.compile(r"\b(?:in|of|within|across|for)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?(?=[A-Z])")
# A name right after a preposition on the left is the previous figure's ("72 km southwest of Marrakech at a
# depth of 18.5 km"); a name saying or measuring is the source ("the Institute put it at 7"), not a scope.
_AFTER_PREPOSITION = re.compile(r"\b(?:in|of|from|at|by|near|to|according\s+to)\s+(?:the\s+)?$", re.I)
# A name a figure is given under is its source, not its scope: "according to the EMSC", "in terms of the
# Constitution", "under the Electoral Act".
_SOURCE_BEFORE = re.compile(r"\b(?:according\s+to|in\s+terms\s+of|under)\s+(?:the\s+)?$", re.I)
_SOURCE_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:\w+\s+){0,2}?(?:said|says|say|put|puts|estimated|estimates|measured|reported|told|"
    r"announced|gave|gives|recorded\s+a\s+magnitude)\b"
)
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ean|can|ese|ish)")
_NOT_MODIFIERS = set(
    """the a an its their his her our this that these those total overall quarterly annual yearly monthly
    record group company net gross first second third fourth final latest new previous official provisional
    national whole same and or of in on at to for from by with as than about around which who what whose
    was were is are be been has have had will would its it they we he she said says expects reported where when
    estimated adjusted diluted higher lower more less share
    one two three four five six seven eight nine ten both several many few hundred thousand million billion trillion
    dozen dozens hundreds thousands millions""".split()  # noqa: SIM905
)  # number words count the things they stand before ("the two parties"), they do not narrow a measure
# A period written before a measure word says when, not what: "fourth-quarter revenue", "full-year profit".
_PERIOD = re.compile(r"(?:first|second|third|fourth|full|half|holiday|current|next|last|prior)-\w+$")
# A segment's name before its word: "the company's services segment ... reported revenue of $8.63 billion".
_SEGMENT = re.compile(r"\b([a-z][a-z-]+)\s+(?:segment|division|business|unit|arm)\b")
# A subject naming a place or a segment: "Sales in Greater China, the third-largest market, fell to".
_SUBJECT_LOCATIVE = re.compile(r"^\s*(?:The\s+)?[A-Za-z-]+\s+(?:in|from|of|for)\s+(?:the\s+)?(?=[A-Z])")
# A sentence opening at a place scopes what its sentence counts: "At the Mohammed VI University Hospital, the
# emergency department received more than 300 injured people", "In KwaZulu-Natal, the MK party won 45%"; the
# place may be given by its kind: "In the village of Asni, about 50 km south of Marrakech, ...".
_OPENING_PLACE = re.compile(
    r"^\s*(?:At|In)\s+(?:the\s+)?(?:(?:[a-z]+\s+)?(?:village|town|city|province|region|"
    r"district|county|state|municipality)\s+of\s+)?(?=[A-Z][\w’'&.-]*(?:\s+[A-Z0-9][\w’'&.-]*)*\s*,)"
)
_BEARING = re.compile(r"\b(?:(?:north|south)(?:-?(?:east|west))?|east|west)\s*$", re.I)  # "50 km south" of a place
_NOT_NAMES = set(
    """The A An In On At By Of For From To With Its It Their His Her This That These Those But And Or So As
    After Before Since Until During Under Over About Around Some More Less Only Just Nearly Almost
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec GMT UTC ET
    PT BST Our We They He She I Its""".split()  # noqa: SIM905
)


def modifier(rx: re.Pattern[str], left: str, right: str) -> tuple[str, ...]:
    """The noun right before the measure word before the number that narrows it: "services revenue rose
    16%", "devices revenue of" ("total", "quarterly", verbs and the like do not narrow it)."""
    if rx.search(right):  # a word after the number is a verb's or a noun's: "of voters took part"
        return ()
    chosen, text = next(reversed(list(rx.finditer(left))), None), left
    if chosen is None:
        return ()
    word = re.search(r"(?<![\w-])([A-Za-z][a-z-]+)\s+$", text[: chosen.start()])
    w = word.group(1).lower() if word else ""
    if not w or w in _NOT_MODIFIERS or lexicon().terms.get(w) or w.endswith(("ed", "ing", "ly")) or _PERIOD.match(w):
        return ()
    return (singular(w),)


def hyphened(after: str) -> str:
    """The word a hyphen joins to a number, from the text right after it ("-seat National Assembly" → " seat"),
    else ""."""
    return " " + m.group(1) if (m := re.match(r"-([a-z]+)\b", after)) else ""


def singular(word: str) -> str:
    """ "devices" → "device": a narrowing noun written either way names one thing ("Device revenue",
    "Devices revenue"); "gross", "bus" and short words stay."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def measured(text: str) -> bool:
    """Whether `text` ends with a measure word: "sales in Greater China fell 6.2%" names what fell, though a
    figure comes before it in the sentence ("72 km southwest of Marrakech" names the figure before)."""
    return any(m.end() == len(text.rstrip()) for c in (True, False) for m in lexicon().term_re(c).finditer(text))


def acronyms(sentence: str, names: tuple[str, ...]) -> set[str]:
    """ "African National Congress (ANC)": the bracketed short form names the same thing."""
    return {m.group(1) for n in names if (m := re.search(re.escape(n) + r"\s*\(([A-Z][\w+&.-]{1,9})\)", sentence))}


def names_near(
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
    lead = " ".join(words[:-_NAME_WORDS]) + " " if len(words) > _NAME_WORDS else ""  # the clause before `near`
    found = [
        (m.group(), opening and len(words) <= _NAME_WORDS and not near[: m.start()].strip())
        for m in _NAME.finditer(near)
        if not (
            after_figure and (p := _AFTER_PREPOSITION.search(near[: m.start()])) and not measured(near[: p.start()])
        )
        and not _SOURCE_AFTER.match(near[m.end() :])
        and not _SOURCE_BEFORE.search(lead + near[: m.start()])
    ]
    if not found and _RELATIVE_OPEN.match(clause) and (ante := _ANTECEDENT.search(left[: -len(clause) or None])):
        before = left[: -len(clause) or None][: ante.start()]
        head = _HELD_BY.search(before)  # "the uMkhonto weSizwe Party of former president Jacob Zuma, which won"
        found = [(head.group(1) if head else ante.group(1), False)]  # "the far-left Economic Freedom Fighters, which"
    subject = left.split(",", 1)[0].strip()
    if opening and not found and len(words) <= 3 and "," in left and _SUBJECT.fullmatch(subject):
        found = [
            (m.group(), False) for m in list(_NAME.finditer(subject))[-1:]
        ]  # "The Democratic Alliance, a ..., won"
    loc = (_SUBJECT_LOCATIVE.match(left) or _OPENING_PLACE.match(left)) if opening else None
    place = _NAME.match(left, loc.end()) if loc else None
    # a bearing from a place is the opening place's: "In the village of Asni, about 50 km south of Marrakech": Asni's
    found += [(m.group(), False) for at in _LOCATIVE_NAME.finditer(right) if at.start() <= _LOCATIVE_REACH
              and not (place and _BEARING.search(right[: at.start()]))
              and (m := _NAME.match(right, at.end()))]  # fmt: skip
    if place:
        found.append((place.group(), False))
    out = [singular(m.group(1)) for m in _SEGMENT.finditer(left) if m.group(1) not in _NOT_MODIFIERS] if opening else []
    for text, first in found:
        # a function word, weekday or month, possessive or not ("Wednesday's national election"), names nothing
        name = " ".join(w for w in text.split() if re.sub(r"[’']s$", "", w.rstrip(".,’'")) not in _NOT_NAMES).rstrip(
            ".’'"
        )
        if not name or name in excluded or (sides_in(name) and not sides) or name.isdigit() or _DEMONYM.fullmatch(name):
            continue
        if name.lower() in lexicon().terms or (first and " " not in name and not name.isupper()):
            continue
        # the thing possessed is the name: "Jacob Zuma's uMkhonto weSizwe Party" is the party
        out.append(re.sub(r"[’']s$", "", re.split(r"[’']s\s+", name)[-1]))
    return tuple(sorted(set(out)))
