"""The corpus briefing renders for people: Markdown tables that keep each value with its quote and source,
and one self-contained, escaped HTML file with a chart per quantity that has several values."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from summarizer.render.briefing_html import briefing_html
from summarizer.render.briefing_markdown import briefing_markdown, format_date, stated
from summarizer.schemas import (
    Agreement,
    Citation,
    Claim,
    CorpusBriefing,
    Development,
    Disagreement,
    LedgerGroup,
    LedgerValue,
    SourceInfo,
    Span,
    Speaker,
    TimelineEvent,
    Usage,
)

OUTLETS = {"A1": "The New York Times", "A2": "Reuters", "A3": "Kyiv Independent"}
EVIL = 'several thousand <script>alert("x")</script> troops & officers'


def lv(
    article: str,
    text: str,
    value,
    quote: str,
    paragraph: int,
    *,
    unit="troops",
    norm=None,
    qualifier=None,
    by=None,
    actor="North Korean",
    sentence=None,
    what="North Korean troops in Kursk",
) -> LedgerValue:
    sentence = sentence or f"Officials said {quote} were now in the region."
    start = 40 * paragraph
    return LedgerValue(
        article_id=article,
        outlet=OUTLETS[article],
        figure_id=f"F{paragraph}",
        value=value,
        unit=unit,
        normalized_value=value if norm is None else norm,
        text=text,
        qualifier=qualifier,
        attributed_to=by,
        actor=actor,
        what=what,
        quote=quote,
        span=Span(start=start, end=start + len(quote)),
        paragraph=paragraph,
        sentence=sentence,
    )


def c(article: str, paragraph: int) -> Citation:
    return Citation(article_id=article, paragraph=paragraph)


TROOPS = [
    lv("A2", "1,500", 1500.0, "1,500 North Korean special forces", 4, by="South Korea's spy agency"),
    lv(
        "A1",
        "5,000",
        5000.0,
        "as many as 5,000 North Korean troops",
        5,
        qualifier="as many as",
        by="a senior Ukrainian official",
    ),
    lv("A1", "12,000", 12000.0, "as high as 12,000 troops", 3, qualifier="as high as", by="Ukraine"),
    lv("A3", "several thousand", None, EVIL, 2, by="the governments of South Korea | Ukraine"),
]
AREA = [
    lv(
        "A1",
        "400",
        400.0,
        "about 400 square miles",
        9,
        unit="square mile",
        norm=1035.99,
        qualifier="about",
        actor="Ukrainian",
        what="territory Ukraine took in Kursk",
    ),
    lv(
        "A3",
        "1,000",
        1000.0,
        "1,000 square kilometers",
        6,
        unit="km²",
        qualifier=None,
        actor="Ukrainian",
        what="territory Ukraine took in Kursk",
    ),
]
CASUALTIES = [
    lv(
        "A2",
        "30",
        30.0,
        "at least 30 North Korean soldiers",
        8,
        qualifier="at least",
        by="Ukrainian intelligence",
    ),
    lv(
        "A3",
        "1,200",
        1200.0,
        "about 1,200 North Korean soldiers",
        7,
        qualifier="about",
        by="a Pentagon official",
    ),
]
FIFTY_RU = lv(
    "A2",
    "50,000",
    50000.0,
    "50,000 Russian troops",
    10,
    by="Volodymyr Zelensky",
    actor="Russian",
    what="troops massed near Kursk",
)
FIFTY_UA = lv(
    "A3",
    "50,000",
    50000.0,
    "50,000 Ukrainian troops",
    9,
    by="a Russian commander",
    actor="Ukrainian",
    what="troops massed near Kursk",
)


def group(gid, quantity, unit, values, clusters, disagreement, note, actor="North Korean") -> LedgerGroup:
    return LedgerGroup(
        id=gid,
        quantity=quantity,
        quantity_origin="model",
        unit=unit,
        actor=actor,
        values=values,
        clusters=clusters,
        disagreement=disagreement,
        note=note,
    )


@pytest.fixture
def briefing() -> CorpusBriefing:
    return CorpusBriefing(
        title="North Korean troops in Kursk",
        model="SmolLM2-135M-Instruct (embedded)",
        prompt_versions=["article_brief@3", "corpus_reduce@1"],
        executive_summary="North Korean troops have reached Russia's Kursk region; estimates of their number "
        "range from 1,500 to 12,000.",
        executive_summary_origin="fallback",
        executive_summary_citations=[c("A1", 3), c("A2", 4), c("A1", 3)],
        developments=[
            Development(
                text="North Korean soldiers arrived in Kursk.",
                origin="model",
                articles=["A1", "A2"],
                citations=[c("A1", 1), c("A2", 1)],
            ),
            Development(
                text="Russia massed troops for a counterattack.",
                origin="fallback",
                articles=["A2"],
                citations=[c("A2", 10)],
            ),
        ],
        ledger=[
            group(
                "Q1",
                "North Korean troops in Kursk",
                "troops",
                TROOPS,
                [[0], [1], [2]],
                True,
                "Estimates differ eightfold: 1,500 to 12,000.",
            ),
            group(
                "Q2",
                "territory Ukraine took in Kursk (area)",
                "km²",
                AREA,
                [[0, 1]],
                False,
                "400 square miles is about 1,036 km²: the two agree.",
                actor="Ukrainian",
            ),
            group("Q3", "North Korean casualties", "troops", CASUALTIES, [[0], [1]], True, "30 against 1,200."),
            group("Q4", "troops massed near Kursk", "troops", [FIFTY_RU], [[0]], False, None, actor="Russian"),
            group("Q5", "troops massed near Kursk", "troops", [FIFTY_UA], [[0]], False, None, actor="Ukrainian"),
        ],
        disagreements=[
            Disagreement(
                kind="values",
                quantity="North Korean troops in Kursk",
                group_ids=["Q1"],
                values=TROOPS[:3],
                note="Three different estimates.",
            ),
            Disagreement(
                kind="attribution",
                quantity="troops massed near Kursk",
                group_ids=["Q4", "Q5"],
                values=[FIFTY_RU, FIFTY_UA],
                note="The same 50,000 is given to opposite sides.",
            ),
        ],
        agreements=[
            Agreement(
                statement="Ukraine's incursion into Kursk began in August",
                value="--08",
                articles=["A1", "A2", "A3"],
                count=3,
                citations=[c("A1", 9), c("A2", 2), c("A3", 1)],
                quotes=["in early August", "since August", "incursion in August"],
            ),
        ],
        timeline=[
            TimelineEvent(
                date="--08",
                text="Ukraine entered Kursk in early August.",
                quote="early August",
                article_id="A1",
                paragraph=9,
            ),
            TimelineEvent(
                date="2024-10-23",
                text="Troops arrived on October 23, 2024, officials said.",
                quote="October 23, 2024",
                article_id="A2",
                paragraph=3,
            ),
            TimelineEvent(
                date="--11-01",
                text="More were expected by November 1.",
                quote="November 1",
                article_id="A3",
                paragraph=5,
            ),
        ],
        speakers=[
            Speaker(
                name="Volodymyr Zelensky",
                aliases=["Zelensky", "Volodymyr Zelensky"],
                claims=[
                    Claim(
                        kind="quote",
                        text="We see an increase in North Korean troops.",
                        article_id="A2",
                        paragraph=6,
                    ),
                    Claim(kind="figure", text="50,000 Russian troops", article_id="A2", paragraph=10),
                ],
            ),
            Speaker(
                name="John Kirby",
                aliases=[],
                claims=[Claim(kind="quote", text="It is a dangerous development.", article_id="A1", paragraph=7)],
            ),
        ],
        sources=[
            SourceInfo(
                article_id="A1",
                source="articles/000_04b9726bf15f8aa7.txt",
                title="Thousands of North Korean Troops Arrive",
                outlet=OUTLETS["A1"],
                headline="North Korean troops reach Kursk",
                characters=6210,
                paragraphs=14,
                figures=17,
                dropped=["¶15 link list heading: Most Commented", "¶16 donation appeal"],
            ),
            SourceInfo(
                article_id="A2",
                source="articles/001.txt",
                title=None,
                outlet=OUTLETS["A2"],
                headline="Zelensky says Russia massing 50,000 troops",
                characters=3100,
                paragraphs=11,
                figures=9,
                dropped=[],
            ),
            SourceInfo(
                article_id="A3",
                source="articles/002.txt",
                title="Kursk update",
                outlet=OUTLETS["A3"],
                headline="Kursk update",
                characters=2800,
                paragraphs=9,
                figures=8,
                dropped=[],
            ),
        ],
        failed=["articles/003.txt: no text left after boilerplate removal"],
        usage=Usage(prompt_tokens=18234, completion_tokens=2210, attempts=5, failed_attempts=1),
        model_calls=5,
        notes=["A3: model input truncated to 3,000 characters"],
    )


# --- Markdown -------------------------------------------------------------------------------------


def section(md: str, title: str) -> str:
    return md.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_markdown_sections_in_order(briefing):
    md = briefing_markdown(briefing)
    titles = re.findall(r"^## (.+)$", md, re.M)
    assert titles == [
        "Executive summary",
        "Key developments",
        "Figure ledger",
        "Where sources disagree",
        "What they agree on",
        "Timeline",
        "Who said what",
        "Sources",
        "Notes and failures",
    ]
    assert md.startswith("# North Korean troops in Kursk\n")
    assert "SmolLM2-135M-Instruct (embedded) from 3 articles in 5 model calls" in md


def test_markdown_ledger_rows_hold_value_quote_and_source(briefing):
    ledger = section(briefing_markdown(briefing), "Figure ledger")
    for v in TROOPS[:3] + AREA + CASUALTIES:
        row = next(line for line in ledger.splitlines() if f"“{v.quote}”" in line)
        assert f"{v.text} " in row and f"{v.article_id} · {v.outlet}" in row and f"| {v.paragraph} |" in row
        assert v.attributed_to is None or v.attributed_to in row
    assert "### Q1 · North Korean troops in Kursk, in troops — ⚠ sources disagree" in ledger
    assert "> ⚠ Estimates differ eightfold" in ledger
    area_row = next(line for line in ledger.splitlines() if "“about 400 square miles”" in line)
    assert "| 400 square miles | 1,035.99 km² |" in area_row  # as stated, then converted
    assert "average" not in ledger.lower().replace("never averaged", "")


def test_markdown_escapes_pipes_and_newlines_in_cells(briefing):
    briefing.ledger[0].values[3] = TROOPS[3].model_copy(update={"quote": "a | b\nc"})
    ledger = section(briefing_markdown(briefing), "Figure ledger")
    assert "“a \\| b c”" in ledger
    assert "South Korea \\| Ukraine" in ledger
    assert "“several thousand &lt;script>alert" in briefing_markdown(
        briefing.model_copy(update={"ledger": [group("Q1", "troops", "troops", TROOPS, [], True, None)]})
    )  # shown, never rendered as HTML
    for table in re.findall(r"(?:^\|.*\n)+", ledger, re.M):  # every row as wide as its header
        assert len({len(re.findall(r"(?<!\\)\|", line)) for line in table.splitlines()}) == 1, table


def test_markdown_disagreement_lists_both_sides(briefing):
    part = section(briefing_markdown(briefing), "Where sources disagree")
    assert "### ⚠ Same number, different sides: troops massed near Kursk" in part
    rows = [line for line in part.splitlines() if "50,000" in line]
    assert any("Russian" in r and "“50,000 Russian troops”" in r and "A2 · Reuters" in r for r in rows)
    assert any("Ukrainian" in r and "“50,000 Ukrainian troops”" in r and "A3 · Kyiv Independent" in r for r in rows)
    assert "The same 50,000 is given to opposite sides." in part


def test_markdown_marks_fallback_and_cites(briefing):
    md = briefing_markdown(briefing)
    summary = section(md, "Executive summary")
    assert "12,000. † [A1 ¶3] [A2 ¶4]" in summary  # duplicate citation listed once
    assert "† drawn from the article text" in md
    assert "counterattack. † — reported by A2 · Reuters [A2 ¶10]" in section(md, "Key developments")


def test_markdown_other_sections(briefing):
    md = briefing_markdown(briefing)
    assert "in August — 3 articles (A1, A2, A3) [A1 ¶9] [A2 ¶2] [A3 ¶1]" in section(md, "What they agree on")
    assert "| 23 Oct 2024 | Troops arrived on October 23, 2024, officials said. | A2 · Reuters ¶3 |" in md
    speakers = section(md, "Who said what")
    assert "### Volodymyr Zelensky\n\n_also: Zelensky_" in speakers
    assert "- figure: “50,000 Russian troops” [A2 ¶10]" in speakers
    sources = section(md, "Sources")
    assert "¶15 link list heading: Most Commented; ¶16 donation appeal" in sources
    assert "6,210 chars, 14 ¶" in sources
    notes = section(md, "Notes and failures")
    assert "could not brief: articles/003.txt" in notes and "18,234 in / 2,210 out" in notes


@pytest.mark.parametrize(
    ("date", "shown"),
    [
        ("2024-10-23", "23 Oct 2024"),
        ("--11-01", "1 Nov"),
        ("2024-08", "Aug 2024"),
        ("--08", "Aug"),
        ("soon", "soon"),
    ],
)
def test_format_date(date, shown):
    assert format_date(date) == shown


@pytest.mark.parametrize(
    ("text", "unit", "value", "shown"),
    [
        ("2019", None, 2019, "2019"),  # a year as written, not "2,019"
        ("$11.7bn", "USD", 11.7e9, "$11.7bn"),  # as written, not "11,700,000,000 USD"
        ("2,000", "CNY", 2000, "2,000 CNY"),  # "2,000 yuan": the currency kept when no symbol says it
        ("162", "seat", 162, "162 seats"),
        ("1", "day", 1, "1 day"),
        ("Two", "week", 2, "Two weeks"),
        ("400", "square mile", 400, "400 square miles"),
        ("32", "percent", 32, "32%"),
        ("16.2 million", "South Africans", 16.2e6, "16.2 million South Africans"),
        ("2", "family", 2, "2 families"),
        ("17", "percentage point", 17, "17 percentage points"),
        ("three senior officers for every 30", "officers per men", 0.1, "three senior officers for every 30"),
    ],
)
def test_a_ledger_value_reads_as_its_article_writes_it(text, unit, value, shown):
    v = TROOPS[0].model_copy(update={"text": text, "unit": unit, "value": value, "normalized_value": value})
    assert stated(v) == shown


def test_a_value_scaled_by_its_words_reads_as_quoted():
    cents = TROOPS[0].model_copy(update={"text": "28", "unit": "USD", "value": 0.28, "quote": "28 cents"})
    assert stated(cents) == "28 cents"  # not "28 USD"
    hedged = cents.model_copy(update={"qualifier": "about", "quote": "about 28 cents"})
    assert stated(hedged) == "28 cents"  # the hedge has its own column


# --- HTML -----------------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source"}


class TagChecker(HTMLParser):
    """Every tag opened is closed, in order (void elements excepted)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.seen: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.seen.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def parse(html: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(html)
    checker.close()
    return checker


def test_html_is_well_formed_and_self_contained(briefing):
    html = briefing_html(briefing)
    checker = parse(html)
    assert checker.errors == [] and checker.stack == []
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert (
        "http://" not in html
        and "https://" not in html
        and "//" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    )
    assert "<script" not in html and "@import" not in html and "url(" not in html
    for tag, attrs in checker.seen:
        for name in ("src", "href", "action", "data"):
            assert not attrs.get(name) or attrs[name].startswith("#"), (tag, attrs)


def test_html_escapes_article_text(briefing):
    html = briefing_html(briefing)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; troops &amp; officers" in html
    assert "<script>" not in html


def test_html_chart_per_multi_value_group(briefing):
    html = briefing_html(briefing)
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
    # Q1 (three numbers, one vague), Q2 (two, one converted), Q3 (two): a chart each; Q4, Q5 have one value.
    assert len(svgs) == 3
    assert [s.count('<g class="mark">') for s in svgs] == [3, 2, 2]
    q1, q2, q3 = svgs
    assert "linear scale" in q1 and "log scale" in q3  # 1,200 / 30 > 20
    for v in TROOPS[:3]:
        assert f"<title>“{v.quote}” — {v.article_id} · {v.outlet} ¶{v.paragraph}" in q1
    assert 'class="band"' in q1 and 'class="band"' not in q2  # disagreement spread shaded
    assert len(set(re.findall(r'<circle class="(k\d)"', q1))) == 3  # three clusters, three colours
    assert len(set(re.findall(r'<circle class="(k\d)"', q2))) == 1  # they agree: one colour
    assert "Not plotted (no number to place): “several thousand” (A3 · Kyiv Independent)" in html


def test_html_values_sit_next_to_their_quotes(briefing):
    html = briefing_html(briefing)
    rows = re.findall(r"<tr>.*?</tr>", html, re.S)
    for v in TROOPS[:3] + AREA + CASUALTIES + [FIFTY_RU, FIFTY_UA]:
        row = next(r for r in rows if f"<summary>“{v.quote}”</summary>" in r)
        assert v.text in row and f"{v.article_id} · {v.outlet}" in row
    assert "⚠ sources disagree" in html
    assert html.count('<article class="disagreement">') == 2
    assert "about: <strong>Russian</strong>" in html and "about: <strong>Ukrainian</strong>" in html
    assert 'class="fb"' in html.split('id="summary"')[1].split("</section>")[0]


def test_empty_briefing_renders(briefing):
    empty = briefing.model_copy(
        update={
            "developments": [],
            "ledger": [],
            "disagreements": [],
            "agreements": [],
            "timeline": [],
            "speakers": [],
            "sources": [],
            "failed": [],
            "notes": [],
            "executive_summary_origin": "model",
            "model_calls": 1,
        }
    )
    md = briefing_markdown(empty)
    assert "from 0 articles in 1 model call." in md and "†" not in md
    assert section(md, "Where sources disagree").strip() == "_None._"
    html = briefing_html(empty)
    checker = parse(html)
    assert checker.errors == [] and checker.stack == [] and "<svg" not in html


def test_chart_axis_edge_cases(briefing):
    same = [TROOPS[0], TROOPS[0].model_copy(update={"article_id": "A3", "outlet": OUTLETS["A3"]})]
    zero = [v.model_copy(update={"value": 0.0, "normalized_value": 0.0}) for v in same]
    for values in (same, zero):
        b = briefing.model_copy(update={"ledger": [group("Q1", "troops", "troops", values, [[0, 1]], False, None)]})
        svg = re.findall(r"<svg\b.*?</svg>", briefing_html(b), re.S)
        assert len(svg) == 1 and svg[0].count('<g class="mark">') == 2 and "linear scale" in svg[0]
        assert not re.search(r'c?x="(nan|inf|-?\d{4,})', svg[0])


def test_a_clock_time_reads_as_written_with_its_zone():
    from summarizer.briefing.ledger_notes import stated as noted

    gmt = TROOPS[0].model_copy(update={"text": "1600 GMT", "unit": None, "value": "16:00", "normalized_value": "16:00"})
    assert stated(gmt) == "1600 GMT" and noted(gmt, None) == "1600 GMT"  # not "16:00" beside another's "18:00"
    day = gmt.model_copy(update={"text": "Sept. 27", "value": "--09-27", "normalized_value": "--09-27"})
    assert stated(day) == "27 Sep"  # a date reads the same in every article


def test_a_briefing_served_from_the_cache_says_so(briefing):
    cached = briefing.model_copy(update={"model_calls": 0, "usage": briefing.usage.model_copy(update={"cached": True})})
    assert "in 0 model calls, its answers served from the cache" in briefing_markdown(cached)
    assert "its answers served from the cache" in briefing_html(cached)
    assert "served from the cache" not in briefing_markdown(briefing).split("\n\n", 2)[1]  # a fresh run does not
