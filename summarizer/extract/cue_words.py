"""The words of attribution in English news: verbs of saying and estimating, the words that end a source's
noun phrase, the lowercase heads a source may end in ("the Ukrainian official"), and the patterns of
sources named through what they published. Not any one story's: `cues` reads articles with them.
"""

from __future__ import annotations

import re

from summarizer.extract.entities import words

VERBS = (
    "said|says|say|told|tells|wrote|writes|estimates|estimated|reported|announced|announces|disclosed|"
    "revealed|reveals|reveal|warned|warns|confirmed|confirms|added|adds|stated|explained|noted|suggested|"
    "claimed|condemned|called(?! for)|warning|saying|estimating|putting the (?:figure|number|total|toll)|"
    # "The CSIR ... put the ANC on about 165 seats", "the survey puts turnout at 58%", "The USGS placed the
    # rupture at", "the same poll gave MK only 8.4%", "The American USGS gave a magnitude of 6.8"
    "(?:put|puts|placed|places|measured|measures|gave|gives)"
    "(?= (?:(?:the [\\w-]+|it|them|its [\\w-]+|[A-Z][\\w-]+) (?:on|at|only)|an? [\\w-]+ of) )|"
    # verbs of estimating and deciding a figure: "Some economists estimate the cost at", "she forecast revenue
    # of", "King Mohammed VI declared three days of national mourning" (not "expects": "an official cited by
    # the New York Times expects 5,000 to join" says what the official expects, not who counted it)
    "estimate|forecast|forecasts|declared|decreed"
)
# Verbs of estimating or deciding inside what someone says are the sayer's claim ("Raman said the company
# forecast ..." stays Raman's), like "X said that according to Y".
POSSESSOR = re.compile(r"[’']s?\s?$")  # "analysts’ forecast", "the company's forecast": a noun, no verb
JUDGING = words("estimate forecast forecasts declared decreed")
# "figures released by X", "results published by X": X is the source of the numbers it released.
PUBLISHED_BY = re.compile(
    r"(?<![\w-])(?:figures|toll|tolls|results|data|count|tally|estimates|statistics|numbers),?\s+"
    r"(?:released|published|issued|compiled|provided|announced)\s+by\b"
)
# "as measured by the U.S. Geological Survey", "the $24.4bn forecast by analysts polled by LSEG": the agent
# of a verb of measuring or estimating is the source of the value.
AGENT_BY = re.compile(
    r"(?<![\w-])(?:measured|estimated|forecast|polled|compiled|calculated|announced|confirmed)\s+by\b"
)
# "Under the constitution, the Assembly must sit within 14 days", "In terms of the Electoral Act, the
# Commission must declare ... within seven days": a figure a law or rule sets is the instrument's.
INSTRUMENT = re.compile(
    r"(?<![\w-])(?:[Uu]nder|[Ii]n terms of|[Pp]ursuant to|[Aa]s required by)\s+((?:the\s+)?(?:[A-Z][\w-]*\s+)*"
    r"(?i:constitution|act|law|rules|regulations|treaty|charter|statute|code|bylaws))\b(?![\w-])"
)
# "An Ipsos survey published in April put the ANC on 40.2%": a participle's phrase after a subject is no
# part of its name; the subject ends before it.
REDUCED_RELATIVE = re.compile(
    r"\s+(?:published|released|issued|conducted|carried out|commissioned|taken|compiled)\s+"
    r"(?:in|on|at|by|last|this)\b[^,]*$"
)
# "the same poll": the source named just before whose head is this noun or its kind's other name.
SAME = re.compile(r"(?i:the)\s+same\s+([a-z]+)")
# "The update, published at 4 p.m., said": a publication with no publisher named is the last body's.
PUBLICATION = re.compile(r"(?i:the)\s+(?:(?:latest|new|last|latest|most recent|official)\s+)?(?:update|bulletin)")
SAME_KIND = {"poll": "survey", "survey": "poll", "study": "report", "report": "study"}
# An actor's own money: "The European Union released €1 million", "GSA has released $500,000", "Global
# Shelter Alliance launches $7.5 million appeal": the one who gives or pledges an amount is its source.
GIVING = (
    r"(?:released|releases|pledged|pledges|allocated|allocates|donated|donates|earmarked|committed|commits|"
    r"launched|launches|unveiled|unveils)(?=\s+(?:an?\s+|its\s+|the\s+)?(?:[a-z]+\s+){0,2}?[$€£¥]\s?\d)"
)
# A name's words: a period only inside one or after an initial ("U.S."): "LSEG. Net profit" ends at "LSEG".
NAME_WORD = r"[A-Z](?:[\w&-]|\.(?=\w)|(?<=\b[A-Z])\.)*"
PUBLISHER = re.compile(rf"\s+((?:the\s+)?(?:{NAME_WORD}(?:[’']s)?\s+(?:of\s+(?:the\s+)?)?)*{NAME_WORD})")
# "The ministry's breakdown shows", "The Interior Ministry's most recent toll ... stands at", "The CSIR's
# final projection": the possessor of a published count is its source.
POSSESSIVE_SOURCE = re.compile(
    r"((?:[Tt]he\s+)?(?:[A-Z][\w.&-]*\s+)*(?:[A-Z][\w.&-]*|ministry|agency|commission|department|company|"
    r"government|court|council|institute|survey))[’']s\s+(?:[a-z-]+\s+){0,2}?(?:toll|figures|count|breakdown|"
    r"tally|data|projection|estimate|statement|report|results|survey|forecast|guidance)\b"
)
GAPPED = re.compile(r";\s+((?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3}?)\s+(?:at|on)\s+(?=\S*\d|about|around|some)")
CUE = re.compile(rf"(?<![\w-])(?:(?i:according) to|(?i:based) on|citing|cited|cites|{VERBS}|{GIVING})\b")
QUOTE_VERBS = words("called condemned")  # they attribute quoted words, not figures
WITH_VERBS = words("warning saying estimating putting")  # only in "with X warning …"
AUX = words("has have had also further previously repeatedly initially reportedly later then again recently")
CLAUSE = words(
    """is are was were be been will would could should can may might must do does did not no that which who
    what when where while if it they he she we i you them him there those these this on in to by into
    about over after before during since as than like through under against around near between until
    via week month year today yesterday his her its their our said says"""
)
EDGE = words("of with from at for and or the a an but so meanwhile however moreover whatever currently here’s")
SOURCE_NOUNS = words(  # a lowercase head a source's noun phrase may end in ("the Ukrainian official")
    """official officials analyst analysts expert experts source sources officer officers spokesman
    spokeswoman spokesperson representative representatives agency ministry department military army
    intelligence media report reports authorities diplomat diplomats chief commander commanders minister
    service services serviceman servicemen soldier soldiers analysis intercepts observers researchers
    statement document documents government governments leader leaders president secretary director
    general governor mayor embassy office command administration company firm police court prosecutors
    investigators group team campaign residents witnesses study survey data estimates monitor watchdog
    bureau council committee party newspaper outlet broadcaster network video footage regime aide aides
    adviser advisers advisor insider insiders member members journalist journalists reporter reporters
    lawmaker lawmakers senator senators economists scientists people commission institute centre center
    authority poll palace consulate consulates embassies update"""
)
GENERIC = re.compile(r"(?i)(?:(?:some|recent|unconfirmed|media|news|local|several|multiple|other)\s+)*reports?")
PRONOUNS = {"he", "she"}
ABBREV = re.compile(r"(?:[A-Z]\.)+|(?:Lt|Gen|Col|Maj|Capt|Sgt|Adm|Mr|Mrs|Ms|Dr|St|Rep|Sen|Gov|Jr|Sr)\.")
# “double”, "straight" and ‘single’ quotation marks (a closing ’ followed by a letter is an apostrophe)
QUOTES = re.compile(r"“([^“”]*)”|\"([^\"\n]*)\"|‘([^‘’\n]*(?:’\w[^‘’\n]*)*)’(?!\w)")
TRIM = '“”"‘’,.;: '
