"""People, organisations and places an article names, found by rules (see `find_entities`).

Rule-based on purpose: no NER model is available (we rejected anonymous spaCy model repackagings and add no
dependencies). News prose types most names by their surroundings: a title or role before a name ("President",
"Lt. Gen.", "spokesman") or a "said"-speaker pattern makes a person; a keyword in the name ("Ministry",
"Brigade", "Times") or a known body ("CNN", "Kremlin") makes an organisation; a small gazetteer or a pattern
("X region", "X Oblast", "in X") makes a place. A capitalised run no rule types is left out, which is what
keeps sentence-initial words ("The", "Meanwhile", "Here’s") out. `attribution.py` shares this lexicon.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from summarizer.read.article import Article
from summarizer.schemas import Entity


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PLACES = words(
    """Ukraine Russia Korea China Japan Belarus Finland Poland Germany France Britain U.S. US USA UK U.K.
    Europe Asia Moscow Kyiv Kiev Pyongyang Seoul Washington Beijing Tokyo Minsk Kursk Belgorod Bryansk
    Donbas Donetsk Luhansk Kharkiv Zaporizhzhia Kherson Crimea Pokrovsk Vladivostok Siberia Ulan-Ude
    Saratov Indo-Pacific Pacific Sudzha Khabarovsk Rostov"""
) | {"North Korea", "South Korea", "United States", "Far East", "Pacific Ocean", "Black Sea"}
ORGS = words("CNN NATO UN U.N. EU BRICS NYT Kremlin Pentagon KCNA ATESH") | {"White House"}
ORG_WORDS = words(
    """Ministry Agency Service Services Council Intelligence Command Army Brigade Office Group Times
    Association Center Centre School Assembly Forces Union Institute Committee Department Directorate
    Battalion Regiment Division Corps Post News Press Journal Party Government Parliament Guard Staff
    Bank Fund Commission University Embassy Organization Organisation Movement"""
)
PLACE_WORDS = words("Oblast Province Region Ground Sea Ocean Peninsula Krai Republic")
TITLES = words(
    """President Secretary Minister Gen. Lt. Col. Maj. Capt. Sgt. Adm. Colonel General Commander-in-Chief
    Commander Chief Director Spokesman Ambassador Senator Sen. Rep. Prime Chancellor Vice Deputy Admiral
    Mr. Ms. Mrs. Dr. Governor Gov. Mayor King Premier Marshal Lieutenant Leader Chairman Envoy Prof."""
)
# Lowercase words that name a role: the capitalised run right after one is a person ("spokesman John Kirby").
ROLE_WORDS = words(
    """spokesman spokeswoman spokesperson expert analyst official director commander minister president
    general leader chief envoy ambassador adviser advisor researcher correspondent colonel lieutenant
    officer"""
)
ORG_BEFORE = words("movement group agency outlet newspaper company broadcaster network")
PLACE_AFTER = words(
    "region area sector front oblast province city field camp border district village town frontier peninsula"
)
DEMONYMS = words(
    """Ukrainian Ukrainians Russian Russians Korean Koreans American Americans Chinese Western European
    Soviet Japanese Finnish Belarusian Asian"""
) | {"North Korean", "North Koreans", "South Korean", "South Koreans"}
STOP = words(
    """the a an and but or so meanwhile however moreover whatever here’s here's those these this that in on
    at for with if when while as according after before following even currently how what why where who
    it its they their he his she her we our there any some many most multiple several one another both
    each are is was were did do does read become about related more experts analysts military recent
    leaked though although since by from to of will would could"""
)
MONTHS_DAYS = words(
    """January February March April May June July August September October November December Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday"""
)
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|(?:Lt|Gen|Col|Maj|Capt|Sgt|Adm|Mr|Mrs|Ms|Dr|St|Rep|Sen|Gov|Jr|Sr|Prof)\.|"
    r"[A-Z]\.(?=\s[A-Z])|[\w*]+(?:[-’'][\w*]+)*"
)
MODIFIER = re.compile(r"^(\w+)-(?:based|led|backed|supplied|made|born|run|owned|occupied|controlled|style)$")
_POSSESSIVE = re.compile(r"[’']s$")

Cand = tuple[str, str | None, int]  # name, type (None: untyped, only counts towards a known entity), offset


_DEMONYM_FORM = re.compile(r"[A-Z][a-z]+(?:ian|ean|can|ese|ish)s?")


def is_demonym(word: str) -> bool:
    """A nationality adjective or noun: listed ("Russian", "North Korean") or of the common forms
    ("Moroccan", "Lebanese", "Spanish")."""
    return word in DEMONYMS or bool(_DEMONYM_FORM.fullmatch(word))


def _cap(tok: str) -> bool:
    return tok[:1].isupper() and len(tok) > 1 and not any(c.isdigit() for c in tok)


def org_like(name: str) -> bool:
    words = _core(name).split()
    return name in ORGS or (bool(words) and (words[-1] in ORG_WORDS or words[-1] in ORGS))


def place_like(name: str) -> bool:
    words = _core(name).split()
    return name in PLACES or (bool(words) and words[-1] in PLACE_WORDS)


def _core(name: str) -> str:
    """The head part of a name: before " of ", without a leading "The"."""
    return re.sub(r"^(?:[Tt]he) ", "", name.split(" of ")[0])


def _runs(article: Article) -> list[list[tuple[int, int]]]:
    """Capitalised token runs (offsets) in kept paragraphs; "of"/"the"/"for" may join capitalised words."""
    text, runs = article.text, []
    for p in article.kept:
        starts = {s.start for s in article.sentences_in(p)}
        toks = [m.span() for m in _TOKEN.finditer(text, p.start, p.end)]
        run: list[tuple[int, int]] = []
        for i, (a, b) in enumerate(toks):
            tok, gap = text[a:b], text[run[-1][1] : a] if run else ""
            nxt = text[slice(*toks[i + 1])] if i + 1 < len(toks) else ""
            mod = MODIFIER.match(tok)
            if run and (gap.strip() or tok in MONTHS_DAYS or mod):
                runs.append(run)
                run = []
            if mod and mod.group(1) in PLACES:
                runs.append([(a, a + len(mod.group(1)))])
            elif _cap(tok) and tok not in MONTHS_DAYS and not mod:
                if not run and (tok == "The" or ((a in starts or text[a - 1 : a] in '“"(') and tok.lower() in STOP)):
                    continue  # a sentence-initial function word
                run.append((a, b))
            elif run and tok in ("of", "the", "for") and _cap(nxt) and (tok != "the" or text[slice(*run[-1])] == "of"):
                run.append((a, b))
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
    return runs


def _split(article: Article, run: list[tuple[int, int]], speakers: set[str]) -> list[Cand]:
    """Type one run, split at possessives ("Russia’s Kursk") and titles ("Defense Secretary Lloyd Austin")."""
    text = article.text
    while run and text[slice(*run[-1])] in ("of", "the", "for"):
        run = run[:-1]
    if not run:
        return []
    words = [text[a:b] for a, b in run]
    name = text[run[0][0] : run[-1][1]]
    for i, w in enumerate(words[:-1]):  # "Russia’s Kursk", "CNN’s Paul P. Murphy": split after a known name
        left = _POSSESSIVE.sub("", text[run[0][0] : run[i][1]])
        if _POSSESSIVE.search(w) and (left in PLACES or org_like(left)):
            return _split(article, [*run[:i], (run[i][0], run[i][1] - 2)], speakers) + _split(
                article, run[i + 1 :], speakers
            )
    name = _POSSESSIVE.sub("", name)
    titles = [i for i, w in enumerate(words) if w in TITLES]
    if titles and not org_like(name):
        rest = run[titles[-1] + 1 :]
        first = titles[0]
        while first > 0 and words[first - 1] in TITLES:
            first -= 1
        head = _split(article, run[:first], speakers) if first and words[first - 1] not in DEMONYMS else []
        if rest and text[slice(*rest[0])] == "of":  # "Secretary of Defense Lloyd Austin", "Chief of the DIU"
            rest = [r for r in rest[1:] if text[slice(*r)] != "the"] if len(rest) > 1 else []
            comp = text[rest[0][0] : rest[-1][1]] if rest else ""
            if not rest or org_like(comp) or place_like(comp) or len(rest) < 3 or " of " in comp:
                return [*head, *_split(article, rest, speakers)]
            return [*head, (text[rest[-2][0] : rest[-1][1]], "person", rest[-2][0])]
        if rest:
            return [*head, (_POSSESSIVE.sub("", text[rest[0][0] : rest[-1][1]]), "person", rest[0][0])]
        return head
    before = re.search(r"(\w+)\s+$", text[max(0, run[0][0] - 30) : run[0][0]])
    after = re.match(r"\s+(\w+)", text[run[-1][1] : run[-1][1] + 30])
    bw, aw = (before.group(1) if before else ""), (after.group(1) if after else "")
    if name in DEMONYMS or len(name) < 2 or name in ORG_WORDS | PLACE_WORDS:
        return []
    if org_like(name) or (bw in ORG_BEFORE and name.isupper()):
        kind: str | None = "organization"
    elif place_like(name) or (aw.lower() in PLACE_AFTER and aw.islower()):
        kind = "place"
    elif bw in ROLE_WORDS or name in speakers:
        kind = "person"
    elif bw in ("in", "near", "across", "throughout") and name not in ("West", "East"):
        kind = "place"
    else:
        kind = None
    return [(name, kind, run[0][0])]


# Words left out when two names are compared: titles, demonyms, determiners.
_TITLE_WORDS = {w.rstrip(".").lower() for w in TITLES}
_PLACE_WORDS_LOWER = {p.lower() for p in PLACES}
NOISE = _TITLE_WORDS | {w.lower() for w in DEMONYMS} | {"the", "a", "an", "foreign", "defense", "first"}


def name_words(name: str) -> list[str]:
    """Lowercase words of a name's head without titles, a trailing "y" dropped ("Zelenskyy"). The head is the
    part before " of " ("Defense Intelligence of Ukraine"), or after it when a title precedes ("Secretary of
    Defense Lloyd Austin"), without a place as possessor ("Ukraine’s Defense Intelligence")."""
    head, sep, tail = re.sub(r"^(?:[Tt]he) ", "", name).partition(" of ")
    if sep and any(w.rstrip(".").lower() in _TITLE_WORDS for w in head.split()):
        return name_words(tail)
    poss = re.match(r"(.+?)[’']s (.+)", head)
    if poss and poss.group(1).lower() in _PLACE_WORDS_LOWER:
        head = poss.group(2)
    words = re.findall(r"[\w-]+", re.sub(r"[’']s\b", "", head))
    return [w.lower().rstrip("y") for w in words if w.lower() not in NOISE]


def _match(short: list[str], long: list[str]) -> bool:
    """One name's words (`name_words`) are a prefix or suffix of the other's: "Zelensky" ~ "Volodymyr
    Zelenskyy"."""
    a, b = sorted((short, long), key=len)
    return bool(a) and (b[: len(a)] == a or b[-len(a) :] == a)


def find_entities(article: Article, speakers: set[str]) -> list[Entity]:
    """People, organisations and places named in kept paragraphs, most-mentioned first (ties: first seen),
    at most 25. A later shorter name merges into a longer one it starts or ends ("Zelensky" into "Volodymyr
    Zelensky", "Defense Intelligence" into "Defense Intelligence of Ukraine") and the longest spelling is
    kept; spellings that differ ("Zelenskyy"/"Zelensky") stay apart across articles. An untyped run only
    counts as a mention of the one entity it matches. `speakers`: the names the article quotes as sources
    (`attribution.person_speakers`), typed as people."""
    found: list[list] = []  # [name, type, count, first offset]
    heads: dict[str, list[str]] = {}  # name_words of each spelling, worked out once

    def head(name: str) -> list[str]:
        if (w := heads.get(name)) is None:
            w = heads[name] = name_words(name)
        return w

    for run in _runs(article):
        for name, kind, pos in _split(article, run, speakers):
            name_head = head(name)
            same = [e for e in found if (kind is None or e[1] == kind) and _match(name_head, head(e[0]))]
            if len(same) == 1 or (same and kind):
                e = same[0]
                e[2] += 1
                if len(name_head) > len(head(e[0])):
                    e[0] = name
            elif kind and not same:
                found.append([name, kind, 1, pos])
    found.sort(key=lambda e: (-e[2], e[3]))
    return [Entity(name=n, type=k, origin="fallback") for n, k, _, _ in found[:25]]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _norm(text: str) -> str:
    return " ".join(_ascii(text.translate(str.maketrans("’‘“”", "''\"\""))).casefold().split())


def same_speaker(a: str, b: str, defined: dict[str, str] | None = None) -> bool:
    """Whether two names denote the same source, ignoring case, diacritics, punctuation, titles and a
    trailing "y" ("Zelensky" ~ "Ukrainian President Volodymyr Zelenskyy"): the head words of one name (before
    " of ", without titles or a place as possessor) are a prefix or suffix of the other's, and hold a proper
    name ("Jo" ~ "Jo Hyun Gi", "Ukraine’s Defense Intelligence" ~ "The Defense Intelligence of Ukraine (DIU)",
    "Ukraine" !~ either). Descriptions with no proper name must match whole ("the Ukrainian official" ~ "The
    Ukrainian official", not ~ "a senior Ukrainian official"). An acronym is its name when the name's initials
    spell it ("USGS" ~ "the U.S. Geological Survey") or `defined` (`acronyms`) gives it that name ("the IEC"
    ~ "Electoral Commission of South Africa", defined as "Electoral Commission of South Africa (IEC)")."""
    words = re.findall(r"[\w-]+", _ascii(f"{a} {b}"))
    proper = {w.lower().rstrip("y") for w in words if w[:1].isupper() and w.lower() not in NOISE}
    if not proper:
        strip = re.compile(r"^(?:the|a|an) |[^\w\s']")
        return strip.sub("", _norm(a)) == strip.sub("", _norm(b))
    if _acronym_of(a, b) or _acronym_of(b, a):
        return True
    for x, y in ((a, b), (b, a)):  # an acronym the corpus defines: "the IEC" ~ "Electoral Commission of ..."
        acr = re.fullmatch(r"(?:[Tt]he\s+)?([A-Z]{2,6})", x.strip())
        if defined and acr and acr.group(1) in defined and same_speaker(defined[acr.group(1)], y):
            return True
    for x in _norm(a).split(", "):  # "South Korea’s spy agency, the National Intelligence Service (NIS)"
        for y in _norm(b).split(", "):
            short, long = sorted((name_words(x), name_words(y)), key=len)
            if proper & set(short) and (long[: len(short)] == short or long[-len(short) :] == short):
                return True
    return False


def _initials(name: str) -> str:
    """Initials of a name's head words (before " of ", no titles or articles): "U.S. Geological Survey" →
    "USGS", "European-Mediterranean Seismological Centre" → "EMSC"."""
    head = re.sub(r"^(?:[Tt]he) ", "", _ascii(name)).split(" of ")[0]
    parts = re.findall(r"(?:[A-Z]\.)+|[A-Za-z][\w’']*", head)
    return "".join(w.replace(".", "") if "." in w else w[0] for w in parts if w.lower() not in NOISE).upper()


def _acronym_of(short: str, name: str) -> bool:
    """`short` is an acronym ("the IEC", "USGS") that the initials of `name`'s head words spell ("U.S.
    Geological Survey"). Two letters at least, and a name of two words or more."""
    m = re.fullmatch(r"(?:[Tt]he\s+)?(?:[A-Z][a-z]+\s+)?([A-Z]{2,6})", _ascii(short).strip())
    return bool(m) and len(name.split()) >= 2 and _initials(name) == m.group(1)


_DEFINED = re.compile(r"((?:[A-Z][\w’'-]*\s+(?:(?:of|the|for|and)\s+)*)*[A-Z][\w’'-]*)\s+\(([A-Z]{2,6})\)")


def acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Short forms the texts define in brackets, to the name before them: "the Electoral Commission of
    South Africa (IEC)" gives {"IEC": "Electoral Commission of South Africa"}; the first definition wins."""
    out: dict[str, str] = {}
    for text in texts:
        for m in _DEFINED.finditer(text):
            out.setdefault(m.group(2), re.sub(r"^(?:The|A|An)\s+", "", m.group(1)))
    return out


def speaks_for(person: str, body: str, defined: dict[str, str] | None = None) -> bool:
    """Whether `person`'s own words name `body` as theirs: "Commission chairperson Mosotho Moepya" speaks
    for "the Electoral Commission of South Africa" (the body's head noun), "Tessaline CEO Dana Whitlock" for
    "Tessaline"; "The IEC" is read through `defined` (`acronyms`)."""
    acr = re.fullmatch(r"(?:[Tt]he\s+)?([A-Z]{2,6})", body.strip())
    if defined and acr and acr.group(1) in defined:
        body = defined[acr.group(1)]
    head, own = name_words(body), name_words(person)
    return bool(head) and len(own) > len(head) and head[-1] in own[:-1]


def mentioned(article: Article, name: str) -> bool:
    """Whether a (model-written) name occurs in the article: case, diacritics, curly vs straight quotes and
    whitespace do not matter; the name must start and end on word boundaries."""
    needle = _norm(name).strip()
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", _norm(article.text)) is not None
