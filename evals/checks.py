"""The checker's own eval: faithful sentences it must keep, and the same sentences with one planted error
each that it must catch (`evals/checks/*.yaml`, one file per news domain; see its README).

`run_checks(folder)` checks every sentence against its case's cited passages with the lexical layer
(`summarizer.brief.claims.check_sentence`) and reports the keep rate of faithful sentences and the catch
rate per error type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from summarizer.brief.claims import Finding, Passage, check_sentence
from summarizer.read.ingest import article_from_text

ERROR_TYPES = (
    "number", "attribution", "misquote", "invented_name", "side_swap", "place_swap", "wrong_date", "role_swap",
    "out_of_source",
)  # fmt: skip


@dataclass
class Outcome:
    case: str
    kind: str  # "faithful" or an error type
    sentence: str
    findings: list[Finding]

    @property
    def flagged(self) -> bool:
        return bool(self.findings)


@dataclass
class ChecksReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def rate(self, kind: str) -> tuple[int, int]:
        """(right, total): faithful sentences kept, or errors of `kind` caught."""
        mine = [o for o in self.outcomes if o.kind == kind]
        right = sum((not o.flagged) if kind == "faithful" else o.flagged for o in mine)
        return right, len(mine)

    def rates(self) -> dict[str, float]:
        out = {}
        for kind in ("faithful", *ERROR_TYPES):
            right, total = self.rate(kind)
            if total:
                out["keep_rate" if kind == "faithful" else f"catch_{kind}"] = right / total
        return out


def case_passages(case: dict) -> list[Passage]:
    """The case's passages as one article's paragraphs; the cited ones, in order."""
    text = "\n\n".join(case["passages"])
    article = article_from_text(text, source=f"<{case['id']}>", article_id=case["id"], title="")
    by_text = {p.text: p for p in article.paragraphs}
    paragraphs = [by_text[t.strip()] for t in case["passages"]]
    return [Passage(article, paragraphs[i - 1], f"¶{i}") for i in case["cites"]]


def run_checks(folder: Path) -> ChecksReport:
    report = ChecksReport()
    for path in sorted(p for p in folder.glob("*.yaml") if p.name != "floors.yaml"):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            passages = case_passages(case)
            faithful = " ".join(case["faithful"].split())
            report.outcomes.append(Outcome(case["id"], "faithful", faithful, check_sentence(faithful, passages)))
            for error in case.get("errors", []):
                sentence = " ".join(error["sentence"].split())
                report.outcomes.append(Outcome(case["id"], error["type"], sentence, check_sentence(sentence, passages)))
    return report
