"""The sample corpus end to end on the embedded model, replayed from one recorded cassette.

The module fixture briefs the five articles once (map + reduce) inside `cassettes/test_sample_corpus/
sample_corpus.yaml`; the CLI tests replay the same requests. Facts the recording fixed (how many calls,
which fields the model got right) are pinned here, not only in the cassette. `make record` re-records.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import BOILERPLATE, CORPUS, ROOT, make_vcr, replay_env

from summarizer import Summarizer
from summarizer.cli.main import main
from summarizer.extract.quantities import states_value
from summarizer.read.ingest import read_article
from summarizer.schemas import CorpusBriefing

CASSETTE = ROOT / "cassettes" / "test_sample_corpus" / "sample_corpus.yaml"
GOLD = ROOT / "evals" / "datasets" / "kursk-2024" / "gold.yaml"
EMBEDDED = "SmolLM2-135M-Instruct (embedded)"


@pytest.fixture(scope="module")
def briefing(tmp_path_factory, pytestconfig) -> CorpusBriefing:
    mode = pytestconfig.getoption("--record-mode") or "none"
    if mode == "rewrite":  # pytest-recording's mode: start the cassette afresh
        CASSETTE.unlink(missing_ok=True)
        mode = "new_episodes"
    with pytest.MonkeyPatch.context() as mp:
        replay_env(mp, mode, tmp_path_factory.mktemp("cache"))
        with make_vcr(mode).use_cassette(str(CASSETTE), allow_playback_repeats=True), Summarizer() as s:
            return s.brief(sorted(CORPUS.glob("*.txt")))


@pytest.fixture
def replay():
    with make_vcr("none").use_cassette(str(CASSETTE), allow_playback_repeats=True):
        yield


def test_every_brief_names_the_embedded_model(briefing):
    assert briefing.model == EMBEDDED
    assert [b.model for b in briefing.briefs] == [EMBEDDED] * 5
    assert len(briefing.sources) == 5 and briefing.failed == []


def test_every_figure_is_a_verbatim_span_that_states_its_value(briefing):
    for brief in briefing.briefs:
        text = read_article(brief.source).text
        assert brief.figures, brief.source
        for f in brief.figures:
            assert text[f.span.start : f.span.end] == f.quote
            if f.kind != "designation":
                assert states_value(f.quote, f.value, f.unit), (brief.source, f.id, f.quote, f.value)


def test_quotes_and_model_fields_are_checked_against_the_article(briefing):
    for brief in briefing.briefs:
        text = read_article(brief.source).text
        for q in brief.quotes:
            assert text[q.span.start : q.span.end] == q.text
        kept = {p.index for p in read_article(brief.source).kept}
        for k in brief.key_points:
            assert set(k.paragraphs) <= kept
        for e in brief.entities:
            assert e.name.lower() in text.lower(), e.name


def test_no_boilerplate_reaches_any_brief_content(briefing):
    for brief in briefing.briefs:
        content = brief.model_dump(exclude={"dropped"})
        dumped = json.dumps(content, ensure_ascii=False)
        for junk in BOILERPLATE:
            assert junk not in dumped, (brief.source, junk)
    dropped = {b.source.rsplit("/", 1)[-1][:3]: [d.reason for d in b.dropped] for b in briefing.briefs}
    assert dropped["001"] == ["link list heading"]
    assert dropped["003"] == ["address block", "address block", "credit line", "language picker"]


def test_the_recorded_run(briefing):
    """What the embedded model did in the recording; re-recording may change these numbers."""
    per_article = [b.usage.attempts for b in briefing.briefs]
    assert per_article == [2, 2, 2, 2, 2]  # one attempt and one re-ask each: SmolLM2 never passes first time
    assert briefing.model_calls >= sum(per_article)
    fallback = {b.source.rsplit("/", 1)[-1][:3]: b.fallbacks() for b in briefing.briefs}
    # sentence by sentence: what SmolLM2 wrote and the claim checks kept (recorded 2026-11-29, prompt v4 with
    # the figure ids marked in the paragraphs; the ledger with its dates): nothing. Every headline, summary and
    # key point it wrote failed and was drawn from the article instead: the instructions echoed, a question as
    # a summary, a string's tail ("Here’s what we know\","), a headline cut at "[", "the ongoing war against
    # Russia" for the article's "Russia’s war against Ukraine", a figure given to the wrong source. For 001 it
    # returned nothing usable at all this time (its re-ask names other problems than in the recording before).
    assert [k for k, f in fallback.items() if "summary" not in f] == []
    assert [k for k, f in fallback.items() if "headline" not in f] == []
    kept = {b.source.rsplit("/", 1)[-1][:3]: b for b in briefing.briefs}
    assert [e.name for b in briefing.briefs for e in b.entities if e.origin == "model"] == []
    assert kept["001"].notes == ["the model returned nothing usable; every model field is drawn from the text"]
    refused = " ".join(n for b in briefing.briefs for n in b.notes)
    assert "(“Are North Koreans fighting in Ukraine?”) asks, not states" in refused
    assert "(“The situation is becoming increasingly dire, with reports…”): it breaks off unfinished" in refused
    assert "it is against Ukraine in ¶1 and ¶4, not against Russia" in refused
    assert all(k.origin == "fallback" for b in briefing.briefs for k in b.key_points)
    assert "checked by rules" not in refused  # nothing of the model's was kept
    # the ledger holds the month "began in August" (a date as written: code names it, never flagged)
    august = next(g for g in briefing.ledger if g.period == "--08")
    assert august.quantity == "date (--08)" and august.quantity_origin == "fallback" and not august.disagreement
    # its executive summary was refused (re-recorded 2026-11-29 with the troop counts split by what the troops
    # are doing, issue 14: the reduce request lists other groups). The first answer ("an unprecedented
    # deployment of North Korean troops by the Ukrainian and Russian military forces") was re-asked; the
    # re-ask's began "... in a few weeks." and cited digests by sentences of its own. The recording before
    # had "several hundred thousands of North Korean troops … have all s", cut at the length bound.
    assert briefing.executive_summary_origin == "fallback"
    assert any("executive_summary sentence 1: it does not start as a sentence does" in n for n in briefing.notes)
    assert any("developments[0] cites unknown digests" in n for n in briefing.notes)
    assert briefing.executive_summary.startswith("Several thousand North Korean soldiers have arrived")
    # the first flagged group, in the ledger's own words: North Korean troops deployed or bound for Kursk (was
    # "Sources disagree on North Korean troops: from 1,500", every troop count in one group)
    assert (
        "Sources disagree on North Korean troops deployed: from 2,600 (Lt. Gen. Budanov, A5) to 5,000"
        in briefing.executive_summary
    )


def test_ledger_lists_every_troop_estimate_with_its_source(briefing):
    values = {
        (v.article_id[:3], v.normalized_value): v
        for g in briefing.ledger
        if g.actor == "North Korean" and g.unit in ("troop", "troops", "soldier", "soldiers")
        for v in g.values
    }
    expected = {
        ("003", 1500.0),
        ("004", 2600.0),
        ("003", 3000.0),
        ("004", 3000.0),
        ("000", 5000.0),
        ("001", 5000.0),
        ("002", 5000.0),
        ("003", 10000.0),
        ("004", 11000.0),
        ("000", 12000.0),
        ("002", 12000.0),
    }
    assert expected <= set(values)
    assert values[("003", 1500.0)].attributed_to.endswith("National Intelligence Service (NIS)")
    assert values[("004", 11000.0)].attributed_to == "The Defense Intelligence of Ukraine (DIU)"
    assert values[("003", 10000.0)].attributed_to == "Ukrainian President Volodymyr Zelensky"
    # grouped by what the troops are doing (issue 14), three stages flagged "sources disagree"
    stage = {k: next(g.quantity for g in briefing.ledger if v in g.values) for k, v in values.items()}
    training = [("003", 10000.0), ("004", 11000.0), ("000", 12000.0), ("002", 12000.0)]
    assert {stage[k] for k in training} == {"North Korean troops in training"}
    deployed = [("004", 2600.0), ("000", 5000.0), ("001", 5000.0), ("002", 5000.0)]
    assert {stage[k] for k in deployed} == {"North Korean troops deployed"}
    assert stage[("003", 1500.0)] == stage[("003", 3000.0)] == "North Korean troops already sent"
    assert stage[("004", 3000.0)] == "North Korean troops in a battalion"
    flagged = {g.quantity for g in briefing.ledger if g.disagreement and g.actor == "North Korean"}
    assert flagged == {
        "North Korean troops in training",
        "North Korean troops deployed",
        "North Korean troops already sent",
    }


def test_the_50000_attribution_conflict_is_flagged(briefing):
    conflict = next(d for d in briefing.disagreements if d.kind == "attribution")
    sides = {(v.article_id[:3], v.actor, v.normalized_value) for v in conflict.values}
    assert sides == {("001", "Ukrainian", 50000.0), ("002", "Russian", 50000.0)}


def test_area_in_square_miles_agrees_with_square_kilometers(briefing):
    area = next(g for g in briefing.ledger if g.unit == "km²")
    together = [c for c in area.clusters if {area.values[i].article_id[:3] for i in c} == {"000", "002"}]
    assert together and not area.disagreement


def test_no_ledger_value_is_averaged_or_invented(briefing):
    texts = {b.article_id: read_article(b.source).text for b in briefing.briefs}
    for g in briefing.ledger:
        for v in g.values:
            assert texts[v.article_id][v.span.start : v.span.end] == v.quote
            assert states_value(v.quote, v.value, v.unit)


def test_eval_scores_meet_the_floors(briefing):
    from evals import load_gold, score, to_json
    from evals.floors import check_floors

    report = to_json(score(load_gold(GOLD), briefing.briefs, briefing.model_dump(mode="json")))
    assert report["grounding_rate"] == 1.0
    assert check_floors(report, GOLD.parent / "floors.yaml") == []


def test_eval_command_runs_the_tool_offline(replay, tmp_path):
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["eval", str(GOLD), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["grounding_rate"] == 1.0
    assert report["discrepancy_recall"] is not None and report["consensus_recall"] is not None


def test_summarize_cli_writes_json_and_the_second_run_calls_no_model(replay, tmp_path):
    out = tmp_path / "briefs.json"
    args = ["summarize", str(CORPUS), "--format", "json", "-o", str(out)]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    briefs = json.loads(out.read_text())
    assert len(briefs) == 5 and all(b["model"] == EMBEDDED for b in briefs)
    assert "10 model calls, 0 from cache" in first.stderr
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0
    assert "0 model calls, 5 from cache" in second.stderr
    assert json.loads(out.read_text())[0]["figures"] == briefs[0]["figures"]


def test_brief_cli_writes_a_self_contained_html_file(replay, tmp_path):
    out = tmp_path / "briefing.html"
    result = CliRunner().invoke(main, ["brief", str(CORPUS), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "<svg" in html and "http://" not in html and "https://" not in html
    assert EMBEDDED in html


def test_single_article_markdown_to_stdout(replay):
    path = next(CORPUS.glob("000_*.txt"))
    result = CliRunner().invoke(main, ["summarize", str(path)])
    assert result.exit_code == 0, result.output
    assert "as many as 5,000 North Korean troops" in result.stdout
    assert "written by SmolLM2-135M-Instruct (embedded)" in result.stdout


def test_eval_runs_two_variants_side_by_side_in_one_command(replay):
    args = ["eval", str(GOLD), "--model", "embedded", "--prompts", str(ROOT / "prompts")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"| Score | model embedded | prompts {ROOT / 'prompts'} |"
    assert "| grounding_rate | 100.0% | 100.0% |" in lines
    assert "| figure_recall | 100.0% | 100.0% |" in lines


def test_a_context_too_small_for_the_reduce_step_is_a_config_error(briefing):
    from summarizer.briefing.reduce import Reducer, digest
    from summarizer.errors import ConfigError
    from summarizer.model.cache import Cache
    from summarizer.model.llm import LLM
    from summarizer.model.settings import Settings

    reducer = Reducer(LLM(Settings(context_window=1500), Cache(enabled=False)))
    digests = [digest(f"A{i}", b) for i, b in enumerate(briefing.briefs, 1)]
    with pytest.raises(ConfigError, match="a context window of 1500 tokens cannot hold two article digests"):
        reducer._chunks(digests, reducer.budget)


def test_every_number_in_the_prose_is_a_figure_code_found(briefing):
    """Headlines, summaries, key points, the executive summary and the developments: each number there
    (dates aside) is the value of a figure code found in the corpus, whoever wrote the sentence."""
    from summarizer.brief.claims.facts import find_numbers

    found = {f.value for b in briefing.briefs for f in b.figures if isinstance(f.value, float)}
    prose = [briefing.executive_summary, *(d.text for d in briefing.developments)]
    for b in briefing.briefs:
        prose += [b.headline.value, b.summary.value, *(k.text for k in b.key_points)]
    numbers = [
        (n.text, n.value) for text in prose for n in find_numbers(text) if n.kind not in ("date", "year", "time")
    ]
    assert len(numbers) >= 10  # the prose does state figures: the check is not vacuous
    assert [text for text, value in numbers if value not in found] == []


def test_the_markdown_names_articles_by_label_not_by_file_id(briefing):
    from summarizer.render.briefing_markdown import briefing_markdown

    text = briefing_markdown(briefing)
    body, sources = text.split("\n## Sources", 1)
    assert "values range from 1,500" in body  # the ledger's notes are in the body, and name articles
    ids = [b.article_id for b in briefing.briefs]
    assert [i for i in ids if i in body] == []
    assert all(i in sources for i in ids)


def test_the_embedded_server_counts_the_prompt_we_count():
    """In the recording, each article's first brief request (tool and tool_choice sent, as a run sends them)
    cost the prompt tokens of its messages in the GGUF's chat template, counted by SmolLM2's tokenizer: the
    tool schema is the server's grammar, not prompt text (bench/RESULTS.md, section 9). `--estimate`'s
    count of the same messages is within 10% of it."""
    import sys

    import yaml

    sys.path.insert(0, str(ROOT))  # bench/ is not installed (as in tests/test_estimate.py)
    from bench.tokens import chatml_counter
    from summarizer.model.tokens import counter

    chatml, estimate = chatml_counter(), counter(embedded=True)
    if chatml is None or estimate.name != "SmolLM2 tokenizer":
        pytest.skip("llama_cpp or the embedded model is not installed")
    firsts = [
        (i["request"]["parsed_body"], i["response"]["body"]["parsed_json"]["usage"]["prompt_tokens"])
        for i in yaml.safe_load(CASSETTE.read_text(encoding="utf-8"))["interactions"]
        if (i["request"].get("parsed_body") or {}).get("tools", [{}])[0].get("function", {}).get("name") == "BriefDraft"
        and len(i["request"]["parsed_body"]["messages"]) == 2
    ]
    assert len(firsts) == 5 and all("tool_choice" in body for body, _ in firsts)
    for body, reported in firsts:
        assert chatml(body["messages"]) == reported
        assert abs(estimate.request(body["messages"], []) - reported) <= 0.10 * reported
