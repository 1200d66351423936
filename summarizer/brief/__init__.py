"""Stage 3, brief: one article to one `ArticleBrief`.

Takes: an article and its analysis (`extract`), and the model (`model`). Gives: an `ArticleBrief` in
which every model-written field passed the checks against the article, or was drawn from the text and
marked as a fallback.
May not: import `briefing`, `render`, `batch`, `api` or `cli`.
"""
