"""What the people a count counts are doing (`ledger_people`), read from its clause, and the ledger's split of
counts of people under arms by it: in two domains (troops in a war; police officers at a protest), and the
same rules with another domain's word list (workers on strike or laid off; rescuers on standby)."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.brief.assemble import assemble
from summarizer.briefing.ledger import build_ledger
from summarizer.briefing.ledger_people import clause, state_of
from summarizer.briefing.lexicon import lexicon
from summarizer.extract.analysis import analyse
from summarizer.schemas import ArticleBrief, Figure, Span, Usage


def brief(text: str, name: str) -> ArticleBrief:
    a = analyse(text.replace(". ", ".\n\n", 1))  # two paragraphs: text, not a file name
    a.article.id = name
    return assemble(a.article, a.figures, a.quotes, a.entities, None, model="t", prompt_version="t",
                    usage=Usage(), notes=[])  # fmt: skip


def figures(sentence: str, *quotes: str) -> list[Figure]:
    """Hand-made figures of one sentence: the reading needs only their quotes and kinds."""
    return [
        Figure(id=f"F{i}", kind="count" if any(c.isdigit() for c in q) else "vague", value=1.0, unit="x",
               text=q, quote=q, sentence=sentence, span=Span(start=0, end=1), paragraph=1)
        for i, q in enumerate(quotes, 1)
    ]  # fmt: skip


def states(sentence: str, *quotes: str, directory: Path | None = None) -> list[str | None]:
    fs = figures(sentence, *quotes)
    lex = lexicon(directory) if directory else None
    return [state_of(f, fs, lex) for f in fs]


# --- troops: the shipped word list -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "quotes", "expected"),
    [
        # a word right before the number, else the nearest after it, else the nearest before it
        ("The army has deployed several thousand troops to the border.", ["several thousand troops"], ["deployed"]),
        (
            "The agency said the country had shipped 1,500 soldiers, including special forces, to the port for "
            "training.",
            ["1,500 soldiers"],
            ["already sent"],
        ),  # "for training" is another clause: why they were shipped
        (
            "Officials said nearly 11,000 soldiers are preparing to enter the war.",
            ["nearly 11,000 soldiers"],
            ["in training"],
        ),
        (
            "The ministry said joint training has involved up to 12,000 troops.",
            ["up to 12,000 troops"],
            ["in training"],
        ),
        # each figure its own clause: a comma, "while", or the figure before it ends one
        (
            "An official said 5,000 soldiers will be in position by Monday, with two governments warning that joint "
            "training has involved up to 12,000 troops.",
            ["5,000 soldiers", "up to 12,000 troops"],
            ["deployed", "in training"],
        ),
        (
            "About 2,000 soldiers were training near the border, while 4,000 were in position on the front.",
            ["About 2,000 soldiers", "4,000"],
            ["in training", "deployed"],
        ),
        (
            "The army deployed 5,000 troops and trained 3,000 more.",
            ["5,000 troops", "3,000"],
            ["deployed", "in training"],
        ),
        # bound for a place is not sent yet; a longer phrase wins where it starts first
        ("An initial group of 2,600 soldiers is scheduled to be sent to the region.", ["2,600 soldiers"], ["deployed"]),
        ("The country has sent 2,600 soldiers to the region.", ["2,600 soldiers"], ["already sent"]),
        (
            "The presence of thousands of troops in combat roles signals a new phase.",
            ["thousands of troops"],
            ["in combat"],
        ),
        # "the figure" refers back to the count before it in the sentence
        (
            "Officials warned that thousands of recruits were training alongside allied soldiers, with the ministry "
            "putting the figure as high as 12,000 troops.",
            ["thousands of recruits", "as high as 12,000 troops"],
            ["in training", "in training"],
        ),
        # a unit's strength: the unit word, not the capitalised name nearer the number
        (
            "The battalion attached to the 11th Guards Air Assault Brigade is expected to number around 3,000 "
            "soldiers, according to reports.",
            ["around 3,000 soldiers"],
            ["in a battalion"],
        ),
        ("A brigade of 4,000 soldiers was deployed to the north.", ["4,000 soldiers"], ["in a brigade"]),
        # an arrival gives way to what a relative clause right after says they do there, and only to that
        (
            "Several thousand soldiers have arrived in the western region, where they are expected to participate in "
            "a coming counteroffensive, officials said.",
            ["Several thousand soldiers"],
            ["deployed"],
        ),
        (
            "The White House said at least 3,000 soldiers had arrived in the east this month and while it remains "
            "unclear what they will do, they may join the fight.",
            ["at least 3,000 soldiers"],
            ["already sent"],
        ),
        # nothing said: no state
        (
            "The state has one of the largest militaries in the world, with 1.2 million soldiers, but many of its "
            "troops lack combat experience.",
            ["1.2 million soldiers"],
            [None],
        ),
        ("Training Command said 900 recruits graduated.", ["900 recruits"], [None]),  # a name, not training
    ],
)
def test_what_troops_are_doing_is_read_from_their_clause(sentence, quotes, expected):
    assert states(sentence, *quotes) == expected


def test_a_clause_ends_at_a_break_or_another_figure_not_inside_a_number():
    s = "Officials said 10,000 soldiers were being trained, and 5,000 troops were in position by Monday."
    ten, five = figures(s, "10,000 soldiers", "5,000 troops")
    assert s[slice(*clause(ten, [ten, five]))] == "Officials said 10,000 soldiers were being trained"
    assert s[slice(*clause(five, [ten, five]))] == "and 5,000 troops were in position by Monday."
    assert state_of(ten, [ten, five]) == "in training" and state_of(five, [ten, five]) == "deployed"


# --- another domain: the same rules, another word list ------------------------------------------------


@pytest.fixture
def labour(tmp_path: Path) -> Path:
    (tmp_path / "labour.yaml").write_text(
        "measures: {}\n"
        "states:\n"
        "  on strike: [on strike, walked out, striking]\n"
        "  laid off: [laid off, made redundant, lost their jobs]\n"
        "  on standby: [on standby, standing by]\n"
        "  deployed: [deployed, at work]\n"
        "  already sent: [arrived, flown in]\n"
        "gives_way: [already sent]\n"
        "refers_back: [the figure, the number]\n",
        encoding="utf-8",
    )
    return tmp_path


def test_workers_on_strike_and_laid_off_are_read_the_same_way(labour: Path):
    s = "About 4,000 workers walked out on Monday, while 1,200 workers were laid off last month."
    assert states(s, "About 4,000 workers", "1,200 workers", directory=labour) == ["on strike", "laid off"]
    s = "The union said 4,000 workers were on strike, with management putting the figure at 2,500."
    assert states(s, "4,000 workers", "2,500", directory=labour) == ["on strike", "on strike"]
    # the words come from the list: the military list knows no strike
    assert states(s, "4,000 workers", "2,500") == [None, None]


def test_rescuers_arriving_give_way_to_what_they_do_there(labour: Path):
    s = "Some 60 rescuers arrived in the city, where they are on standby, while 120 others were deployed."
    assert states(s, "Some 60 rescuers", "120 others", directory=labour) == ["on standby", "deployed"]
    s = "Some 60 rescuers arrived in the city on Sunday, officials said."
    assert states(s, "Some 60 rescuers", directory=labour) == ["already sent"]


def test_the_word_lists_take_states_and_merge_them(labour: Path):
    (labour / "more.yaml").write_text("states:\n  on strike: [picketing]\n", encoding="utf-8")
    lex = lexicon(labour)
    assert lex.states["picketing"] == lex.states["walked out"] == "on strike"
    assert lex.context["gives_way"] == ["already sent"] and "states" not in lex.context
    assert lex.state_re.search("they were laid off in May").group() == "laid off"


# --- the ledger: counts at different stages are different quantities ------------------------------------

WAR = [
    "Fighting continued on Friday. Officials said about 10,000 Russian soldiers were being trained at bases "
    "in the east, and 5,000 Russian troops were in position near the border by Monday.",
    "Fighting continued on Friday. Intelligence officials said 12,000 Russian soldiers were being trained, "
    "while an initial group of 2,500 Russian soldiers is scheduled to be sent to the border.",
]
PROTEST = [
    "Crowds gathered on Saturday. The interior ministry said 1,200 police officers were deployed in the capital, "
    "while 600 officers were on standby outside the city.",
    "Crowds gathered on Saturday. Organisers said 2,000 police officers were deployed in the capital, while 400 "
    "officers were on standby in barracks nearby.",
]


def _personnel(groups):
    return {g.quantity: sorted(v.normalized_value for v in g.values) for g in groups if g.unit == "troops"}


def test_troops_in_training_and_deployed_are_two_quantities_each_disputed():
    groups, disagreements, _ = build_ledger([brief(t, f"w{i}") for i, t in enumerate(WAR)])
    assert _personnel(groups) == {
        "Russian troops in training": [10000, 12000],
        "Russian troops deployed": [2500, 5000],
    }
    flagged = {g.quantity for g in groups if g.disagreement}
    assert flagged == {"Russian troops in training", "Russian troops deployed"}
    assert {d.quantity for d in disagreements if d.kind == "values"} == flagged


def test_police_deployed_and_on_standby_are_two_quantities_each_disputed():
    groups, disagreements, _ = build_ledger([brief(t, f"p{i}") for i, t in enumerate(PROTEST)])
    # people under arms are labelled "troops" whatever the noun; no side is named here
    assert _personnel(groups) == {
        "troops deployed (side not stated)": [1200, 2000],
        "troops on standby (side not stated)": [400, 600],
    }
    assert {g.quantity for g in groups if g.disagreement} == set(_personnel(groups))
    assert {d.quantity for d in disagreements if d.kind == "values"} == set(_personnel(groups))


def test_one_stage_reported_with_one_value_by_two_articles_agrees():
    texts = [
        "Fighting continued on Friday. Officials said 5,000 Russian troops were in position near the border.",
        "Fighting continued on Friday. A senior official said 5,000 Russian soldiers had mustered near the border.",
    ]
    groups, disagreements, agreements = build_ledger([brief(t, f"a{i}") for i, t in enumerate(texts)])
    g = next(g for g in groups if g.unit == "troops")
    assert g.quantity == "Russian troops deployed" and len(g.values) == 2 and not g.disagreement
    assert not disagreements
    assert [a.statement for a in agreements] == ["5,000 Russian troops deployed"]
