"""The low-level scanner behind `quantities` and `figures`: where number, date and unit expressions sit.

Why our own scanner: text2num's `alpha2digit` rewrites text (so offsets are lost) and mangles "1.2 million"
into "1.2 1001000"; pint parses unit names but cannot find them in prose, and would happily read "hands",
"points" or "grains" as units; dateparser parses a date string but does not find dates inside a sentence.
So this module finds the expressions and their exact offsets; text2num, pint and dateparser then give values.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from text_to_num import text2num

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_ABBR_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH = rf"(?:{_FULL_MONTH}|{_ABBR_MONTH})"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_PART = r"(?i:(?:early|mid|late)[\s-]+|mid-)"
# Words before a bare month name that make it a date ("in August"), not a verb or a name ("May", "March").
MONTH_CONTEXT = {
    "in", "since", "until", "till", "by", "through", "throughout", "from", "during", "of", "before", "after",
    "last", "next", "this", "early", "late", "mid", "and", "or", "to", "between", "on",
}  # fmt: skip

UNITS = [  # (pattern, display name) longest first; display names are what `Figure.unit` carries
    (r"square\s+miles?|sq\.?\s*mi(?:les?)?\b", "square mile"),
    (r"square\s+kilomet(?:er|re)s?|sq\.?\s*km|km²|km2", "km²"),
    (r"square\s+met(?:er|re)s?|m²", "m²"),
    (r"hectares?", "hectare"),
    (r"acres?", "acre"),
    (r"nautical\s+miles?", "nautical mile"),
    (r"miles?", "mile"),
    (r"kilomet(?:er|re)s?|km", "km"),
    (r"met(?:er|re)s?", "m"),
    (r"millimet(?:er|re)s?|mm", "mm"),
    (r"centimet(?:er|re)s?|cm", "cm"),
    (r"feet|foot|ft", "foot"),
    (r"yards?", "yard"),
    (r"metric\s+tons?|tonnes?", "metric ton"),
    (r"tons?", "ton"),
    (r"kilograms?|kg", "kg"),
    (r"pounds?|lbs?", "pound"),
    (r"litres?|liters?", "liter"),
    (r"barrels?", "barrel"),
    (r"percentage\s+points?", "percentage point"),
    (r"percent|per\s+cent|%|pc", "percent"),  # "15pc": British papers' percent, written onto the number
    (r"hours?", "hour"),
    (r"days?", "day"),
    (r"weeks?", "week"),
    (r"months?", "month"),
    (r"years?", "year"),
    (r"decades?", "decade"),
]
_UNIT_RES = [(re.compile(rf"(?:{p})(?![\w²])", re.I), name) for p, name in UNITS]
CURRENCY_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "₴": "UAH", "₩": "KRW"}
CURRENCY_WORDS = [
    (r"(?:US\s+|U\.S\.\s+)?dollars?|USD", "USD"), (r"euros?|EUR", "EUR"), (r"rubles?|roubles?|RUB", "RUB"),
    (r"hryvnias?|hryvnia|UAH", "UAH"), (r"won|KRW", "KRW"), (r"yen|JPY", "JPY"), (r"yuan|CNY", "CNY"),
    (r"pounds\s+sterling|GBP", "GBP"),
]  # fmt: skip
_CURRENCY_RES = [(re.compile(rf"(?:{p})(?!\w)", re.I if code != "KRW" else 0), code) for p, code in CURRENCY_WORDS]

SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12}
_SCALE = r"(?:thousand|million|billion|trillion|bn|mn|tn)"
_ONES = """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen""".split()  # noqa: SIM905
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905
_WORD = r"(?:(?:" + "|".join(_TENS) + r")(?:-(?:" + "|".join(_ONES[1:10]) + r"))?|" + "|".join(_ONES)
_WORD += r"|hundred|thousand|million|billion|trillion)"
VAGUE_WORDS = r"(?:dozens|hundreds|thousands|millions|billions|tens|scores)"
_VAGUE = (
    r"(?:(?:several|a\s+few|many|a\s+couple\s+of)\s+(?:dozen|hundred|thousand|million|billion)\b"
    r"|(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)"
    r"|(?:dozens|hundreds|thousands|millions|billions)|several|a\s+few|a\s+handful\s+of)"
)
_FRACTION = r"halves|half|thirds?|quarters?|fifths?|tenths?"  # "two-thirds" is not the count "two"
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# Clock times: "16:30", "4:30 p.m.", "4.30pm", "11:11pm", "4pm", "9 a.m."; and with a zone, which makes a
# four-digit or dotted time unambiguous: "0830 GMT", "09.30 BST", "2211 UTC".
_ZONE = r"(?-i:GMT|UTC|BST|CET|CEST|EET|EEST|WET|WEST|ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|IST|JST|SAST|HKT)"
_AMPM = r"(?:[ap]\.m\.|[ap]\.m\b|[ap]m\b)"
_TIME = (
    rf"\b(?:[01]?\d|2[0-3]):[0-5]\d(?:\s*{_AMPM})?(?:\s+{_ZONE}\b)?"
    rf"|\b(?:1[0-2]|0?[1-9])(?:\.[0-5]\d)?\s*{_AMPM}(?:\s+{_ZONE}\b)?"
    rf"|\b(?:[01]\d|2[0-3])\.?[0-5]\d\s*{_ZONE}\b"
)
# Names with numbers, which count nothing: "Il-76", "Hwasong-15", "F16", "64GB", and a product or index
# name before a bare number ("Boeing 737", "iPhone 16", "Lumen 16 Pro", "S&P 500"): a capitalised name (not
# a function word, month or weekday, which is how sentences and dates start) and a number of at most four
# digits that no unit, scale or plural noun follows (those are amounts: "Around 300 people").
_NOT_NAMES = (
    r"(?:A|An|The|And|But|Or|Of|In|On|At|By|To|For|From|With|Since|Until|After|Before|About|Around|Nearly|"
    r"Almost|Some|Over|Under|More|Less|Fewer|Only|Just|Roughly|Approximately|Up|Than|All|Another|Of|Also|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"Those|These|Each|Every|Both|Exactly|Barely|Well|Perhaps|Between|Among|Including|Within|Estimated)\b"
)
_AMOUNT_AFTER = r"-|–|percent|per\s+cent|thousand|million|billion|bn\b|m\b|am\b|pm\b|[ap]\.m"
_DESIGNATION = (
    # "64GB", "1A", not "2014Chinese": a number glued to a word when text was joined is no designation
    r"\b[A-Z][A-Za-z]{0,11}-\d+[A-Za-z]*\b|\b[A-Z]{1,4}\d+[A-Za-z]*\b|\b\d+(?![A-Z][a-z]{2})[A-Z][A-Za-z0-9]*\b"
    rf"|\b(?:(?!{_NOT_NAMES})(?:[A-Z][a-z][A-Za-z]*|[A-Z]&[A-Z])\s\d{{1,4}}(?:[A-Z]\w*)?(?![\d:%]|[,.]\d|\s*(?:{_AMOUNT_AFTER}))"
    r"|[a-z]+[A-Z][A-Za-z]*\s\d{1,4}(?![\d:%]|[,.]\d))(?:\s(?:Pro|Max|Plus|Ultra|Mini|Air|Lite|[A-Z]{1,2})\b)*"
)
_CUR = r"(?:US\$|\$|€|£|₽|₴|₩)"
# "412m paid subscriptions": a bare "m" glued to a number is millions when counted things follow; "a 10m
# wall", "the 100m final" are metres.
_GLUED_MILLION = r"m(?=\s+(?:[a-z]+\s+){0,2}[a-z]{3,}s\b)"
_RANGE = re.compile(r"\s*(?:-|–|to)\s*")
_SCALE_IN = re.compile(rf"(?i:[\s-]*({_SCALE}|m)\b)$")
_FRACTION_CENTS = re.compile(r"\s+(cents?|pence)\b")

_PATTERNS = [
    ("iso", r"\b\d{4}-[01]\d-[0-3]\d\b"),
    ("date", rf"\b(?:{_PART})?{_MONTH}\s+{_DAY}(?:\s*(?:and|or|to|-|–)\s*{_DAY})?(?:,?\s+\d{{4}})?\b"),
    ("date", rf"\b(?:{_DAY}\s*(?:and|or|to|-|–)\s*)?{_DAY}\s+(?:of\s+)?{_FULL_MONTH}(?:,?\s+\d{{4}})?\b"),
    ("date", rf"\b(?:{_PART})?{_FULL_MONTH}(?:,?\s+\d{{4}})?\b"),
    ("time", _TIME),
    ("designation", _DESIGNATION),
    ("multiple", rf"\b(?:twice|thrice|(?:{_WORD}|\d+)\s+times)\b"),
    ("fraction", rf"\b(?:(?:an?|{_WORD})[\s-]+(?:{_FRACTION})|half(?!\s+an?\s+(?:million|billion)))\b"),
    ("money", rf"{_CUR}\s?{_NUM}(?:[\s-]*(?:{_SCALE}|[mkb])\b)?"),
    ("decade", r"\b(?:1[5-9]|20)\d0s\b|['’]\d0s\b"),
    ("ordinal", r"\b\d+(?:st|nd|rd|th)\b"),
    ("number", rf"(?<![\w.,])(?<![A-Za-z]-){_NUM}(?:[\s-]*{_SCALE}\b|{_GLUED_MILLION})?"),
    ("vague", rf"\b{_VAGUE}\b"),
    ("words", rf"\b(?:half\s+a\s+(?:million|billion)|an?\s+(?:dozen|hundred|thousand|million|billion)\b"
     rf"|(?:{_WORD}\s+)?dozen|{_WORD}(?:[\s-]+(?:and\s+)?{_WORD})*)\b(?!-(?:{_FRACTION}))"),
]  # fmt: skip
# Every pattern starts at the start of a word, at a currency sign or at an apostrophe ("’90s"): asking that
# first spares the scanner trying each pattern at every character. It changes no match.
_START = rf"(?:(?<!\w)(?=\w)|(?=(?i:{_CUR})|['’]))"
# Month names and designations are case-sensitive ("May", "Il-76"); the rest is not.
_ALTERNATIVES = "|".join(
    f"(?P<{k}{i}>{p if k in ('date', 'designation') else f'(?i:{p})'})" for i, (k, p) in enumerate(_PATTERNS)
)
_SCANNER = re.compile(f"{_START}(?:{_ALTERNATIVES})")
_KINDS = {f"{k}{i}": k for i, (k, _) in enumerate(_PATTERNS)}  # group name → kind


@dataclass
class Token:
    kind: (
        str  # iso | date | time | designation | multiple | fraction | money | decade | ordinal | number | vague | words
    )
    start: int
    end: int
    text: str
    value: float | None = None
    unit: str | None = None  # display unit or currency code found right after the number
    unit_end: int | None = None  # where that unit ends
    elliptic: bool = False  # a count whose noun an earlier count gives ("1,684 deaths, Taroudant 980")


def scan(text: str, bare_months: bool = False) -> list[Token]:
    """Every number-like expression in `text`, in order, with exact offsets. Permissive: callers filter.

    A month name alone ("August") counts only after a preposition, unless `bare_months` (for short quotes).
    """
    out: list[Token] = []
    pos = 0
    while m := _SCANNER.search(text, pos):
        kind = _KINDS[m.lastgroup or ""]
        start, end = m.span()
        pos = end
        if kind == "date" and not bare_months and not _bare_month_ok(text, start, m.group()):
            continue
        out.extend(_split_and(_token(kind, text, start, end), text))
    return _ranges(_elliptic_counts(out, text), text)


_NAMED = re.compile(r"(?P<name>.*\S)\s(?P<n>\d{1,4})$")
_ELLIPSIS_AFTER_COUNT = re.compile(r"\s+[a-z]+(?:\s+[a-z]+){0,2}\s*,\s*$")
_LIST_JOIN = re.compile(r"\s*(?:,|;|and|,\s*and)\s*")


def _elliptic_counts(tokens: list[Token], text: str) -> list[Token]:
    """ "Al Haouz recorded 1,684 deaths, Taroudant 980 and Chichaoua 202": after a count and its noun, a
    name and a number in a list are more counts of that noun, not a name like "Boeing 737"."""
    out: list[Token] = []
    for t in tokens:
        m = _NAMED.match(t.text) if t.kind == "designation" else None
        prev = out[-1] if out else None
        before = _last_visible(text, t.start)  # not text[: t.start]: a copy per token made long texts quadratic
        opens = before is None or before in '.!?:;“"'
        if m and opens and _COUNTED_NOUN.match(text, t.end):  # "Nearly 300 people" starts a sentence
            out.append(_token("number", text, t.start + m.start("n"), t.start + m.end("n")))
            continue
        if m and prev and prev.value is not None and prev.kind in ("number", "words"):
            between = text[prev.end : t.start]
            if (prev.elliptic and _LIST_JOIN.fullmatch(between)) or _ELLIPSIS_AFTER_COUNT.fullmatch(between):
                n = _token("number", text, t.start + m.start("n"), t.start + m.end("n"))
                n.elliptic = True
                out.append(n)
                continue
        out.append(t)
    return out


_COUNTED_NOUN = re.compile(r"\s+(?:[a-z]+s|people|men|women|children)\b")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+\S*$")
_BETWEEN_REACH = 300  # characters before a range that can hold its "between"


def _last_visible(text: str, at: int) -> str | None:
    """The last character before `at` that is not white space, or None."""
    while at and text[at - 1].isspace():
        at -= 1
    return text[at - 1] if at else None


def _split_and(tok: Token, text: str) -> list[Token]:
    """ "one and three" is two numbers ("between one and three seats"); "two hundred and fifty" is one."""
    m = re.search(r"\s+and\s+", tok.text)
    if tok.kind != "words" or not m or re.search(r"(?:hundred|thousand|million|billion)$", tok.text[: m.start()]):
        return [tok]
    a, b = tok.start + m.start(), tok.start + m.end()
    return [
        *_split_and(_token("words", text, tok.start, a), text),
        *_split_and(_token("words", text, b, tok.end), text),
    ]


def _ranges(tokens: list[Token], text: str) -> list[Token]:
    """A range's first number takes what the second states for both: "$27.5-28.5 billion" is $27.5bn,
    "5-6%" is 5%, "between 5 and 6 million" is 5 million; its quote then reaches the shared word."""
    amounts = ("number", "money", "percent", "words")
    for a, b in itertools.pairwise(tokens):
        if a.kind not in amounts or b.kind not in amounts or a.value is None or b.value is None:
            continue
        between = text[a.end : b.start]
        if not (
            _RANGE.fullmatch(between)
            or (
                re.fullmatch(r"\s+and\s+", between)
                and _BETWEEN_BEFORE.search(text, max(0, a.start - _BETWEEN_REACH), a.start)
            )
        ):
            continue  # fmt: skip
        if (m := _SCALE_IN.search(b.text)) and not _SCALE_IN.search(a.text):
            a.value *= SCALES.get(m.group(1).lower(), 1e6)
            a.unit_end = max(a.unit_end or a.end, b.end)
        if b.unit and not a.unit and b.kind != "words":
            a.unit, a.kind, a.unit_end = b.unit, b.kind, max(a.unit_end or a.end, b.unit_end or b.end)
        elif a.kind == "money" and b.kind == "number" and not b.unit:
            b.unit, b.kind, b.unit_end = a.unit, "money", b.end
    return tokens


def _bare_month_ok(text: str, start: int, s: str) -> bool:
    if re.search(r"\d", s) or re.match(_PART, s, re.I):
        return True
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 20) : start])
    return bool(before) and before[-1].lower() in MONTH_CONTEXT


def _token(kind: str, text: str, start: int, end: int) -> Token:
    s = text[start:end]
    tok = Token(kind, start, end, s)
    if kind in ("number", "money", "words", "ordinal", "decade"):
        tok.value = word_value(s) if kind == "words" else digits_value(s)
    elif kind in ("multiple", "fraction"):
        tok.value = multiple_value(s) if kind == "multiple" else fraction_value(s)
    if kind == "money":
        tok.unit = next(code for sym, code in CURRENCY_SYMBOLS.items() if s.startswith(sym))
        tok.unit_end = end
    if kind in ("number", "words") and (c := _FRACTION_CENTS.match(text, end)) and tok.value is not None:
        tok.kind, tok.value, tok.unit_end = "money", tok.value / 100, c.end()  # "28 cents" is $0.28
        tok.unit = "GBP" if c.group(1) == "pence" else "USD"
    elif kind in ("number", "words", "vague"):
        unit, unit_end = unit_after(text, end, allow_of=kind == "vague")
        if unit:
            tok.unit, tok.unit_end = unit, unit_end
            if unit in CURRENCY_SYMBOLS.values() and kind != "vague":
                tok.kind = "money"
            elif unit in ("percent", "percentage point") and kind != "vague":
                tok.kind = "percent"
    return tok


def unit_after(text: str, end: int, allow_of: bool = False) -> tuple[str | None, int]:
    """A measurement unit or currency right after a number ("400 square miles", "4,000-mile", "5%")."""
    # matched at `end`, not on a copy of the rest of the paragraph: that made long paragraphs quadratic
    m = re.compile(r"\s+of\s+" if allow_of else r"(?:\s*-\s*|\s+)?").match(text, end)
    if not m and allow_of:
        return None, end
    at = m.end() if m else end
    for rx, name in _UNIT_RES:
        if u := rx.match(text, at):
            if (name == "percent" and u.group() in ("%", "pc") and at != end) or u.group() == "PC":
                continue
            return name, u.end()
    for rx, code in _CURRENCY_RES:
        if u := rx.match(text, at):
            return code, u.end()
    return None, end


def find_unit(name: str) -> str | None:
    """The display name of a unit written any way ("square miles", "sq km", "%"), or None."""
    s = name.strip()
    for rx, display in _UNIT_RES:
        if rx.fullmatch(s):
            return display
    return None


def find_currency(name: str) -> str | None:
    s = name.strip()
    if s in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[s]
    if s.upper() in CURRENCY_SYMBOLS.values():
        return s.upper()
    return next((code for rx, code in _CURRENCY_RES if rx.fullmatch(s)), None)


def digits_value(s: str) -> float | None:
    """ "5,000" → 5000, "1.2 million" → 1.2e6, "$2.5bn" → 2.5e9, "11th" → 11, "1950s" → 1950."""
    m = re.search(r"(\d[\d,]*(?:\.\d+)?|\.\d+)(?:[\s-]*([A-Za-z]+))?", s)
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    scale = (m.group(2) or "").lower()
    if scale in SCALES:
        value *= SCALES[scale]
    elif scale in ("m", "k", "b") and (re.match(_CUR, s) or re.fullmatch(r"[\d.,]+m", s)):
        value *= {"m": 1e6, "k": 1e3, "b": 1e9}[scale]
    if re.fullmatch(r"['’]\d0s", s):
        value += 1900
    return value


def word_value(s: str) -> float | None:
    """ "three" → 3, "thirty-five" → 35, "a dozen" → 12, "half a million" → 500000 (text2num reads words)."""
    words = re.sub(r"\s+", " ", s.strip().lower())
    if m := re.fullmatch(r"half an? (million|billion)", words):
        return SCALES[m.group(1)] / 2
    if m := re.fullmatch(r"(?:(an?) |(.+) )?dozen", words):
        base = 1.0 if m.group(1) or not m.group(2) else word_value(m.group(2))
        return None if base is None else base * 12
    words = re.sub(r"^an? ", "one ", words)
    try:
        return float(text2num(words, "en"))
    except ValueError:
        return None


_TIMES = {"twice": 2.0, "thrice": 3.0}
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}


def multiple_value(s: str) -> float | None:
    """ "twice" → 2, "three times" → 3, "10 times" → 10."""
    words = s.lower().split()
    if words[0] in _TIMES:
        return _TIMES[words[0]]
    return digits_value(words[0]) if words[0][0].isdigit() else word_value(" ".join(words[:-1]))


def fraction_value(s: str) -> float | None:
    """ "half" → 0.5, "a third" → 1/3, "two-thirds" → 2/3, "three quarters" → 0.75."""
    parts = re.split(r"[\s-]+", s.lower())
    denominator = _DENOMINATORS.get(parts[-1].removesuffix("s")) or _DENOMINATORS.get(parts[-1])
    numerator = 1.0 if len(parts) == 1 or parts[0] in ("a", "an") else word_value(" ".join(parts[:-1]))
    return numerator / denominator if numerator and denominator else None


def time_value(s: str) -> str | None:
    """ "14:30" → "14:30", "2:30 p.m." → "14:30", "9 a.m." → "09:00", "4.30pm" → "16:30",
    "0830 GMT" → "08:30" (the clock as written; the zone is not converted)."""
    m = re.match(r"(\d{1,2})(?:[:.]?(\d{2}))?\s*([ap](?=\.?m))?", s.strip(), re.I)
    if not m:
        return None
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"
