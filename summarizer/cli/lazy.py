"""The command group that imports a command's module only when the command is named."""

from __future__ import annotations

import importlib
from typing import ClassVar

import click


class LazyGroup(click.Group):
    """Commands imported only when named, so a cached `brief` does not pay for the eval harness or the
    batch client. `eval` is absent where the `evals` package is not (it ships in the source tree)."""

    LAZY: ClassVar[dict[str, str]] = {
        "eval": "evals.cli:eval_cmd",
        "eval-checks": "evals.checks_cli:checks_cmd",
        "eval-answers": "evals.checks_cli:answers_cmd",
        "batch": "summarizer.cli.batch:batch",
        "cache": "summarizer.cli.cache_cmd:cache",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.LAZY:
            return super().get_command(ctx, name)
        module, attribute = self.LAZY[name].split(":")
        try:
            return getattr(importlib.import_module(module), attribute)
        except ModuleNotFoundError:
            return None
