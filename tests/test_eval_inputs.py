"""Hostile gold and floors files: `eval` reads only the articles beside its gold file, and YAML aliases
(a "billion laughs") are refused where they are met instead of expanding in whatever walks the data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from evals import GoldError, load_gold
from evals.cli import eval_cmd
from evals.floors import FloorsError, load_floors


def gold_naming(tmp_path: Path, file: str) -> Path:
    gold = tmp_path / "set" / "gold.yaml"
    gold.parent.mkdir(parents=True, exist_ok=True)
    gold.write_text(
        f"corpus: {{id: t, event: t}}\narticles:\n  - id: A1\n    file: {file}\n    figures: []\n", encoding="utf-8"
    )
    return gold


@pytest.mark.parametrize("file", ["../secret.txt", "articles/../../secret.txt", "ABSOLUTE", "articles/link.txt"])
def test_an_article_outside_the_gold_folder_is_refused(tmp_path: Path, file: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not an article: a secret", encoding="utf-8")
    (tmp_path / "set" / "articles").mkdir(parents=True)
    os.symlink(secret, tmp_path / "set" / "articles" / "link.txt")  # inside by name, outside in fact
    file = str(secret) if file == "ABSOLUTE" else file
    gold = gold_naming(tmp_path, file)
    with pytest.raises(GoldError) as caught:
        load_gold(gold)
    assert str(caught.value) == (
        f"gold.yaml: A1: article {file} is outside the gold file's folder {(tmp_path / 'set').resolve()}"
    )
    result = CliRunner().invoke(eval_cmd, [str(gold)])
    assert result.exit_code == 1 and "outside the gold file's folder" in result.output
    assert "a secret" not in result.output


def test_an_article_beside_or_below_the_gold_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "set" / "articles").mkdir(parents=True)
    (tmp_path / "set" / "articles" / "a.txt").write_text("Five hundred people came.", encoding="utf-8")
    gold = load_gold(gold_naming(tmp_path, "articles/./a.txt"))
    assert gold.articles[0].text == "Five hundred people came."


LAUGHS = "".join(f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + LAUGHS


def test_a_billion_laughs_gold_file_is_refused(tmp_path: Path) -> None:
    gold = tmp_path / "gold.yaml"
    gold.write_text(BOMB + "corpus: {id: t, event: t}\narticles: [*i]\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"^gold.yaml: not valid YAML at line 2: aliases \(\*name\) are not allowed"):
        load_gold(gold)


def test_a_billion_laughs_floors_file_is_refused(tmp_path: Path) -> None:
    floors = tmp_path / "floors.yaml"
    floors.write_text(BOMB + "figure_recall: *i\n", encoding="utf-8")
    with pytest.raises(FloorsError, match=r"not valid YAML at line 2: aliases"):
        load_floors(floors)
