"""YAML data files (gold annotations, floors) read safely: `yaml.safe_load` without aliases.

`safe_load` refuses to build objects, but not to share them: nine lines of nested aliases (a "billion
laughs") load in a millisecond as shared lists and then expand to 10^9 items in whatever walks them
(schema validation, scoring), which hangs. Hand-written data files need no aliases, so any alias is
refused where it is met, with its line. PyYAML has no switch for this; the loader below is the usual
override of `compose_node`.
"""

from __future__ import annotations

from typing import Any

import yaml


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in this file", event.start_mark
            )
        return super().compose_node(parent, index)


def load_data(text: str) -> Any:
    """The YAML document in `text`; raises `yaml.YAMLError` (with `problem_mark`) on bad YAML or an alias."""
    return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader subclass: builds no objects


def problem(error: yaml.YAMLError) -> str:
    """ " at line N: what" for a YAML error, as our one-line messages end."""
    mark = getattr(error, "problem_mark", None)
    what = getattr(error, "problem", None)
    return (f" at line {mark.line + 1}" if mark else "") + (f": {what}" if what else "")
