"""Stage 2, extract: what code can read from an `Article` with certainty, before any model is asked.

Takes: an `Article`. Gives: an `Analysis`: figures (numbers, units, dates, hedges, whose quantity),
who is named as the source of each, quotes with speakers, people, organisations and places.
May not: import `model` or anything after it. Code only: nothing here calls a model, so every number,
quote and name a brief shows has a span in the article.
"""
