"""Hostile text in articles and file names reaches Markdown output as text, never as HTML: the output is
rendered by a CommonMark renderer with raw HTML enabled (as a viewer would) and must hold no tag of ours
from the article."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.fake_server import ThreadedFakeServer  # noqa: E402
from summarizer.cli.main import main  # noqa: E402
from summarizer.render.formatting import md_code, md_safe  # noqa: E402

HOSTILE = (
    "Port <script>alert(1)</script> report <img src=x onerror=alert(2)>\n\n"
    "The port authority said on Monday that 1200 containers arrived <img src=x onerror=alert(3)> last week, "
    "up from 900 a week earlier. <!-- hidden --> <a href='javascript:alert(4)'>more</a>\n\n"
    'Harbor master Jane Doe said "<b onmouseover=alert(5)>we are fine</b>," Doe said.\n'
)
# No tag an article could carry may come out of the renderer (its own <p>, <h1>, <table>, ... are fine)
INJECTED = re.compile(r"<(script|img|a |b |!--|iframe)", re.I)


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


@pytest.mark.parametrize("command", ["summarize", "brief"])
def test_markdown_shows_html_from_articles_and_file_names_as_text(
    fake: ThreadedFakeServer, tmp_path: Path, command: str
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a`<img src=x onerror=alert(6)>`.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "plain.txt").write_text(HOSTILE.replace("1200", "1300"), encoding="utf-8")
    out = tmp_path / "out.md"
    result = CliRunner().invoke(main, [command, str(corpus), "-o", str(out), "--workers", "0"])
    assert result.exit_code == 0, result.output
    markdown = out.read_text(encoding="utf-8")
    assert "&lt;script>alert(1)&lt;/script>" in markdown  # shown, as typed
    html = rendered(markdown)
    assert not INJECTED.search(html), INJECTED.search(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the viewer shows the text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a`<img src=x>`.txt", "a`<img src=x>`.txt"),
        ("``x``", "``x``"),
        ("plain.txt", "plain.txt"),
    ],
)
def test_a_code_span_shows_any_file_name_verbatim(text: str, shown: str) -> None:
    html = rendered(md_code(text))
    assert "<img" not in html
    assert re.sub(r"</?(p|code)>\n?", "", html).replace("&lt;", "<").replace("&gt;", ">") == shown


def test_a_lone_less_than_is_left_as_written() -> None:
    assert md_safe("fewer than <5 and a<b") == "fewer than <5 and a&lt;b"
