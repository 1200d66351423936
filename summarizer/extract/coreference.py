"""Sources named again in other words: "the agency", "the ministry", "the intelligence chief" after the
article has named the body or person once ("Morocco's Interior Ministry", "Lt. Gen. Kyrylo Budanov, head
of Ukraine's military intelligence agency"), and sources named through what they published ("the
ministry's breakdown", "figures released by the Interior Ministry").

Rules over the article text, for the reasons in `attribution`: a definite description resolves to the
last proper name before it whose words hold the description's head noun ("the ministry" → "Interior
Ministry", "Ministry of the Interior"); when none does, it stays as written (None is not better here: the
description is what the article says). Nothing is resolved across articles.
"""

from __future__ import annotations

import re

# "the agency", "the department", "the ministry's", "the intelligence chief": a head noun after "the"
# and at most two lowercase words.
_DESCRIPTION = re.compile(r"(?i:the|its)\s+(?:[a-z-]+\s+){0,2}?([a-z]+)$")
# A proper name: capitalised words, allowing "of", "the", "for", "and" between them ("Ministry of the
# Interior", "Electoral Commission of South Africa"), and a bracketed short form after it.
_PROPER = re.compile(  # words on one line, none ending a sentence ("Midrand.\n\nCommission" is two)
    r"(?:[A-Z][\w’'&-]*(?:\.(?=\w))?[\w’'&-]* +(?:(?:of|the|for|and|on) +)*)*[A-Z][\w’'&-]*(?: +\([A-Z][\w&.-]{1,9}\))?"
)
_HEADS = {"agency", "ministry", "department", "commission", "company", "court", "council", "institute",
          "service", "office", "bureau", "survey", "centre", "center", "authority", "committee", "government",
          "party", "alliance", "bank", "fund", "organisation", "organization", "university", "hospital"}  # fmt: skip


def resolve(text: str, description: str, before: int) -> str | None:
    """The proper name that `description` ("the ministry") stands for, as written in `text` before offset
    `before`, or None when the article has named no such body before."""
    m = _DESCRIPTION.fullmatch(description.strip())
    if not m or m.group(1) not in _HEADS:
        return None
    head = m.group(1)
    found = None
    for p in _PROPER.finditer(text, 0, before):
        name = p.group().strip()
        words = [w.lower().strip("’'.") for w in re.findall(r"[\w’'.&-]+", name)]
        if head in words and len(words) > 1:
            found = re.sub(r"^(?:The|A|An)\s+", "", name)
    return found
