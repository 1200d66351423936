"""Regression floors: scores a run must not fall below.

A floors file is YAML mapping top-level report scores (`figure_recall`, ...) to minimums in [0, 1].
`check_floors(report, path)` returns one line per score below its floor (empty: all pass). A score the
run did not measure (null, e.g. consensus_recall without a briefing) fails only when its floor is above 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from summarizer.errors import SummarizerError

from .data_yaml import load_data, problem
from .report import SCORES, pct


class FloorsError(SummarizerError):
    """A floors file that cannot be used."""


def load_floors(path: str | Path) -> dict[str, float]:
    path = Path(path)
    try:
        data = load_data(path.read_text(encoding="utf-8")) or {}
    except OSError as e:
        raise FloorsError(f"{path}: cannot be read ({e.strerror})") from None
    except yaml.YAMLError as e:
        raise FloorsError(f"{path}: not valid YAML{problem(e)}") from None
    if not isinstance(data, dict):
        raise FloorsError(f"{path}: expected a mapping of score names to minimums")
    floors = {}
    for key, value in data.items():
        if key not in SCORES:
            raise FloorsError(f"{path}: {key!r} is not a score (one of {', '.join(SCORES)})")
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise FloorsError(f"{path}: {key} must be a number from 0 to 1, not {value!r}")
        floors[key] = float(value)
    return floors


def check_floors(report: dict[str, Any], floors_path: str | Path) -> list[str]:
    """Failures, one line each, e.g. `figure_recall 61.5% is below its floor 70.0%`."""
    failures = []
    for key, floor in load_floors(floors_path).items():
        value = report.get(key)
        if value is None:
            if floor > 0:
                failures.append(f"{key} was not measured (floor {pct(floor)})")
        elif value < floor - 1e-9:
            failures.append(f"{key} {pct(value)} is below its floor {pct(floor)}")
    return failures
