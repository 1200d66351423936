"""One article to one `ArticleBrief`: code reads the figures, quotes and names; the model writes the prose
and refers to figures by id; `assemble` keeps only what passes the checks."""

from __future__ import annotations

from summarizer.brief.assemble import assemble
from summarizer.brief.draft import BriefDraft, draft_limits
from summarizer.brief.judge import Judge
from summarizer.brief.marks import marked
from summarizer.extract.analysis import Analysis
from summarizer.model.llm import LLM
from summarizer.model.prompts import PromptTemplate, load_template, prompt_dirs
from summarizer.read.article import Article
from summarizer.schemas import ArticleBrief, Figure, Usage

# Characters per token for sizing prompts without a tokenizer: English news runs about 4; 3.2 errs on the
# side of fitting. The schema and instructions take about this many tokens on top of the article.
_CHARS_PER_TOKEN = 3.2
_OVERHEAD_TOKENS = 1400


class ArticlePipeline:
    def __init__(self, llm: LLM, template: PromptTemplate | None = None, judge: Judge | None = None) -> None:
        self.llm = llm
        self.template = template or load_template("article_brief", *prompt_dirs(llm.settings))
        self.judge = judge  # the entailment judge, when a capable model is configured (`judge.py`)

    def messages(self, article: Article, figures: list[Figure]) -> tuple[list[dict[str, str]], list[str]]:
        """The chat messages for this article, cut to the model's context window; notes say what was cut."""
        settings = self.llm.settings
        budget = (settings.resolved_context_window - settings.max_tokens - _OVERHEAD_TOKENS) * _CHARS_PER_TOKEN
        paragraphs, used = [], 0
        for p in article.kept:
            line = len(p.text) + 8 + sum(6 for f in figures if f.paragraph == p.index)  # "¶n ", "[F12]"
            if used + line > budget and paragraphs:
                break
            paragraphs.append(p)
            used += line
        notes = []
        truncated = len(paragraphs) < len(article.kept)
        if truncated:
            notes.append(
                f"the article is longer than the model's context: the model read paragraphs "
                f"{paragraphs[0].index}-{paragraphs[-1].index} of {article.kept[-1].index}; figures, quotes "
                "and names come from the whole article"
            )
        # every figure but designations (Il-76, 11th Guards: names, not quantities) gets its id marked
        listed = [f for f in figures if f.kind != "designation"]
        shown = [{"index": p.index, "text": marked(p, listed)} for p in paragraphs]
        messages = self.template.render(
            title=article.title, paragraphs=shown, truncated=truncated, limits=draft_limits()
        )
        return messages, notes

    async def brief(self, analysis: Analysis) -> ArticleBrief:
        article, figures, quotes, entities = analysis.article, analysis.figures, analysis.quotes, analysis.entities
        messages, notes = self.messages(article, figures)
        result = await self.llm.structured(
            messages,
            BriefDraft,
            context={"article": article, "figures": figures},
            prompt_version=self.template.fingerprint,
        )
        draft = BriefDraft.model_validate(result.data) if result.data is not None else None
        brief = assemble(
            article,
            figures,
            quotes,
            entities,
            draft,
            model=self.llm.label,
            prompt_version=self.template.fingerprint,
            usage=result.usage or Usage(),
            notes=notes,
        )
        if self.judge:
            return await self.judge.review(brief, article)
        if any(t.origin == "model" for t in (brief.headline, brief.summary, *brief.key_points)):
            note = "model sentences were checked by rules, not by a judge model (none configured for this model)"
            brief = brief.model_copy(update={"notes": [*brief.notes, note]})
        return brief
