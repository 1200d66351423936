"""Test set-up: cassettes per test module under cassettes/, readable, scrubbed, replay-only by default.

`make record` re-records every cassette against the embedded model (pytest --record-mode=rewrite).
In replay mode no test reaches a model: the embedded server is pointed at a closed port, so a request
that matches no cassette fails fast instead of starting a server.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cassette_format

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ (the fake model server) for the `fake` fixture
if TYPE_CHECKING:
    from bench.fake_server import ThreadedFakeServer
# Web residue the sample corpus carries; none of it may reach a brief's content.
BOILERPLATE = [
    "Most Commented",
    "Become a Patron",
    "Read more:",
    "en_USEnglish",
    "(Visited 1 times",
    "304 North Cardinal St.",
    "Physical Address",
    "cup of coffee",
    "Related:",
    "About The Author",
]
CORPUS = ROOT / "evals" / "datasets" / "kursk-2024" / "articles"


def pytest_recording_configure(config, vcr):
    vcr.register_serializer("yaml", cassette_format)
    vcr.register_matcher("json_body", cassette_format.json_body_matcher)


@pytest.fixture(scope="module")
def vcr_cassette_dir(request) -> str:
    return str(ROOT / "cassettes" / request.module.__name__.split(".")[-1])


def _vcr_config() -> dict:
    return {
        "filter_headers": list(cassette_format.SECRET_HEADERS),
        # host and port are left out: the embedded server listens on a random port when recording
        "match_on": ["method", "path", "json_body"],
        "decode_compressed_response": True,
        "before_record_response": cassette_format.scrub_response,
    }


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    return _vcr_config()


def make_vcr(record_mode: str):
    """A VCR configured like pytest-recording's, for fixtures wider than one test."""
    import vcr

    config = _vcr_config()
    recorder = vcr.VCR(record_mode=record_mode, path_transformer=vcr.VCR.ensure_suffix(".yaml"), **config)
    recorder.register_serializer("yaml", cassette_format)
    recorder.register_matcher("json_body", cassette_format.json_body_matcher)
    return recorder


def replay_env(monkeypatch: pytest.MonkeyPatch, record_mode: str, cache_dir: Path) -> None:
    """Settings for a run under a cassette: none from the developer's environment (any of them could change
    a recorded request), an own cache, and no server started when only replaying."""
    for name in [n for n in os.environ if n.startswith("SUMMARIZER_")] + ["OPENAI_API_KEY"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(cache_dir))
    if record_mode == "none":
        monkeypatch.setenv("SUMMARIZER_EMBEDDED_URL", "http://127.0.0.1:9/v1")
        monkeypatch.setenv("SUMMARIZER_TRANSPORT_RETRIES", "0")  # an unmatched request fails at once


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch, record_mode):
    """Each test gets its own cache and no model settings from the developer's environment."""
    replay_env(monkeypatch, record_mode, tmp_path / "cache")


@pytest.fixture
def corpus() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedFakeServer]:
    """`bench.fake_server` on 127.0.0.1 as the configured model (no judge: tests count the brief calls)."""
    from bench.fake_server import ThreadedFakeServer

    server = ThreadedFakeServer()
    monkeypatch.setenv("SUMMARIZER_BASE_URL", server.url)
    monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
    monkeypatch.setenv("SUMMARIZER_NO_JUDGE", "1")  # these count the brief calls; the judge has its own tests
    yield server
    server.close()
