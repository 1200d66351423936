"""Stage 1, read: files, folders, HTML or text in; `Article`s out.

Takes: paths (.txt, .md, .html, .pdf), text, URLs, lists of URLs and feeds (`sources.gather`: fetched by
`fetch`, guarded by `guard`, cached by `page_cache`, feeds by `feeds`, PDFs by `pdf`, pages made articles
by `web`). Gives: an `Article` whose text is never edited, its paragraphs, and the boilerplate paragraphs
marked as dropped, each with the rule that dropped it.
May not: call a model, or import any later stage (it depends only on `errors` and `schemas`).
"""
