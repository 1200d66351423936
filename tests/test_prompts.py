"""Prompt templates load, validate, render strictly, and their fingerprint follows their text."""

from __future__ import annotations

import pytest

from summarizer.brief.draft import BriefDraft, draft_limits
from summarizer.errors import TemplateError
from summarizer.model.prompts import load_template
from summarizer.model.wire import json_schema

VARS = {
    "title": None,
    "paragraphs": [{"index": 1, "text": "3,000[F1] troops arrived."}],
    "truncated": False,
    "limits": {"key_points": 4, "figures": 8, "entities": 8, "quotes": 3},
}


def test_article_brief_template_renders_paragraphs_with_their_marked_figure_ids():
    messages = load_template("article_brief").render(**VARS)
    assert [m["role"] for m in messages] == ["system", "user"]
    assert messages[1]["content"] == "<article>\n¶1 3,000[F1] troops arrived.\n</article>"
    assert "Figures" not in messages[1]["content"]  # no list repeating the figures' words


def test_the_prompt_asks_for_what_the_schema_takes():
    """The counts in the system message are the schema's bounds, and its field names are the schema's."""
    limits = draft_limits()
    system = load_template("article_brief").render(**{**VARS, "limits": limits})[0]["content"]
    for name, n in limits.items():
        assert f"up to {n} {name if name != 'figures' else 'main figures'}" in system
    schema = json_schema(BriefDraft)["properties"]
    assert {"key_points", "figure_id", "attributed_to", "entities", "quotes"} <= set(schema) | set(
        schema["figures"]["items"]["properties"]
    )
    for word in ("figure_id", "attributed_to", "key_points", "5,000[F9]", "¶", "<article>"):
        assert word in system


def test_missing_variable_is_a_named_error():
    template = load_template("article_brief")
    with pytest.raises(TemplateError, match=r"missing variables \['truncated'\]"):
        template.render(**{k: v for k, v in VARS.items() if k != "truncated"})


def test_bad_template_files_are_refused(tmp_path):
    (tmp_path / "extra.yaml").write_text("name: x\nversion: 1\nvariables: []\nsystem: s\nuser: u\ncolour: red\n")
    (tmp_path / "syntax.yaml").write_text("name: x\nversion: 1\nvariables: []\nsystem: s\nuser: '{% for %}'\n")
    with pytest.raises(TemplateError, match="colour"):
        load_template("extra", tmp_path)
    with pytest.raises(TemplateError, match="syntax error"):
        load_template("syntax", tmp_path)
    with pytest.raises(TemplateError, match="not found"):
        load_template("absent", tmp_path)


def test_fingerprint_changes_with_text_and_version(tmp_path):
    body = "name: x\nversion: {v}\nvariables: []\nsystem: s\nuser: {u}\n"
    (tmp_path / "a.yaml").write_text(body.format(v=1, u="hello"))
    (tmp_path / "b.yaml").write_text(body.format(v=1, u="hello there"))
    (tmp_path / "c.yaml").write_text(body.format(v=2, u="hello"))
    a, b, c = (load_template(n, tmp_path).fingerprint for n in "abc")
    assert a.startswith("x@v1+") and c.startswith("x@v2+")
    assert len({a, b, c}) == 3
