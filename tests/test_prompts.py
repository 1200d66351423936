"""Prompt templates load, validate, render strictly, and their fingerprint follows their text."""

from __future__ import annotations

import pytest

from summarizer.errors import TemplateError
from summarizer.model.prompts import load_template

VARS = {
    "title": None,
    "paragraphs": [{"index": 1, "text": "Troops arrived."}],
    "figures": [{"id": "F1", "quote": "3,000 troops", "paragraph": 1}],
    "truncated": False,
    "limits": {"key_points": 4, "figures": 8, "entities": 8, "quotes": 3},
}


def test_article_brief_template_renders_paragraphs_and_figure_ids():
    messages = load_template("article_brief").render(**VARS)
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "[1] Troops arrived." in messages[1]["content"]
    assert 'F1 [1]: "3,000 troops"' in messages[1]["content"]


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
