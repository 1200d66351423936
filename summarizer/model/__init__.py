"""The model: structured calls to any OpenAI-compatible endpoint, and everything around one call.

Takes: messages and a response model. Gives: a validated object and its token usage. Holds the client
and its transport, transport retries and pool-wide pacing, the disk cache, the embedded llama.cpp server,
prompt templates and settings, the schema a model sees, token counts, prices, and a meter that counts
calls instead of making them (`--estimate`).
May not: import `read`, `extract` or any later stage: it knows nothing of articles, only of calls.
"""
