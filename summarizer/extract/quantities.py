"""Numbers, units and dates: parse them, put them in a canonical unit, check that a quote states a value.

Pure functions used by `figures`, the eval harness and the cross-article ledger. The libraries do the parts
they are good at: text2num reads number words, pint converts units, dateparser reads date strings. The glue
is ours because no library covers it: finding the expression inside a quote (see `number_words`), keeping
a missing year missing (dateparser fills in the current year), telling a counted noun ("troops") from a
unit, and the grounding check `states_value`.
"""

from __future__ import annotations

import datetime
import math
import re
import warnings
from functools import cache

import pint

from summarizer.extract.number_words import (
    MONTHS,
    VAGUE_WORDS,
    Token,
    digits_value,
    find_currency,
    find_unit,
    scan,
    time_value,
    word_value,
)

__all__ = ["comparable", "normalize", "parse_date", "parse_number", "same_value", "states_value"]

HEDGES = (
    "as many as", "as high as", "as much as", "as few as", "as low as", "at least", "at most", "up to",
    "more than", "less than", "fewer than", "well over", "just over", "just under", "nearly", "almost",
    "about", "around", "approximately", "roughly", "some", "over", "under", "close to", "upwards of",
    "an estimated", "estimated", "only", "just", "below", "above", "barely", "no later than", "no more than",
)  # fmt: skip
_HEDGE_PREFIX = re.compile(r"^(?:" + "|".join(h.replace(" ", r"\s+") for h in HEDGES) + r")\s+", re.I)

# display unit → (pint unit, canonical display unit)
_PINT = {
    "square mile": "mile**2", "km²": "km**2", "m²": "m**2", "hectare": "hectare", "acre": "acre",
    "nautical mile": "nautical_mile", "mile": "mile", "km": "km", "m": "m", "mm": "mm", "cm": "cm",
    "foot": "foot", "yard": "yard", "metric ton": "metric_ton", "ton": "short_ton", "kg": "kg",
    "pound": "pound", "liter": "liter", "barrel": "oil_barrel", "hour": "hour", "day": "day",
    "week": "week", "month": "month", "year": "year", "decade": "decade",
}  # fmt: skip
_CANONICAL = {"[length]": "km", "[length] ** 2": "km²", "[mass]": "t", "[length] ** 3": "m³", "[time]": "day"}
_CANONICAL_PINT = {"km": "km", "km²": "km**2", "t": "metric_ton", "m³": "m**3", "day": "day"}
_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "people": "people", "feet": "foot"}
_DATE_LEAD = r"^(?:on |in |the (?:night|morning|evening|afternoon|end|beginning|start|middle) of )"
_VAGUE_RE = re.compile(rf"\b(?:{VAGUE_WORDS}|several|a\s+few|a\s+handful|dozen)\b", re.I)


@cache
def _ureg() -> pint.UnitRegistry:
    # pint parses its definitions file on every start (0.13 s) unless it may cache them on disk
    return pint.UnitRegistry(cache_folder=":auto:")


def parse_number(text: str) -> float | None:
    """ "5,000" → 5000, "1.2 million" → 1.2e6, "2.5bn" → 2.5e9, "thirty-five" → 35, "a dozen" → 12; else None.

    A leading hedge ("about"), a currency symbol and a trailing "%" are allowed; anything else → None.
    """
    s = _HEDGE_PREFIX.sub("", text.strip().strip("“”\"'()")).strip()
    if not s:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?(?:bn|mn|tn|k)", s, re.I):  # "2.5bn": the scanner wants a word boundary
        return digits_value(s if s[-1].lower() != "k" else s[:-1] + " thousand")
    tokens = scan(s)
    if len(tokens) != 1 or (tokens[0].start, tokens[0].end) != (0, len(s)):
        tokens = [t for t in tokens if t.unit_end == len(s) and t.start == 0]  # "40%", "5 dollars"
        if len(tokens) != 1:
            return None
    t = tokens[0]
    if t.kind in ("number", "money", "percent", "decade", "ordinal"):
        return t.value if t.kind != "ordinal" else None
    return word_value(s) if t.kind == "words" else None


def parse_date(text: str, year: int | None = None) -> str | None:
    """ "October 23" → "--10-23" ("2024-10-23" with year=2024); "November 1, 2024" → "2024-11-01";
    "early August" → "--08" ("2024-08" with year); "2022" → "2022". A year the text does not state stays
    missing unless `year` is given. Relative dates ("next week", "Friday") → None.
    """
    s = re.sub(r"\s+", " ", text.strip().strip(".,"))
    s = re.sub(
        r"^(?:on |in |the (?:night|morning|evening|afternoon|end|beginning|start|middle) of )",
        "",
        s,
        flags=re.I,
    )
    s = re.sub(r"^(?:early|mid|late)[ -]|^mid-", "", s, flags=re.I)
    if re.fullmatch(r"\d{4}", s):
        return s
    if m := re.fullmatch(r"(\d{4})-([01]\d)-([0-3]\d)", s):
        return s if _valid(int(m[1]), int(m[2]), int(m[3])) else None
    s = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", s)
    if not re.search(r"[A-Za-z]", s) or not any(w.lower().rstrip(".") in MONTHS for w in re.findall(r"[A-Za-z.]+", s)):
        return None  # only calendar dates: weekdays and relative words are not dates we can pin down
    if (direct := _calendar_date(s, year)) is not None:
        return direct or None
    parsed = [_dateparser(s, base) for base in (2000, 2004)]  # two leap years: a filled-in year differs
    if parsed[0] is None or parsed[1] is None:
        return None
    (d0, period), (d1, _) = parsed
    stated = d0.year == d1.year
    y = d0.year if stated else year
    prefix = f"{y:04d}" if y is not None else "-"
    if period == "month":
        return f"{prefix}-{d0.month:02d}"
    if period != "day":
        return None
    return f"{prefix}-{d0.month:02d}-{d0.day:02d}"


_CALENDAR = (
    re.compile(r"(?P<mon>[A-Za-z]+)\.?(?: (?P<day>\d{1,2}))?(?:,? (?P<year>\d{4}))?"),
    re.compile(r"(?P<day>\d{1,2}) (?P<mon>[A-Za-z]+)\.?(?:,? (?P<year>\d{4}))?"),
)


def _calendar_date(s: str, year: int | None) -> str | None:
    """The plain English forms ("October 23", "November 1, 2024", "1 November 2024", "August") read
    directly: dateparser spends about half a second warming up, which a cached run would pay for nothing.
    None: not such a form (ask dateparser); "": such a form naming no real day (February 30)."""
    m = next((m for p in _CALENDAR if (m := p.fullmatch(s))), None)
    month = MONTHS.get(m["mon"].lower()) if m else None
    if m is None or month is None:
        return None
    y = int(m["year"]) if m["year"] else year
    if m["day"] and not _valid(y or 2000, month, int(m["day"])):  # 2000: a leap year admits February 29
        return ""
    prefix = f"{y:04d}" if y is not None else "-"
    return f"{prefix}-{month:02d}" + (f"-{int(m['day']):02d}" if m["day"] else "")


def _valid(y: int, m: int, d: int) -> bool:
    try:
        datetime.date(y, m, d)
    except ValueError:
        return False
    return True


def _dateparser(s: str, base_year: int) -> tuple[datetime.datetime, str] | None:
    from dateparser.date import DateDataParser  # slow import; only when a date is parsed

    settings = {
        "RELATIVE_BASE": datetime.datetime(base_year, 6, 15),
        "PARSERS": ["custom-formats", "absolute-time"],  # no "relative-time": "next week" is not a date here
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["month"],
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(s)
    if data.date_obj is None:
        return None
    return data.date_obj, data.period or "day"


def _singular(word: str) -> str:
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if re.search(r"[^aeiou]ies$", w):
        return w[:-3] + "y"
    if re.search(r"(?:ss|x|ch|sh)es$", w):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def normalize(value: float, unit: str | None) -> tuple[float, str | None]:
    """Convert to one canonical unit: areas → "km²", lengths → "km", masses → "t", durations → "day";
    "%"/"percent" → "percent"; currencies → ISO code; a counted noun → lowercased, singular ("troop").
    """
    if unit is None or not unit.strip():
        return value, None
    display = find_unit(unit)
    if display in ("percent", "percentage point"):
        return value, display
    if display is None:
        if code := find_currency(unit):
            return value, code
        words = unit.strip().split()
        return value, " ".join([w.lower() for w in words[:-1]] + [_singular(words[-1])])
    ureg = _ureg()
    q = ureg.Quantity(value, _PINT[display])
    canonical = _CANONICAL.get(str(q.dimensionality))
    if canonical is None:
        return value, display
    return float(q.to(_CANONICAL_PINT[canonical]).magnitude), canonical


def same_value(a: float, b: float, rel_tol: float = 0.02) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=1e-9)


def comparable(unit_a: str | None, unit_b: str | None) -> bool:
    """Same canonical unit after `normalize` (None and None are comparable: plain numbers)."""
    return normalize(1.0, unit_a)[1] == normalize(1.0, unit_b)[1]


def states_value(quote: str, value: float | str | None, unit: str | None = None) -> bool:
    """Whether some number or date expression in `quote` is `value` (in `unit`, when the quote names a unit).

    Dates are compared as strings, a year the quote does not state is not held against it ("October 23"
    states "2024-10-23"); value None (a vague figure) holds when the quote has a vague quantity word.
    """
    if value is None:
        return bool(_VAGUE_RE.search(quote))
    tokens = scan(quote, bare_months=isinstance(value, str))
    if isinstance(value, str):
        return any(_date_matches(d, value) for t in tokens for d in _token_dates(t))
    numbers = [t for t in tokens if t.value is not None] + _named_numbers(tokens)
    for t in numbers:
        assert t.value is not None
        if t.unit and unit and _is_measure(t.unit) and _is_measure(unit):
            if not comparable(t.unit, unit):
                continue
            va, _ = normalize(t.value, t.unit)
            vb, _ = normalize(value, unit)
            if same_value(va, vb):
                return True
            continue
        if same_value(t.value, value):
            return True
    if unit and " per " in unit:  # a ratio: "one interpreter ... for every 30" states 1/30
        vals = [t.value for t in numbers if t.value]
        return any(same_value(a / b, value) for a in vals for b in vals if a is not b)
    return False


def _named_numbers(tokens: list[Token]) -> list[Token]:
    """The numbers in names ("Taroudant 980" quoted out of "1,684 deaths, Taroudant 980"): a quote that
    holds one does state it, though the scanner alone cannot tell a name from an elliptic count."""
    out = []
    for t in tokens:
        if t.kind == "designation" and (m := re.search(r"\s(\d{1,4})$", t.text)):
            out.append(Token("number", t.start + m.start(1), t.end, m.group(1), float(m.group(1))))
    return out


def _is_measure(unit: str) -> bool:
    return find_unit(unit) is not None or find_currency(unit) is not None


def _token_dates(t: Token) -> list[str]:
    if t.kind == "iso":
        return [t.text]
    if t.kind == "date":
        if m := re.search(r"(\d{1,2})(?:st|nd|rd|th)?\s*(?:and|or|to|-|–)\s*(\d{1,2})", t.text):
            first = t.text[: m.start()] + m.group(1) + t.text[m.end() :]
            second = t.text[: m.start()] + m.group(2) + t.text[m.end() :]
            return [d for d in (parse_date(first), parse_date(second)) if d]
        d = parse_date(t.text)
        return [d] if d else []
    if t.kind == "time":
        return [v] if (v := time_value(t.text)) else []
    if t.kind == "number" and re.fullmatch(r"\d{4}", t.text):
        return [t.text]
    return []


def _date_matches(found: str, value: str) -> bool:
    if found == value:
        return True
    if found.startswith("--"):  # no year stated in the quote: compare month and day only
        return value[4:] == found[1:] and bool(re.fullmatch(r"\d{4}", value[:4]))
    return False
