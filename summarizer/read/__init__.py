"""Stage 1, read: files, folders, HTML or text in; `Article`s out.

Takes: paths (.txt, .md, .html) or text. Gives: an `Article` whose text is never edited, its paragraphs,
and the boilerplate paragraphs marked as dropped, each with the rule that dropped it.
May not: call a model, or import any later stage (it depends only on `errors` and `schemas`).
"""
