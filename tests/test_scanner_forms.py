"""The scanner on forms news uses everywhere: clock times, names with numbers, scale suffixes, ranges,
day-first date ranges, multiples and fractions (each read, none taken for a count)."""

from __future__ import annotations

import pytest

from summarizer.extract.number_words import scan, time_value
from summarizer.extract.quantities import states_value
from summarizer.read.boilerplate import boilerplate_reason


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in scan(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [("16:30", "16:30"), ("4.30pm", "16:30"), ("4:30 p.m.", "16:30"), ("0830 GMT", "08:30"), ("11:11pm", "23:11"),
     ("4pm", "16:00"), ("09.30 BST", "09:30"), ("about 4.30am", "04:30"), ("2211 UTC", "22:11"), ("9 a.m.", "09:00")],
)  # fmt: skip
def test_clock_times_in_every_common_form_are_times(text: str, value: str) -> None:
    tokens = [t for t in scan(text) if t.kind != "vague"]
    assert [t.kind for t in tokens] == ["time"]
    assert time_value(tokens[0].text) == value and states_value(text, value)


def test_a_dotted_or_four_digit_number_without_a_clock_word_stays_a_number() -> None:
    assert kinds("rose 4.30 points to 1600") == [("number", "4.30"), ("number", "1600")]


@pytest.mark.parametrize("name", ["64GB", "Boeing 737 Max", "Hwasong-15", "iPhone 16", "Lumen 16 Pro", "S&P 500"])
def test_names_with_numbers_are_designations(name: str) -> None:
    assert kinds(f"the {name} was shown.") == [("designation", name)]


def test_a_name_then_a_number_is_still_an_amount_in_a_list_of_counts_or_before_a_counted_noun() -> None:
    text = "Al Haouz recorded 1,684 deaths, Taroudant 980 and Chichaoua 202. Nearly 300 people fled."
    assert [t.value for t in scan(text)] == [1684, 980, 202, 300]
    assert states_value("Taroudant 980", 980)  # a quote holding the number states it


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("$7.5m", 7.5e6, "USD"), ("£17bn", 17e9, "GBP"), ("1.2 million", 1.2e6, None),
     ("412m paid subscriptions", 412e6, None), ("28 cents a share", 0.28, "USD")],
)  # fmt: skip
def test_scale_suffixes_and_cents(text: str, value: float, unit: str | None) -> None:
    t = scan(text)[0]
    assert t.value == pytest.approx(value) and t.unit == unit
    assert states_value(text, value, unit)


def test_a_glued_m_before_a_singular_noun_is_metres_not_millions() -> None:
    assert scan("a 10m wall")[0].value == 10


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("5,000-6,000 people", 5000, 6000), ("$27.5-28.5 billion", 27.5e9, 28.5e9), ("5-6%", 5, 6),
     ("between one and three seats", 1, 3), ("between 5 and 6 million", 5e6, 6e6)],
)  # fmt: skip
def test_a_range_s_first_number_takes_the_shared_scale_and_unit(text: str, low: float, high: float) -> None:
    values = [t.value for t in scan(text) if t.value is not None]
    assert values == [pytest.approx(low), pytest.approx(high)]
    assert states_value(text, low) and states_value(text, high)
    assert [t.value for t in scan("two hundred and fifty")] == [250]


def test_day_first_date_ranges_state_both_days() -> None:
    assert kinds("on 27 and 28 May") == [("date", "27 and 28 May")]
    assert states_value("27 and 28 May", "--05-27") and states_value("17 and 18 May 2024", "2024-05-18")


@pytest.mark.parametrize(
    ("text", "value"),
    [("twice", 2), ("three times", 3), ("a third", 1 / 3), ("two-thirds", 2 / 3), ("just over half", 0.5)],
)
def test_multiples_and_fractions_are_read_but_not_counts(text: str, value: float) -> None:
    assert states_value(text, value)
    assert not [t for t in scan(text) if t.kind in ("number", "words")]


def test_a_news_paragraph_about_donations_is_not_a_donation_appeal() -> None:
    news = "He ordered the creation of a special fund to receive donations for the victims."
    assert boilerplate_reason(news) is None
    assert boilerplate_reason("Please donate to keep our journalism free.") == "donation appeal"


@pytest.mark.parametrize(("text", "value"), [("Net profit rose 15pc to $3.41bn", 15), ("a 5.9pc fall", 5.9)])
def test_a_percent_written_pc_onto_the_number_is_a_percent(text: str, value: float) -> None:
    t = scan(text)[0]
    assert (t.kind, t.value, t.unit) == ("percent", value, "percent")
    assert states_value(t.text, value, "percent")


@pytest.mark.parametrize("text", ["15 PCs were sold", "about 40 pc of voters", "3 pcs of cake"])
def test_pc_apart_from_the_number_or_in_capitals_is_no_percent(text: str) -> None:
    assert scan(text)[0].unit != "percent"
