"""Rules that recognise web boilerplate paragraphs: donation appeals, address blocks, link lists.

Each rule names what it drops, so a brief can say what was left out and why. Rules are ours because
article extractors (trafilatura, readability) work on HTML structure; plain-text copies of web pages
carry the same residue with no markup left to tell it apart. Tested on the sample corpus.
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE

# (reason, pattern matched against the whole stripped paragraph)
_WHOLE: list[tuple[str, re.Pattern[str]]] = [
    (
        "link list heading",
        re.compile(
            r"(most (commented|read|popular|viewed|shared)|related( articles| posts| stories)?|read more|"
            r"see also|more from \w+|original source|about the author|share this( article)?|advertisement|"
            r"recommended|trending( now)?|you may also like|comments?)\s*:?",
            _FLAGS,
        ),
    ),
    ("donation appeal", re.compile(r"become a (patron|member|supporter)!?", _FLAGS)),
    ("address block", re.compile(r"physical address|mailing address|postal address", _FLAGS)),
    (
        "address block",
        re.compile(
            r"\d{1,6}\s+[\w .]+\b(st|street|ave|avenue|rd|road|blvd|lane|ln|dr|drive)\.?"
            r"(\s*\n\s*[\w .]+,\s*[A-Z]{2}\s+\d{5}(-\d{4})?)?",
            _FLAGS,
        ),
    ),
    ("address block", re.compile(r"[\w .]+,\s*[A-Z]{2}\s+\d{5}(-\d{4})?")),
    ("language picker", re.compile(r"([a-z]{2}_[A-Z]{2}\s*[A-Z][a-z]+\s*)+")),
    ("visit counter", re.compile(r"\(visited \d+ times?(, \d+ visits? today)?\)", _FLAGS)),
    (
        "credit line",
        re.compile(
            r".{0,60}\b(contributed to this report|reporting by .{0,80}|"
            r"editing by .{0,80})\.?",
            _FLAGS,
        ),
    ),
    (
        "share buttons",
        re.compile(r"((share|tweet|email|print|facebook|twitter|whatsapp|linkedin)\s*)+", _FLAGS),
    ),
]

# Phrases that mark a paragraph as an appeal for money or sign-ups wherever they occur in it.
_APPEAL = re.compile(
    r"\b(support (us|our (work|journalism|reporting))|readers like you|"
    r"join our community|help us produce|cost of one cup of coffee|you could close this page|"
    r"become a (patron|co-creator|member|subscriber)|subscribe (now|today)|"
    r"sign up for our newsletter|we keep our reporting open)",
    _FLAGS,
)
_APPEAL_MIN_HITS = 1
# "donate" appeals only when it speaks to the reader or for the outlet ("Please donate to keep our
# journalism free"): news of a disaster reports donations ("a special fund to receive donations").
_DONATE = re.compile(r"\bdonat(e|ion)s?\b", _FLAGS)
_ADDRESS = re.compile(r"\b(you|your|we|our|us|please)\b", _FLAGS)

# Text that speaks to a language model rather than to a reader: an instruction planted in a page ("ignore
# previous instructions", "you are an AI", "as a language model, write the headline ..."). News quotes such
# text only rarely, and a brief loses little by leaving such a paragraph out; a model that reads it may
# obey it, and its words could then "support" what it asked for.
_ADDRESSES_MODEL = re.compile(
    r"\b(ignore|disregard|forget) (all |any )?(the )?(previous|prior|above|earlier|preceding) "
    r"(instructions?|prompts?|rules|directions)\b|"
    r"\b(you are|you're|act as) (now )?(an? )?(ai|assistant|language model|llm|chatbot|large language model)\b|"
    r"\bas an? (ai|language model|llm)\b|\b(system|developer) prompt\b|"
    r"\b(new|updated) instructions?:|"
    r"\b(write|set|make|output|respond with|reply with|print) (the |your |a )?"
    r"(headline|summary|answer|output|response)\b.{0,40}\b(as|to|with|:)",
    _FLAGS,
)


def boilerplate_reason(text: str) -> str | None:
    """Why this paragraph is boilerplate, or None when it is article text."""
    stripped = text.strip()
    for reason, pattern in _WHOLE:
        if pattern.fullmatch(stripped):
            return reason
    if _DONATE.search(stripped) and _ADDRESS.search(stripped):
        return "donation appeal"
    if len(_APPEAL.findall(stripped)) >= _APPEAL_MIN_HITS:
        return "donation appeal"
    if _ADDRESSES_MODEL.search(stripped):
        return "addresses an AI model, not the reader (possible prompt injection)"
    return None


_CREDIT_OUTLET = re.compile(r"^(?P<outlet>[A-Z][\w&.]*(?: [A-Z][\w&.]*){0,3})[’']s? .{0,60}contributed to this report")


def outlet_from_credit(text: str) -> str | None:
    """The outlet named in a credit line such as "CNN’s Paul P. Murphy contributed to this report."."""
    m = _CREDIT_OUTLET.match(text.strip())
    return m.group("outlet") if m else None
