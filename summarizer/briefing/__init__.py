"""Stage 4, briefing: many `ArticleBrief`s to one `CorpusBriefing`.

Takes: the briefs of a corpus (the map step). Gives: the figure ledger with where sources disagree and
agree, the timeline, who said what, key developments, and a model-written executive summary that is
checked against the briefs' records (the reduce step).
May not: import `render`, `batch`, `api` or `cli`; works on the briefs' records, not on raw article text.
"""
