"""Rendering: briefs and briefings as Markdown and self-contained HTML for people.

Takes: `ArticleBrief` and `CorpusBriefing` records (`schemas`). Gives: text. JSON is the records' own
`model_dump_json`.
May not: call a model or import any pipeline stage: it reads schemas only, so what it shows is what the
records hold.
"""
