"""The layout's rule holds: imports run down the pipeline (the contracts in pyproject.toml), and no module
imports another that imports it back, in the package or in bench/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(package_parent: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the `summarizer` package found in `package_parent`."""
    return subprocess.run(
        [str(LINT_IMPORTS), str(config), "--no-cache", "--no-logo"],
        cwd=package_parent,
        env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def cycles(package: str) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (strongly connected, size > 1)."""
    graph = grimp.build_graph(package, cache_dir=None)
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(m: str) -> None:  # Tarjan's algorithm; the package is small enough for recursion
        index[m] = low[m] = len(index)
        stack.append(m)
        for n in edges[m]:
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in stack:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            group = []
            while (n := stack.pop()) != m:
                group.append(n)
            group.append(m)
            if len(group) > 1:
                found.append(sorted(group))

    for m in modules:
        if m not in index:
            visit(m)
    return found


def test_the_package_keeps_its_import_contracts() -> None:
    result = lint_imports(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        ("extract/text.py", "from summarizer.model import cache", "Imports run down the pipeline"),
        ("read/article.py", "from summarizer.brief import draft", "Imports run down the pipeline"),
        ("render/formatting.py", "from summarizer.model import llm", "Rendering reads records"),
        ("extract/figures.py", "import instructor", "Code that reads articles never imports"),
    ],
)
def test_a_wrong_way_import_breaks_a_contract(tmp_path: Path, module: str, planted: str, contract: str) -> None:
    shutil.copytree(ROOT / "summarizer", tmp_path / "summarizer", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "summarizer" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{planted}  # planted\n", encoding="utf-8")
    result = lint_imports(tmp_path, tmp_path / "pyproject.toml")
    assert result.returncode == 1
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(line.startswith(contract) for line in broken), result.stdout[-3000:]


@pytest.mark.parametrize("package", ["summarizer", "bench"])
def test_no_import_cycles(package: str) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        assert cycles(package) == []
    finally:
        sys.path.remove(str(ROOT))
