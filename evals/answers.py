"""Hand-written answers replayed through the whole per-article pipeline, as a capable model would give them
(`evals/answers/<corpus>/*.yaml`, see its README): how much of a faithful answer reaches the brief as the
model wrote it, and how many planted errors are kept out of it.

A local fake OpenAI-compatible server (`bench/fake_server.py`) answers the brief call with the file's
answer, the figures named by quote mapped to the ids the prompt lists. Re-asks are off (a re-ask would get
the same answer) and so is the judge (its verdicts are not hand-written here): this measures the checks
code makes on its own.
"""

from __future__ import annotations

import copy
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from summarizer.brief.claims import sentences
from summarizer.brief.marks import marks_in
from summarizer.schemas import ArticleBrief

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(__file__).with_name("answers")
_PARAGRAPH = re.compile(r"^¶\d+ (.*)$", re.M)


@dataclass
class AnswersReport:
    kept: dict[str, list[int]] = field(default_factory=dict)  # field kind -> [kept, of]
    caught: dict[str, list[int]] = field(default_factory=dict)  # error type -> [caught, of]
    misses: list[str] = field(default_factory=list)

    def add(self, table: dict[str, list[int]], key: str, ok: bool) -> None:
        row = table.setdefault(key, [0, 0])
        row[0] += ok
        row[1] += 1

    def rates(self) -> dict[str, float]:
        out = {f"kept_{k}": a / b for k, (a, b) in self.kept.items() if b}
        kept = [sum(v[0] for v in self.kept.values()), sum(v[1] for v in self.kept.values())]
        caught = [sum(v[0] for v in self.caught.values()), sum(v[1] for v in self.caught.values())]
        out["keep_rate"] = kept[0] / kept[1] if kept[1] else 0.0
        out["catch_rate"] = caught[0] / caught[1] if caught[1] else 0.0
        out |= {f"catch_{k}": a / b for k, (a, b) in self.caught.items() if b}
        return out


def draft_for(answer: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The answer as a `BriefDraft`: each figure's quote replaced by the id the prompt marks in it."""
    paragraphs = [marks_in(p) for p in _PARAGRAPH.findall(body["messages"][-1]["content"])]
    draft = copy.deepcopy(answer)
    draft["figures"] = [
        {
            "figure_id": marked_id(paragraphs, f["figure_quote"]),
            "what": f["what"],
            "attributed_to": f.get("attributed_to"),
        }
        for f in draft.get("figures", [])
    ]
    return draft


def marked_id(paragraphs: list[tuple[str, list[tuple[int, str]]]], quote: str) -> str:
    """The id marked inside the quote where the prompt's paragraphs hold it as words of their own (not "7" in
    "77"), at the last such place; "F999" where none is. Of several marks in it, one at its last marked number
    (a ratio's id follows its last number: "one[F9] interpreter ... for every 30[F10][F13] men"), and of those
    the first: ids go in order of appearance, so the figure whose words start earliest, the whole quote."""
    found = "F999"
    for text, marks in paragraphs:
        for m in re.finditer(rf"(?<!\w){re.escape(quote)}(?!\w)", text):
            inside = [(at, fid) for at, fid in marks if m.start() < at <= m.end()]
            last = max((at for at, _ in inside), default=None)
            found = next((fid for at, fid in inside if at == last), found)
    return found


def planted_answer(faithful: dict[str, Any], plant: dict[str, Any]) -> dict[str, Any]:
    answer = copy.deepcopy(faithful)
    name, index = re.fullmatch(r"(\w+)(?:\[(\d+)\])?", plant["field"]).groups()  # type: ignore[union-attr]
    if index is None:
        answer[name] = plant["value"]
    elif name == "key_points":
        answer[name][int(index)]["text"] = plant["value"]
    elif name == "figures":
        answer[name][int(index)]["attributed_to"] = plant["value"]
    elif name == "quotes":
        answer[name][int(index)]["quote"] = plant["value"]
    return answer


def run_answers(folder: Path = FOLDER) -> AnswersReport:
    sys.path.insert(0, str(ROOT))
    from bench.fake_server import ThreadedFakeServer
    from summarizer.api import Summarizer
    from summarizer.model.settings import Settings

    report = AnswersReport()
    current: dict[str, Any] = {}
    server = ThreadedFakeServer(
        answers=lambda schema, body: draft_for(current["answer"], body) if schema == "BriefDraft" else None
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                model="hand-written", base_url=server.url, no_judge=True, reasks=0, no_cache=True, cache_dir=Path(tmp)
            )
            with Summarizer(settings) as s:
                for path in sorted(folder.glob("*/*.yaml")):
                    data = yaml.safe_load(path.read_text(encoding="utf-8"))
                    article = ROOT / data["article"]
                    current["answer"] = data["faithful"]
                    _score_faithful(report, path.stem, data["faithful"], s.summarize(article))
                    for plant in data.get("planted", []):
                        current["answer"] = planted_answer(data["faithful"], plant)
                        _score_planted(report, path.stem, data["faithful"], plant, s.summarize(article))
    finally:
        server.close()
    return report


def _score_faithful(report: AnswersReport, name: str, answer: dict[str, Any], brief: ArticleBrief) -> None:
    def keep(kind: str, ok: bool, what: str) -> None:
        report.add(report.kept, kind, ok)
        if not ok:
            report.misses.append(f"{name} faithful {kind} dropped: {what}")

    keep("headline", brief.headline.origin == "model", answer["headline"])
    shown = brief.summary.value if brief.summary.origin == "model" else ""
    for s in sentences(answer["summary"]):
        keep("summary_sentence", s in shown, s)
    texts = {k.text for k in brief.key_points if k.origin == "model"}
    for k in answer["key_points"]:
        keep("key_point", k["text"].strip() in texts, k["text"])
    described = {f.what for f in brief.figures if f.what_origin == "model"}
    for f in answer["figures"]:
        keep("figure_note", f["what"].strip() in described, f["what"])
    quoted = {q.text for q in brief.quotes if q.origin == "model"}
    for q in answer["quotes"]:
        keep("quote", any(q["quote"].strip(" ,.") in t or t in q["quote"] for t in quoted), q["quote"])


def _score_planted(
    report: AnswersReport, name: str, faithful: dict[str, Any], plant: dict[str, Any], brief: ArticleBrief
) -> None:
    """Caught: the planted error is not in the brief as the model's (its field fell back, its sentence was
    dropped, or code's value stands in its place)."""
    field_, value = plant["field"], plant["value"]
    if field_ == "headline":
        shown = brief.headline.value if brief.headline.origin == "model" else ""
        caught = value not in shown
    elif field_ == "summary":
        wrong = [s for s in sentences(value) if s not in sentences(faithful["summary"])]
        shown = brief.summary.value if brief.summary.origin == "model" else ""
        caught = not any(s in shown for s in wrong)
    elif field_.startswith("key_points"):
        caught = value.strip() not in {k.text for k in brief.key_points if k.origin == "model"}
    elif field_.startswith("figures"):  # the planted figure's source, not another figure's that is right
        quote = faithful["figures"][int(field_.removeprefix("figures[").rstrip("]"))]["figure_quote"]
        caught = all(value != f.attributed_to for f in brief.figures if f.quote == quote)
    else:  # quotes
        caught = not any(value.strip(" ,.") in q.text for q in brief.quotes if q.origin == "model")
    report.add(report.caught, plant["type"], caught)
    if not caught:
        report.misses.append(f"{name} planted {plant['type']} in {field_} shown: {value}")
