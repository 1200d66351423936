"""The briefing's title: the names the corpus's headlines share."""

from __future__ import annotations

import pytest
from test_measure import brief

from summarizer.briefing.title import story_title


def briefs(*titles: str | None) -> list:
    base = brief("Officials spoke on Monday. The Interior Ministry said the count went on in Marrakech.", "x")
    return [base.model_copy(update={"title": t, "article_id": f"a{i}"}) for i, t in enumerate(titles)]


@pytest.mark.parametrize(
    ("titles", "title"),
    [
        (
            [
                "ANC set to lose its majority as South Africa's count nears its end",
                "ANC loses majority as IEC declares 2024 election results",
                "The end of the ANC's long majority: how South Africa voted",
                "Electoral Commission declares the results of the 2024 National and Provincial Elections",
            ],
            "Briefing: ANC, South Africa (4 articles)",
        ),
        # a title-case headline counts only the words another headline capitalises too
        (
            [
                "Tessaline Systems Reports Third Quarter Results",
                "Tessaline forecasts upbeat holiday quarter as services growth offsets China slump",
                "Tessaline’s Lumen 16 can’t save it in China, but services keep the money machine humming",
            ],
            "Briefing: Tessaline, China (3 articles)",
        ),
    ],
)
def test_the_title_names_what_most_headlines_name(titles: list[str], title: str) -> None:
    assert story_title(briefs(*titles)) == title


def test_with_no_name_in_two_headlines_the_title_names_what_most_articles_mention() -> None:
    title = story_title(briefs("Quake strikes", "Rescuers dig through rubble", None))
    assert title.startswith("Briefing: ") and "Interior Ministry" in title and title.endswith("(3 articles)")
