"""The low-level scanner behind `quantities` and `figures`: where number, date and unit expressions sit.

Why our own scanner: text2num's `alpha2digit` rewrites text (so offsets are lost) and mangles "1.2 million"
into "1.2 1001000"; pint parses unit names but cannot find them in prose, and would happily read "hands",
"points" or "grains" as units; dateparser parses a date string but does not find dates inside a sentence.
So this module finds the expressions and their exact offsets; text2num, pint and dateparser then give values.
"""

from __future__ import annotations

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
    (r"percent|per\s+cent|%", "percent"),
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
_CUR = r"(?:US\$|\$|€|£|₽|₴|₩)"

_PATTERNS = [
    ("iso", r"\b\d{4}-[01]\d-[0-3]\d\b"),
    ("date", rf"\b(?:{_PART})?{_MONTH}\s+{_DAY}(?:\s*(?:and|or|to|-|–)\s*{_DAY})?(?:,?\s+\d{{4}})?\b"),
    ("date", rf"\b{_DAY}\s+(?:of\s+)?{_FULL_MONTH}(?:,?\s+\d{{4}})?\b"),
    ("date", rf"\b(?:{_PART})?{_FULL_MONTH}(?:,?\s+\d{{4}})?\b"),
    ("time", r"\b(?:[01]?\d|2[0-3]):[0-5]\d(?:\s*[ap]\.?m\.?)?|\b(?:1[0-2]|[1-9])\s*[ap]\.m\."),
    ("designation", r"\b[A-Z][A-Za-z]{0,5}-\d+[A-Za-z]*\b|\b[A-Z]{1,4}\d+[A-Za-z]*\b"
     r"|\b\d+[A-Z][A-Za-z0-9]*\b"),
    ("money", rf"{_CUR}\s?{_NUM}(?:[\s-]*(?:{_SCALE}|[mkb])\b)?"),
    ("decade", r"\b(?:1[5-9]|20)\d0s\b|['’]\d0s\b"),
    ("ordinal", r"\b\d+(?:st|nd|rd|th)\b"),
    ("number", rf"(?<![\w.,])(?<![A-Za-z]-){_NUM}(?:[\s-]*{_SCALE}\b)?"),
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
    kind: str  # iso | date | time | designation | money | decade | ordinal | number | vague | words
    start: int
    end: int
    text: str
    value: float | None = None
    unit: str | None = None  # display unit or currency code found right after the number
    unit_end: int | None = None  # where that unit ends


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
        out.append(_token(kind, text, start, end))
    return out


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
    if kind == "money":
        tok.unit = next(code for sym, code in CURRENCY_SYMBOLS.items() if s.startswith(sym))
        tok.unit_end = end
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
            if name == "percent" and u.group() == "%" and at != end:
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
    elif scale in ("m", "k", "b") and re.match(_CUR, s):
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


def time_value(s: str) -> str | None:
    """ "14:30" → "14:30", "2:30 p.m." → "14:30", "9 a.m." → "09:00"."""
    m = re.match(r"(\d{1,2})(?::(\d{2}))?\s*([ap])?", s.strip(), re.I)
    if not m:
        return None
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"
