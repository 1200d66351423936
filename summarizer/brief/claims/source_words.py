"""The words and patterns by which a sentence names who says something: verbs of saying, the bodies news
quotes ("the interior ministry", "Greece’s fire brigade"), "according to X", and the cuts between clauses."""

from __future__ import annotations

import re

# Not "recorded": "Al Haouz recorded 1,293 deaths" names where they were counted, not who counted them.
SOURCE_VERBS = (
    "said|says|say|told|tells|puts|put|estimates|estimated|expects|expected|projects|projected|forecast|"
    "forecasts|predicted|reported|reports|announced|credited|counted|counts|confirmed|"
    "proposed|requested|sought|warned|blamed|called|dismissed|described|denied|rejected|accused|urged|insisted|"
    "argued|acknowledged|admitted"
)
# a body named by its kind ("the interior ministry", "Greece’s fire brigade", "the state’s chief secretary")
BODY_NOUNS = (
    r"(?:ministry|agency|government|commission|council|police|army|military|brigade|service|authority|"
    r"authorities|court|regulator|company|union|office|secretary|minister|spokesman|spokeswoman|spokesperson|"
    r"officials?|institute|survey|centre|center|committee|bank|opposition|campaign|party|coalition|alliance|"
    r"rebels|group|team|club|firm|league|federation|association|poll|results|figures|count|data)"
)
BODY = (
    rf"\b(?:(?:[Tt]he|[Aa]n?|[A-Z][\w-]*[’']s)\s+)(?:[a-z][\w-]*\s+){{0,3}}{BODY_NOUNS}"
    r"(?:\s+(?:in|of|for)\s+[A-Z][\w-]*)?"
)
NAMED_SOURCE = re.compile(
    rf"(?P<who>{BODY}|(?:(?:the|a|an)\s+)?(?:[A-Z][\w’'.&-]*\s+(?:(?:of|for|and)\s+)?){{0,5}}[A-Z][\w’'.&-]*"
    rf"|(?:economists|analysts|officials|experts)(?:\s+polled\s+by\s+[A-Z][\w’'.-]*)?)"
    rf"\s+(?:(?:has|have|had|also|now|had\s+been)\s+)?(?:{SOURCE_VERBS})\b"
)
# "according to X": X runs to the next comma, semicolon or sentence end ("U.S." keeps its dots)
ACCORDING = re.compile(
    r"\b(?:according to|citing|cited by|polled by|(?:poll|survey|projection|estimate|count)s?\s+(?:\w+\s+){0,2}?by)"
    r"\s+(?P<who>(?:[^,;:.]|\.(?=\S))+?)(?=\s+(?:for|that|which|on|in|projected|showed|put)\b|[,;:]|\.(?!\S)|$)"
)

# "The interior ministry has the National Rally on 33.1%": a body that has, gives or shows a value is its source
HAS_ON = re.compile(rf"^\W*(?P<who>{BODY})\s+(?:has|had|gives|gave|shows|showed)\b(?=[^.;]*?\b(?:on|at)\s+[$€£]?\d)")
# what follows a source that speaks for the number after it ("said 2,012", "puts it at about 3,000")
NUMBER_NEXT = re.compile(rf"\s*(?:(?:{SOURCE_VERBS})\b)?\s*(?:about|some|nearly|almost|at least|more than)?\s*[$€£]?\d")
# a source that closes what it says ("…, X said." "…, X said on Monday," "the 33.2% Ipsos projected,")
CLAIM_BEFORE = re.compile(rf"\s*(?:(?:{SOURCE_VERBS})\b(?:\s+(?:on\s+)?\w+day)?)?\s*[,.;]")

# "below the 53% increase it had requested": "it" that says or asks for the number it follows
PRONOUN_AFTER = re.compile(
    rf"\s*(?:%|per\s*cent)?\s*(?:[a-z-]+\s+){{0,2}}(?:that\s+|which\s+)?it\s+(?:has\s+|had\s+)?(?:{SOURCE_VERBS})\b"
)
# what "it" may stand for: a body named by its kind with at most one word before its noun, or a name
CANDIDATE = re.compile(
    rf"\b(?:[Tt]he|[Aa]n?|[A-Z][\w-]*[’']s)\s+(?:[a-z][\w-]*\s+)?{BODY_NOUNS}\b|(?:[A-Z][\w’'.&-]*\s+){{0,3}}[A-Z][\w’'.&-]*"
)
# "the 1,500 that South Korea’s NIS said …": a source in a relative clause speaks for the number before it
RELATIVE = re.compile(r"^\s*(?:[\w-]+\s+){0,2}(?:that|which|whom)\s+$")
# a clause that goes on with the source as its subject ("…, though he gave no details")
GOES_ON = re.compile(r"\s+(?:it|he|she|they)\s+(?!said|says|told|added)")
# where a sentence turns to another subject
NEXT_CLAUSE = re.compile(r";|,\s+(?:while|but|though|although|whereas|as|and)\b")
