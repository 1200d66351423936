"""Word lists that say what a number measures, one YAML file per domain beside this module (`measures/`).

Each file has `measures` and `scopes`. A measure is a name and the words that say a number counts it,
with optional flags: `cumulative` (a total that grows while a story runs: a toll), `personnel` (people
under arms), `counts_only` (a measure of counted things, never of an amount in a unit: "shipped" before
"thousands of metric tons"), `dates` (an event that dates and clock times say when of, "held on", "quarter
ended": only those measure them, and they measure nothing else).
A scope is a name and the words that make a figure a different quantity from
the same measure stated plainly: an estimate, a forecast, a partial count, a year earlier. The scope
`none` holds phrases that contain a scope word and say nothing of the figure ("a call with analysts").
A file may also have `states`: a name and the words that say what the people a count counts are doing
("in training": [training, preparing], "deployed": [deployed, in position, to be sent]), read from the
count's clause (`ledger_people`); the name reads after the people ("troops in training"). Other top-level
lists are kept by name (`context`: "military_context"; "gives_way", the states that only say the people
moved; "refers_back", "the figure" and such words; ...). Files are loaded the same way
and merged; none is privileged, and a measure named in two files keeps the words of both. Add a domain by
adding a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from summarizer.errors import ConfigError
from summarizer.extract.quantities import normalize

DIRECTORY = Path(__file__).with_name("measures")


@dataclass
class Lexicon:
    terms: dict[str, str] = field(default_factory=dict)  # word or phrase (lowercase) → measure
    cumulative: set[str] = field(default_factory=set)
    personnel: set[str] = field(default_factory=set)  # measures that count people under arms
    counts_only: set[str] = field(default_factory=set)  # measures of counted things, never of a unit's amount
    dated: set[str] = field(default_factory=set)  # events a date or clock time says when of, and only those
    scope_terms: dict[str, str] = field(default_factory=dict)  # word or phrase, as written ("non-GAAP") → scope name
    states: dict[str, str] = field(default_factory=dict)  # word or phrase (lowercase) → what the people are doing
    context: dict[str, list[str]] = field(default_factory=dict)  # other lists by name (military_context)

    def term_re(self, counted: bool) -> re.Pattern[str]:
        """Measure words for a counted figure or an amount in a unit, less the personnel ones: those make a
        counted noun troops (`unit_class`), and near another figure ("two U.S. officials" in a sentence
        about troops) they say nothing of it; and less the words of events, which dates and times measure."""
        skip = self.personnel | self.dated | (set() if counted else self.counts_only)
        return _alternation(tuple(t for t, m in self.terms.items() if m not in skip))

    @property
    def event_re(self) -> re.Pattern[str]:
        """Words of the events a date or a clock time says when of ("held on", "quarter ended", "struck")."""
        return _alternation(tuple(t for t, m in self.terms.items() if m in self.dated))

    @property
    def scope_re(self) -> re.Pattern[str]:
        """Case-sensitive: "survey" is a scope word, "the U.S. Geological Survey" a name."""
        return _alternation(tuple(self.scope_terms), ignore_case=False)

    @property
    def state_re(self) -> re.Pattern[str]:
        """Words of what counted people are doing ("training", "in position", "to be sent")."""
        return _alternation(tuple(self.states))


@cache
def _alternation(words: tuple[str, ...], ignore_case: bool = True) -> re.Pattern[str]:
    alts = "|".join(re.escape(w).replace(r"\ ", r" ") for w in sorted(words, key=len, reverse=True))
    if not alts:
        return re.compile(r"(?!x)x")
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.I if ignore_case else 0)


@cache
def lexicon(directory: Path = DIRECTORY) -> Lexicon:
    """Every domain file in `directory`, merged. A file that cannot be used is a `ConfigError`."""
    out = Lexicon()
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for name, spec in (data.get("measures") or {}).items():
                spec = spec if isinstance(spec, dict) else {"terms": spec}
                for term in spec.get("terms") or []:
                    out.terms.setdefault(str(term).lower(), name)
                if spec.get("cumulative"):
                    out.cumulative.add(name)
                if spec.get("personnel"):
                    out.personnel.add(name)
                if spec.get("counts_only"):
                    out.counts_only.add(name)
                if spec.get("dates"):
                    out.dated.add(name)
            for name, words in (data.get("scopes") or {}).items():
                for word in words or []:
                    out.scope_terms.setdefault(str(word), name)  # as written: matched case-sensitively
            for name, words in (data.get("states") or {}).items():
                for word in words or []:
                    out.states.setdefault(str(word).lower(), name)
            for key, words in data.items():
                if key not in ("measures", "scopes", "states") and isinstance(words, list):
                    out.context.setdefault(key, []).extend(str(w) for w in words)
        except (OSError, yaml.YAMLError, AttributeError, TypeError) as e:
            raise ConfigError(f"{path}: not a measures file ({type(e).__name__}: {e})") from None
    return out


@cache
def personnel_words() -> frozenset[str]:
    """Counted nouns of people under arms ("troop", "soldier", ...), as written and singular, from the
    measures marked `personnel`."""
    lex = lexicon()
    words = [t for t, m in lex.terms.items() if m in lex.personnel and " " not in t]
    return frozenset(words) | {normalize(1.0, w)[1] or w for w in words}
