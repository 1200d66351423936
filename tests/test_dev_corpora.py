"""Every corpus under evals/datasets, scored offline (code only, no model) against its gold and floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from evals import load_gold, score, to_json
from evals.floors import check_floors
from evals.offline import OFFLINE_MODEL, run_offline
from summarizer.cli.main import main

DATASETS = Path(__file__).resolve().parents[1] / "evals" / "datasets"
CORPORA = sorted(p.parent.name for p in DATASETS.glob("*/gold.yaml"))


@pytest.fixture(scope="module", params=CORPORA)
def report(request):
    gold = load_gold(DATASETS / request.param / "gold.yaml")
    briefs, briefing = run_offline([a.path for a in gold.articles])
    return request.param, to_json(score(gold, briefs, briefing))


def test_every_corpus_has_floors():
    assert len(CORPORA) >= 3
    assert all((DATASETS / c / "floors.yaml").exists() for c in CORPORA)


def test_offline_scores_meet_the_floors(report):
    corpus, data = report
    assert data["model"] == OFFLINE_MODEL
    assert check_floors(data, DATASETS / corpus / "floors.yaml") == []


def test_eval_offline_command_says_it_is_offline(tmp_path):
    gold = DATASETS / CORPORA[0] / "gold.yaml"
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["eval", str(gold), "--offline", "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["offline"] is True and data["model"] == OFFLINE_MODEL
    md = CliRunner().invoke(main, ["eval", str(gold), "--offline", "--no-floors"])
    assert md.exit_code == 0 and "(offline: no model)" in md.output.splitlines()[0]


def test_eval_offline_refuses_a_model(tmp_path):
    gold = DATASETS / CORPORA[0] / "gold.yaml"
    result = CliRunner().invoke(main, ["eval", str(gold), "--offline", "--model", "gpt-4o-mini"])
    assert result.exit_code == 2 and "--offline" in result.output


# Corpora whose ledger still flags a group holding two gold quantities (see the report of issue 14): the
# test documents the gap and fails loudly (strict) once a change removes it, so the mark comes off.
# None now: kursk-2024's North Korean troop counts, one group flagged from 1,500 to 12,000 until issue 14, are
# split by what their clause says the troops are doing (`ledger_people`).
STILL_MIXED: set[str] = set()


def test_no_sources_disagree_flag_on_a_group_holding_two_gold_quantities(report, request):
    corpus, data = report
    if data["grouping"] is None:
        pytest.skip(f"{corpus}: the gold has no quantity keys")
    if corpus in STILL_MIXED:
        request.applymarker(pytest.mark.xfail(strict=True, reason="mixed flagged groups remain"))
    assert data["grouping"]["mixed_flags"] == []
