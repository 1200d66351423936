"""A cache that is damaged, read-only or cannot be written never stops a run: it warns once, naming the
path, and the run goes on uncached (or served from what a read-only cache holds). The faults are made in a
temporary cache folder; the model is `bench.fake_server` on 127.0.0.1."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import diskcache
import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.corpus import write_corpus  # noqa: E402
from bench.fake_server import ThreadedFakeServer  # noqa: E402
from summarizer.cli.main import main  # noqa: E402
from summarizer.model.cache import Cache  # noqa: E402


def filled(directory: Path, n: int = 40) -> Path:
    with Cache(directory) as cache:
        for i in range(n):
            cache.set(f"k{i}", {"data": {"text": "x" * 300}, "valid": True, "errors": []})
    return directory / "cache.db"


def garbage(directory: Path) -> None:
    directory.mkdir(parents=True)
    (directory / "cache.db").write_bytes(b"this is not a database\n" * 10)


def truncated(directory: Path) -> None:
    db = filled(directory)
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 3])


def bad_page(directory: Path) -> None:
    db = filled(directory)
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    data[page : 3 * page] = b"\xff" * (2 * page)  # the table's pages after the schema page
    db.write_bytes(bytes(data))


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "summarizer.model.cache"]


@pytest.mark.parametrize("damage", [garbage, truncated, bad_page])
def test_a_damaged_cache_is_named_and_the_run_goes_on(
    damage: Callable[[Path], None],
    fake: ThreadedFakeServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache_dir = tmp_path / "cache"
    damage(cache_dir)
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    runner = CliRunner()
    run = runner.invoke(main, ["summarize", str(corpus), "-o", str(tmp_path / "b.jsonl"), "--workers", "0"])
    assert run.exit_code == 0, run.output
    assert "3 of 3 briefs" in run.stderr and "unexpected" not in run.stderr
    said = warnings_of(caplog)
    if said:  # a truncated file can still read as an empty database; then there is nothing to say
        assert len(said) == 1 and str(cache_dir) in said[0] and "damaged" in said[0]

    info = runner.invoke(main, ["cache", "info"])
    assert info.exit_code == 0 and info.exception is None, info.output
    cleared = runner.invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 0 and cleared.exception is None, cleared.output
    with Cache(cache_dir) as cache:  # cleared: a working cache again
        cache.set("k", {"data": None, "valid": False, "errors": []})
        assert cache.get("k") == {"data": None, "valid": False, "errors": []} and cache.problem is None


def test_clearing_a_damaged_cache_removes_only_its_files(tmp_path: Path) -> None:
    garbage(tmp_path / "c")
    (tmp_path / "c" / "notes.txt").write_text("mine")
    (tmp_path / "c" / "ab" / "cd").mkdir(parents=True)
    (tmp_path / "c" / "ab" / "cd" / "0123.val").write_text("value")
    result = CliRunner().invoke(main, ["cache", "clear", "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0
    assert result.output.strip() == f"removed the damaged cache at {tmp_path / 'c'} (2 files) and 0 fetched pages"
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["notes.txt"]


def unopenable(*args: object, **kwargs: object) -> diskcache.Cache:
    # What sqlite says when the folder is read-only (diskcache opens in WAL mode, which writes beside the
    # file). As root no permission stops a write, so the refusal is played at this seam.
    raise sqlite3.OperationalError("unable to open database file")


def test_a_read_only_cache_serves_what_it_holds(
    fake: ThreadedFakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    runner = CliRunner()
    first = runner.invoke(main, ["summarize", str(corpus), "-o", str(tmp_path / "a.jsonl"), "--workers", "0"])
    assert first.exit_code == 0 and fake.stats()["requests"] == 3
    write_corpus(tmp_path / "more", 5)  # articles 3 and 4 are new
    monkeypatch.setattr("summarizer.model.cache.diskcache.Cache", unopenable)
    second = runner.invoke(
        main, ["summarize", str(tmp_path / "more"), "-o", str(tmp_path / "b.jsonl"), "--workers", "0"]
    )
    assert second.exit_code == 0, second.output
    assert "5 of 5 briefs" in second.stderr and "3 from cache" in second.stderr
    assert fake.stats()["requests"] == 5  # only the two new articles were asked
    [said] = warnings_of(caplog)
    assert said == (
        f"warning: the cache at {tmp_path / 'cache'} cannot be written (unable to open database file); "
        "serving what it holds"
    )
    cleared = runner.invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 1 and isinstance(cleared.exception, SystemExit)
    assert f"cannot clear the cache at {tmp_path / 'cache'}: it cannot be written" in cleared.output


def test_a_cache_that_stops_taking_writes_warns_once(
    fake: ThreadedFakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(diskcache.Cache, "set", full)
    write_corpus(tmp_path / "corpus", 4)
    run = CliRunner().invoke(
        main, ["summarize", str(tmp_path / "corpus"), "-o", str(tmp_path / "b.jsonl"), "--workers", "0"]
    )
    assert run.exit_code == 0 and "4 of 4 briefs" in run.stderr, run.output
    [said] = warnings_of(caplog)
    assert str(tmp_path / "cache") in said and "database or disk is full" in said


def test_an_entry_of_the_wrong_shape_is_a_miss(fake: ThreadedFakeServer, tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 2)
    out = tmp_path / "b.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["summarize", str(tmp_path / "corpus"), "-o", str(out)]).exit_code == 0
    with Cache(tmp_path / "cache") as cache:
        store = cache._open()
        assert isinstance(store, diskcache.Cache)
        keys = list(store.iterkeys())
        cache.set(keys[0], {"data": {"headline": 7}, "valid": True, "errors": []})
        cache.set(keys[1], {"data": None, "valid": "yes"})
    again = runner.invoke(main, ["summarize", str(tmp_path / "corpus"), "-o", str(out), "--no-resume"])
    assert again.exit_code == 0, again.output
    assert "2 of 2 briefs" in again.stderr and "0 from cache" in again.stderr
    assert fake.stats()["requests"] == 4
