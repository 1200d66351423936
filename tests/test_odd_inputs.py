"""Odd article files, read as a user would hand them over: UTF-16, YAML front matter, a page that is only
navigation, a subfolder that cannot be read. Each is read, or refused with one line naming it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.extract.analysis import analyse
from summarizer.read.ingest import collect_paths, read_article

TEXT = (
    "Port traffic rises\n\n"
    "The port authority said on Monday that 1200 containers arrived last week, up from 900 a week earlier.\n"
)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.txt"
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}.get(encoding, "")
    path.write_bytes((bom + TEXT).encode(encoding))
    article = read_article(path)
    assert article.title == "Port traffic rises"
    assert [f.quote for f in analyse(article).figures if f.value == 1200] == ["1200 containers"]


def test_utf16_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode("utf-16-le"))
    with pytest.raises(InputError, match=r"a\.txt: looks like UTF-16 text without a byte-order mark; convert it"):
        read_article(path)
    (tmp_path / "b.bin").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match="looks like a binary file"):
        read_article(tmp_path / "b.bin")


def test_front_matter_is_not_article_text(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: Port traffic\ndate: 2024-10-23\nword_count: 1234\n---\n\n" + TEXT, encoding="utf-8")
    analysis = analyse(path)
    values = [f.value for f in analysis.figures]
    assert 1234 not in values and "2024-10-23" not in values and 1200 in values
    assert analysis.article.paragraphs[0].dropped == "front matter"


def test_a_page_of_navigation_only_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "home.html"
    page.write_text(
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a>"
        "</nav><p>Home</p><footer>About us</footer></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"home\.html: no article text on this page \(only \d+ characters"):
        read_article(page)


def test_an_unreadable_subfolder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(TEXT, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(TEXT, encoding="utf-8")
    # As root no permission stops a read, so the refusal the system gives a user is played at os.scandir
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(os.fsdecode(path)) == locked:
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(InputError) as caught:
        collect_paths([tmp_path])
    assert str(caught.value) == f"{locked}: cannot read this folder (Permission denied); fix it or leave it out"
    monkeypatch.setattr(os, "scandir", real)
    assert collect_paths([tmp_path]) == [tmp_path / "locked" / "b.txt", tmp_path / "ok" / "a.txt"]
