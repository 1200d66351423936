"""The bill: `--estimate` before a run, tokens and cost after it, and the lean schema a model sees.

Runs go to the fake OpenAI-compatible server (`bench/fake_server.py`) on 127.0.0.1. Its `usage` is an
estimate too (characters / 4 of the JSON request body), so the estimate (characters / 4 of the message
texts and tool schema) is compared with it like with like: the same rule on the same requests.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest
import yaml
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.fake_server import ThreadedFakeServer  # noqa: E402
from evals.answers import FOLDER, draft_for  # noqa: E402
from summarizer.api import Summarizer  # noqa: E402
from summarizer.batch.estimate import bills, estimate  # noqa: E402
from summarizer.brief.draft import BriefDraft  # noqa: E402
from summarizer.brief.judge import Verdicts  # noqa: E402
from summarizer.brief.marks import unmarked  # noqa: E402
from summarizer.briefing.reduce_draft import CorpusDraft, GroupNames  # noqa: E402
from summarizer.cli.main import main  # noqa: E402
from summarizer.extract.analysis import analyse  # noqa: E402
from summarizer.model.cache import Cache  # noqa: E402
from summarizer.model.prices import price_of  # noqa: E402
from summarizer.model.prompts import load_template  # noqa: E402
from summarizer.model.settings import Settings  # noqa: E402
from summarizer.model.tokens import ESTIMATE  # noqa: E402
from summarizer.model.wire import json_schema, tool  # noqa: E402
from summarizer.read.ingest import read_article  # noqa: E402
from summarizer.schemas import Usage  # noqa: E402

CORPUS = ROOT / "evals" / "datasets" / "kursk-2024" / "articles"
PATHS = sorted(CORPUS.glob("*.txt"))


def hand_written() -> Any:
    """The fake server answers each brief call with the hand-written answer for its article (what a capable
    model writes: a headline, two summary sentences, key points), so the judge gets a real brief."""
    by_lead = {}
    for path in sorted((FOLDER / "kursk-2024").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        by_lead[read_article(ROOT / data["article"]).kept[0].text] = data["faithful"]

    def answers(schema: str, body: dict[str, Any]) -> dict[str, Any] | None:
        if schema != "BriefDraft":
            return None
        user = unmarked(body["messages"][-1]["content"])  # the paragraphs without their figure ids
        return next(draft_for(a, body) for lead, a in by_lead.items() if lead in user)

    return answers


@pytest.fixture
def fake() -> Iterator[ThreadedFakeServer]:
    server = ThreadedFakeServer(keep_bodies=True, answers=hand_written())
    yield server
    server.close()


def test_estimate_is_within_ten_percent_of_what_the_run_reports(fake: ThreadedFakeServer, tmp_path: Path) -> None:
    settings = Settings(model="fake", base_url=fake.url, reasks=0, cache_dir=tmp_path)
    bill = estimate([analyse(p) for p in PATHS], settings, Cache(tmp_path), corpus=True)
    assert fake.stats()["requests"] == 0  # the estimate called no model
    with Summarizer(settings) as summarizer:
        briefing = summarizer.brief(PATHS)
    bodies = fake.stats()["bodies"]
    # the same calls, kind by kind: 5 briefs, 5 judge calls, the ledger names and the summary
    sent = Counter(body["tools"][0]["function"]["name"] for body in bodies)
    assert (
        Counter(c.schema for c in bill.sent)
        == sent
        == {"BriefDraft": 5, "Verdicts": 5, "LedgerReview": 1, "CorpusDraft": 1}
    )
    assert len(bill.sent) == briefing.model_calls
    # tokens: within 10% of the usage the run reports, and within 2% of the same rule applied to what was sent
    assert abs(bill.prompt_tokens - briefing.usage.prompt_tokens) <= 0.10 * briefing.usage.prompt_tokens
    counted = sum(ESTIMATE.request(b["messages"], b["tools"]) for b in bodies)
    assert abs(bill.prompt_tokens - counted) <= 0.02 * counted


def test_estimate_counts_cached_calls_free(fake: ThreadedFakeServer, tmp_path: Path) -> None:
    settings = Settings(model="fake", base_url=fake.url, reasks=0, cache_dir=tmp_path)
    with Summarizer(settings) as summarizer:
        summarizer.brief(PATHS[:2])
    (bill, *_) = bills([analyse(p) for p in PATHS[:3]], settings, Cache(tmp_path), corpus=False)
    assert [c.schema for c in bill.calls if c.cached] == ["BriefDraft", "Verdicts", "BriefDraft", "Verdicts"]
    assert [c.schema for c in bill.sent] == ["BriefDraft", "Verdicts"]  # the third article's
    assert bill.prompt_tokens == sum(c.prompt_tokens for c in bill.sent) > 0


def test_estimate_on_the_command_line_prices_known_models_and_names_unknown_ones(
    fake: ThreadedFakeServer, tmp_path: Path
) -> None:
    args = ["brief", str(CORPUS), "--estimate", "--model", "fake", "--base-url", fake.url, "--cache-dir", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert fake.stats()["requests"] == 0
    rows = {line.split()[0]: line.split() for line in result.output.splitlines() if line[:1].strip()}
    assert rows["fake"][1:3] == ["12", "0"]  # 12 calls, none cached
    assert "price unknown: fake is not in genai-prices" in result.output
    for model in ("gpt-4o-mini", "gpt-4o"):
        price = price_of(model, None)
        assert price is not None
        prompt, completion = (int(x.replace(",", "")) for x in rows[model][3:5])
        assert rows[model][5] == f"${price.cost(prompt, completion):.4f}"
    assert "Re-asks are not known in advance" in result.output


def test_estimate_needs_no_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    args = ["summarize", str(PATHS[0]), "--estimate", "--model", "gpt-4.1-mini", "--cache-dir", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Estimate for 1 article (a brief each)")
    (row,) = [line.split() for line in result.output.splitlines() if line.startswith("gpt-4.1-mini ")]
    assert row[1:3] == ["2", "0"] and row[5].startswith("$")  # the brief and its judge, priced


def test_estimate_of_the_embedded_model_counts_with_its_tokenizer(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    (bill, reference, *_) = bills([analyse(p) for p in PATHS[:1]], Settings(cache_dir=tmp_path), Cache(tmp_path), False)
    assert bill.tokenizer == "SmolLM2 tokenizer" and bill.cost == 0.0 and bill.cost_text() == "no charge (runs here)"
    assert [c.schema for c in bill.sent] == ["BriefDraft"]  # no judge for the embedded model
    assert [c.schema for c in reference.sent] == ["BriefDraft", "Verdicts"]
    assert reference.tokenizer.startswith("characters / 4")
    # llama.cpp's prompt holds the messages alone (the schema becomes its grammar): no schema is counted
    from summarizer.api import Summarizer
    from summarizer.model.tokens import counter

    analysis = analyse(PATHS[0])
    with Summarizer(Settings(cache_dir=tmp_path)) as summarizer:
        messages, _ = summarizer.pipeline.messages(analysis.article, analysis.figures)
    assert bill.prompt_tokens == counter(True).request(messages, [])


def test_a_run_reports_tokens_and_cost(fake: ThreadedFakeServer, tmp_path: Path) -> None:
    out = tmp_path / "briefs.json"
    base = ["summarize", str(PATHS[0]), "--base-url", fake.url, "--cache-dir", str(tmp_path / "c"), "-o", str(out)]
    result = CliRunner().invoke(main, [*base, "--model", "gpt-4o-mini"])
    assert result.exit_code == 0, result.output
    (brief,) = json.loads(out.read_text(encoding="utf-8"))
    usage = brief["usage"]
    assert usage["prompt_tokens"] > 0 and usage["attempts"] == 2  # the brief and its judge
    price = price_of("gpt-4o-mini", fake.url)
    assert price is not None and "openai's list price" in price.source
    assert usage["cost_usd"] == pytest.approx(price.cost(usage["prompt_tokens"], usage["completion_tokens"]))
    assert f"{usage['prompt_tokens']:,} prompt + {usage['completion_tokens']:,} completion tokens, $" in result.output
    again = CliRunner().invoke(main, [*base, "--model", "fake"])
    assert again.exit_code == 0, again.output
    assert "price unknown for fake (not in genai-prices)" in again.output
    assert json.loads(out.read_text(encoding="utf-8"))[0]["usage"]["cost_usd"] is None


def test_usage_total_cost_is_unknown_when_any_call_is_unpriced() -> None:
    priced = Usage(prompt_tokens=10, attempts=1, cost_usd=0.5)
    assert Usage.total([priced, Usage(cached=True)]).cost_usd == 0.5  # a cached answer is free
    assert Usage.total([priced, Usage(prompt_tokens=5, attempts=1, cost_usd=None)]).cost_usd is None


@pytest.mark.parametrize("model", [BriefDraft, Verdicts, CorpusDraft, GroupNames])
def test_the_tool_is_the_one_instructor_sends(model: type[pydantic.BaseModel]) -> None:
    import instructor
    from instructor.v2.core.providers import Provider
    from instructor.v2.core.response import handle_response_model

    from summarizer.model.wire import instructor_model

    for bounded in (False, True):
        _, kwargs = handle_response_model(
            instructor_model(model, bounded), mode=instructor.Mode.TOOLS, provider=Provider.OPENAI, messages=[]
        )
        assert kwargs["tools"] == [tool(model, bounded)]


def test_the_lean_schema_guides_and_our_models_still_bound() -> None:
    root = '"title": "BriefDraft"'  # instructor names the tool after it; nothing else has a title
    lean = json.dumps(json_schema(BriefDraft)).replace(root, "")
    bounded = json.dumps(json_schema(BriefDraft, bounded=True)).replace(root, "")
    for key in ('"title"', '"$defs"', '"$ref"', '"maxLength"', '"maxItems"', '"pattern"'):
        assert key not in lean
    assert '"title"' not in bounded
    assert '"maxLength": 100' in bounded and '"maxItems": 4' in bounded  # the embedded model's grammar
    # what guides is said once, in the system message every provider gets; the schema holds names and types
    assert lean.count('"description"') == 1 and '"description": "A brief."' in lean
    assert "a summary of at most two sentences" in load_template("article_brief").system
    assert len(lean) < 0.6 * len(json.dumps(BriefDraft.model_json_schema()))
    draft = {"headline": "x" * 101, "summary": "", "key_points": [], "figures": [], "entities": [], "quotes": []}
    with pytest.raises(pydantic.ValidationError, match="at most 100 characters"):
        BriefDraft.model_validate(draft)


def test_estimate_prints_when_the_tokenizer_loads_beside_it(tmp_path: Path) -> None:
    """llama_cpp silences its model load by pointing file descriptors 1 and 2 at /dev/null: two loads at
    once (the estimate's thread and its embedded pass) once left stdout there, and the bill unprinted."""
    import subprocess

    pytest.importorskip("llama_cpp")
    for i in range(3):
        command = [sys.executable, "-m", "summarizer", "summarize", str(PATHS[1]), "--estimate"]
        done = subprocess.run(
            [*command, "--cache-dir", str(tmp_path / str(i))], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Estimate for 1 article (a brief each)")
