"""`summarizer brief` and `summarize` on URLs, link lists and feeds, end to end: pages from a site on
127.0.0.1 (`bench/web_site.py`), model calls to `bench.fake_server` (real HTTP on 127.0.0.1, no cassette)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.fake_server import ThreadedFakeServer  # noqa: E402
from bench.web_site import Site, closed_port  # noqa: E402
from summarizer.cli.main import main  # noqa: E402


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.close()


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedFakeServer]:
    server = ThreadedFakeServer()
    monkeypatch.setenv("SUMMARIZER_BASE_URL", server.url)
    monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
    yield server
    server.close()


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def citations(briefing: dict[str, Any]) -> list[dict[str, Any]]:
    """Every record in the briefing that points into an article: citations, ledger values, timeline
    events, claims (anything with an article_id and a paragraph)."""
    found = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "article_id" in node and "paragraph" in node:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: v for k, v in briefing.items() if k != "briefs"})
    return found


def test_a_feed_of_20_is_briefed_and_a_rerun_fetches_nothing(
    site: Site, model: ThreadedFakeServer, tmp_path: Path
) -> None:
    feed = site.url("/feed.xml")
    first = run("brief", "--feed", feed, "--allow-private", "--format", "json", "-o", str(tmp_path / "a.json"))
    assert first.exit_code == 0, first.output
    assert "fetched 21 URLs: 21 downloaded, 0 unchanged" in first.stderr
    assert "briefing of 20 of 20 articles" in first.stderr
    assert site.downloads() == 21  # the feed and its 20 pages
    calls = model.stats()["requests"]
    assert calls >= 20

    briefing = json.loads((tmp_path / "a.json").read_text())
    urls = {site.url(f"/articles/{n}.html") for n in range(1, 21)}
    assert {s["source"] for s in briefing["sources"]} == urls
    assert {s["outlet"] for s in briefing["sources"]} == {"Valley Courier"}
    cited = citations(briefing)
    assert len(cited) > 100 and {c["article_id"] for c in cited} <= urls  # every citation names its URL
    published = [e for e in briefing["timeline"] if e["kind"] == "published"]
    assert sorted(e["date"] for e in published) == [f"2024-10-{n:02d}" for n in range(1, 21)]

    log = len(site.log)
    again = run("brief", "--feed", feed, "--allow-private", "--format", "json", "-o", str(tmp_path / "b.json"))
    assert again.exit_code == 0, again.output
    assert "fetched 21 URLs: 0 downloaded, 21 unchanged since the last run" in again.stderr
    assert site.log[log:] == [(path, 304) for path, _ in site.log[log:]] and len(site.log) - log == 21
    assert model.stats()["requests"] == calls  # same articles, same cache keys: no model call
    rerun = json.loads((tmp_path / "b.json").read_text())
    assert rerun["model_calls"] == 0
    for key in ("sources", "ledger", "timeline", "developments", "executive_summary"):
        assert rerun[key] == briefing[key]


def test_markdown_citations_link_their_urls(site: Site, model: ThreadedFakeServer) -> None:
    urls = [site.url(f"/articles/{n}.html") for n in (3, 4, 5)]
    result = run("brief", *urls, "--allow-private")
    assert result.exit_code == 0, result.output
    md = result.stdout
    refs = re.findall(r"\[(A\d+)(?: · [^\]]*?)? ¶\d+\](\(<[^>]*>\))?", md)
    assert len(refs) > 10
    labels = {f"A{i + 1}": url for i, url in enumerate(urls)}
    assert all(link == f"(<{labels[label]}>)" for label, link in refs), refs
    ledger = md.split("## Figure ledger", 1)[1].split("## What they agree on", 1)[0]
    cells = re.findall(r"\| (\[?A\d+ · Valley Courier\]?[^|]*) \| \d+ \|", ledger)  # the article and ¶ columns
    assert len(cells) > 5 and all(re.fullmatch(r"\[(A\d+) · Valley Courier\]\(<(.+)>\)", c) for c in cells), cells
    assert all(labels[m[0]] == m[1] for m in re.findall(r"\[(A\d+) · Valley Courier\]\(<([^>]+)>\)", ledger))
    sources = md.split("## Sources", 1)[1]
    assert all(f"[{url}](<{url}>)" in sources for url in urls)
    assert "| published |" in sources and "3 Oct 2024" in sources


def test_html_citations_carry_their_urls(site: Site, model: ThreadedFakeServer) -> None:
    urls = [site.url(f"/articles/{n}.html") for n in (6, 7)]
    result = run("brief", *urls, "--allow-private", "--format", "html")
    assert result.exit_code == 0, result.output
    chips = re.findall(r'<a class="(?:cite|src)" href="#src-(A\d+)"( title="[^"]*")?>', result.stdout)
    assert len(chips) > 5
    labels = {f"A{i + 1}": url for i, url in enumerate(urls)}
    assert all(title == f' title="{labels[label]}"' for label, title in chips), chips
    assert all(f'<a href="{url}"><code class="muted">{url}</code></a>' in result.stdout for url in urls)


def test_every_bad_input_is_one_line_and_the_rest_is_briefed(
    site: Site, model: ThreadedFakeServer, tmp_path: Path
) -> None:
    links = tmp_path / "links.txt"
    links.write_text(f"# reading list\n{site.url('/articles/2.html')}\nwww.example.org/story\n")
    port = closed_port()
    bad = {
        "/missing": "HTTP 404 Not Found",
        "/error": "HTTP 500 Internal Server Error",
        "/loop-a": f"redirect loop: {site.base}/loop-a → {site.base}/loop-b → {site.base}/loop-a",
        "/empty.html": "no article text on this page (only 9 characters outside menus and footers)",
        "/photo.png": "not an article: the server sent image/png (an HTML page, a PDF or plain text is read)",
        "/huge.html": "too large: 50.0 MB, more than the 25 MB limit; not downloaded",
        "/scan.pdf": "no text layer in this PDF (1 page, a scan?); run OCR on it first, e.g. ocrmypdf",
    }
    args = [str(links), site.url("/report.pdf"), *(site.url(p) for p in bad)]
    args += [f"http://127.0.0.1:{port}/x", "ftp://example.org/a", "file:///etc/passwd", "data:text/html,hi"]
    result = run("brief", *args, "--feed", site.url("/empty-feed.xml"), "--allow-private", "--format", "json")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {links}:3: not a URL: www.example.org/story (write it with http:// or https://)",
        *(f"error: {site.url(p)}: {why}" for p, why in bad.items()),
        f"error: http://127.0.0.1:{port}/x: cannot connect to 127.0.0.1:{port} (Connection refused)",
        "error: ftp://example.org/a: only http:// and https:// URLs are read, not ftp:",
        "error: file:///etc/passwd: only http:// and https:// URLs are read, not file:",
        "error: data:text/html,hi: only http:// and https:// URLs are read, not data:",
        f"error: {site.url('/empty-feed.xml')}: no entries in this feed",
    ]
    assert "briefing of 2 of 15 articles" in result.stderr
    briefing = json.loads(result.stdout)
    assert [s["source"] for s in briefing["sources"]] == [site.url("/articles/2.html"), site.url("/report.pdf")]
    assert len(briefing["failed"]) == 13  # the briefing lists what it could not read


def test_loopback_needs_allow_private(site: Site, model: ThreadedFakeServer) -> None:
    url = site.url("/articles/1.html")
    result = run("brief", url)
    assert result.exit_code == 1 and not site.log
    assert result.stderr.splitlines() == [
        f"error: {url}: 127.0.0.1 is a loopback address; pass --allow-private to read internal hosts",
        "nothing to brief: the input could not be read",
    ]


def test_summarize_urls_to_jsonl_resumes(site: Site, model: ThreadedFakeServer, tmp_path: Path) -> None:
    out = tmp_path / "briefs.jsonl"
    args = ["summarize", "--feed", site.url("/feed.xml"), "--since", "2024-10-18", "--allow-private"]
    first = run(*args, site.url("/report.pdf"), "-o", str(out))
    assert first.exit_code == 0, first.output
    assert "feed.xml: 3 of 20 entries taken by --since" in first.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    wanted = [site.url("/report.pdf")] + [site.url(f"/articles/{n}.html") for n in (20, 19, 18)]
    assert sorted(r["source"] for r in records) == sorted(wanted)  # written as they finish
    pdf = next(r for r in records if r["source"].endswith(".pdf"))
    assert pdf["title"] == "Valley flood assessment" and pdf["published"] == "2024-10-22"
    calls = model.stats()["requests"]
    again = run(*args, site.url("/report.pdf"), "-o", str(out))
    assert again.exit_code == 0, again.output
    assert "4 of 4 briefs" in again.stderr and "4 already in" in again.stderr
    assert model.stats()["requests"] == calls


def test_cache_info_and_clear_count_fetched_pages(site: Site, tmp_path: Path) -> None:
    from summarizer.read.sources import ReadOptions, gather

    cache = tmp_path / "cache"  # the conftest's SUMMARIZER_CACHE_DIR
    gather([site.url("/articles/1.html"), site.url("/articles/2.html")], ReadOptions(allow_private=True))
    assert f"fetched pages: 2 in {cache / 'pages'}" in run("cache", "info").stdout
    assert run("cache", "clear").stdout.strip() == "removed 0 cached answers and 2 fetched pages"
    assert "fetched pages: 0" in run("cache", "info").stdout


def test_usage_errors(tmp_path: Path) -> None:
    assert run("brief").exit_code == 2
    limited = run("brief", str(tmp_path), "--limit", "3")
    assert limited.exit_code == 2 and "--since and --limit choose among feed entries" in limited.stderr
    since = run("summarize", "--feed", "f.xml", "--since", "last week")
    assert since.exit_code == 2 and "'last week' is neither a span such as 2d" in since.stderr
