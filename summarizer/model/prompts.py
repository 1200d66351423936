"""Prompt templates: YAML files in `prompts/`, validated when loaded, rendered with strict variables."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from summarizer.errors import TemplateError, validation_lines

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False)


class PromptTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: int
    description: str = ""
    variables: list[str]
    system: str
    user: str

    @property
    def fingerprint(self) -> str:
        """`name@vN+hash`: the declared version plus a hash of the text, so an edit without a bump still
        changes every cache key that depends on it."""
        digest = hashlib.sha256((self.system + "\0" + self.user).encode()).hexdigest()[:8]
        return f"{self.name}@v{self.version}+{digest}"

    def render(self, **variables: Any) -> list[dict[str, str]]:
        """Chat messages for these variables. A missing or unexpected variable raises TemplateError."""
        missing = [v for v in self.variables if v not in variables]
        extra = [v for v in variables if v not in self.variables]
        if missing or extra:
            raise TemplateError(f"prompt {self.name}: missing variables {missing}, unexpected {extra}")
        try:
            return [
                {"role": "system", "content": _compiled(self.system).render(**variables).strip()},
                {"role": "user", "content": _compiled(self.user).render(**variables).strip()},
            ]
        except jinja2.UndefinedError as e:
            raise TemplateError(f"prompt {self.name}: {e.message}") from None


@cache
def _compiled(source: str) -> jinja2.Template:
    return _ENV.from_string(source)  # compiling costs ~1 ms a template; a batch renders thousands


def prompt_dirs(settings: Any) -> tuple[Path, ...]:
    """The folder to load templates from, as `load_template`'s optional argument."""
    return (Path(settings.prompts_dir),) if getattr(settings, "prompts_dir", None) else ()


@cache
def load_template(name: str, directory: Path = PROMPTS_DIR) -> PromptTemplate:
    path = directory / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError(f"prompt template not found: {path}") from None
    except yaml.YAMLError as e:
        raise TemplateError(f"{path}: not valid YAML ({e.__class__.__name__})") from None
    try:
        template = PromptTemplate.model_validate(data)
    except ValidationError as e:
        raise TemplateError(f"{path}: {validation_lines(e, 1)[0]}") from None
    for part in (template.system, template.user):
        try:
            _ENV.parse(part)
        except jinja2.TemplateSyntaxError as e:
            raise TemplateError(f"{path}: template syntax error line {e.lineno}: {e.message}") from None
    return template
