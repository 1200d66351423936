"""Running many articles: resumable JSONL runs, provider batch files, worker processes for the analysis,
and the bill of a run before it is made (`estimate.py`).

Takes: paths and a `Summarizer`-like runner, or a provider's batch results. Gives: briefs on disk as they
finish, resumable after an interrupt, and answers put in the cache under the key a live call would use.
May not: import `api` or `cli` (it is handed what it runs).
"""
