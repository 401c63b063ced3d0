"""Figures: the newsline_claims component and claims stage on sentences written for these tests
(fiction), with the real spaCy model; bad input; the rules' number reader on its own."""

from __future__ import annotations


import pytest

from newsline.nlp.claims.find import find_figures
from newsline.nlp.claims.numbers import read_digits, read_words
from newsline.nlp.claims.rules import vocabulary
from newsline.nlp.pipeline import analyse, prepare
from newsline.records import Analysis, Quote, RawArticle
from helpers import cpu_seconds


def claims_of(text: str, date: str | None = "2024-05-02", outlet: str | None = "Velmora Herald") -> list:
    raw = RawArticle(source="t.txt", text=text, stated_date=date, outlet=outlet)
    return next(iter(analyse([prepare(raw)]))).claims


def by_anchor(claims) -> dict:
    return {c.anchor: c for c in claims}


def test_digits_words_and_malformed_numbers():
    v = vocabulary()
    assert read_digits("1,400") == 1400 and read_digits("2.5") == 2.5 and read_digits("١٢٣") == 123
    assert read_digits("1,2,3,4") is None and read_digits("9" * 200) is None
    assert read_words("two hundred and fifty thousand".split(), v) == 250000
    assert read_words(["twenty", "six"], v) == 26 and read_words(["a", "dozen"], v) == 12
    assert read_words(["two", "three"], v) is None and read_words(["million", "million"], v) is None


def test_values_units_qualifiers_and_ranges_in_text():
    found = {f.text: f for f in find_figures(
        "A $14 billion package, €2.3bn in aid, 1.2m people, between 5 and 10% of voters, 200 to 300 homes, "
        "up 3.5 percentage points, some 31,000 residents, at least 220, 5,000-plus marchers, tens of thousands "
        "of people, a 64-metre mast and the 64m mast.")}
    assert found["$14 billion"].value == 14_000_000_000 and found["$14 billion"].unit == "USD"
    assert found["€2.3bn"].value == 2_300_000_000 and found["€2.3bn"].unit == "EUR"
    assert found["1.2m"].value == 1_200_000 and found["1.2m"].unit is None
    assert found["between 5 and 10%"].value == [5, 10] and found["between 5 and 10%"].unit == "percent"
    assert found["200 to 300"].value == [200, 300]
    assert found["3.5 percentage points"].unit == "percentage_points"
    assert found["some 31,000"].qualifier == "about" and found["at least 220"].qualifier == "at_least"
    assert found["5,000-plus"].qualifier == "at_least"
    assert found["tens of thousands"].value == [10000, 99999]
    assert found["64-metre"].unit == "m" and found["64m"].unit == "m" and found["64m"].value == 64


def test_not_claims_dates_labels_names_phones_ages_ordinals():
    claims = claims_of(
        "Dock workers walked out on March 13, 2024 at 2 a.m. under Section 14 of the Ports Act. "
        "The 4th Harbour Brigade, the Group of 20 and Covid-19 crews joined. Call 555-0142 for help. "
        "Mara Okonjo, 52, said the strike had lasted five hours. The pier was built in 1987.")
    assert claims == [], [c.anchor for c in claims]


def test_a_figure_carries_what_source_and_as_of():
    c = by_anchor(claims_of(
        "At least 12 people were killed when the storm hit Velmora on Wednesday, the port authority said, "
        "and nearly a dozen were unaccounted for. About 3,000 people have left their homes, according to "
        "the Velmora Red Cross."))
    killed = c["At least 12"]
    assert (killed.value, killed.qualifier, killed.what) == (12, "at_least", "people killed")
    assert killed.source == "the port authority" and killed.as_of == "2024-05-01"
    assert c["nearly a dozen"].value == 12 and c["nearly a dozen"].key.startswith("people|missing")
    evacuated = c["About 3,000"]
    assert evacuated.key.startswith("people|evacuated") and evacuated.source == "Velmora Red Cross"
    assert evacuated.as_of == "2024-05-02"  # no time expression governs it: the article's date


def test_change_level_and_direction():
    c = by_anchor(claims_of("The death toll rose to 15 on Thursday. Exports fell by 3 percent last month."))
    assert c["15"].kind == "level" and c["15"].direction == "up" and c["15"].what == "people killed"
    assert c["3 percent"].kind == "change" and c["3 percent"].direction == "down"
    assert c["3 percent"].what == "fall in Exports"


def test_a_paragraph_framed_by_a_past_year_dates_its_figures():
    c = by_anchor(claims_of(
        "In 2014, fighting broke out along the coast.\nThough a truce in August of that year ended it, "
        "2,100 fishermen died at sea during the clashes, according to the Coastal Relief Office.",
        date="2024-05-02"))
    assert c["2,100"].as_of == "2014" and c["2,100"].source == "Coastal Relief Office"


def test_a_figure_told_in_the_present_is_as_of_the_article_not_its_paragraphs_opening_time():
    """'On March 3, ...' frames what the paragraph tells in the past; a later sentence in the present
    or present perfect ('has called up', 'is holding', 'have been moved') speaks of the time of writing."""
    c = by_anchor(claims_of(
        "On March 3, rebels raided a border post and one guard was killed. The army has called up more than "
        "9,000 reservists and sent 200 tanks north. Some 4,500 soldiers are holding the pass, and 80 families "
        "have been moved from the valley. By nightfall 14 villagers had fled and 6 were wounded.",
        date="2024-05-02"))
    assert c["one"].as_of == "2024-03-03"
    for present in ("more than 9,000", "200", "Some 4,500", "80"):
        assert (c[present].as_of, c[present].as_of_value) == ("2024-05-02", None), present
    for past in ("14", "6"):  # past and past perfect: still the frame's day
        assert c[past].as_of == "2024-03-03", past


def test_a_live_reports_entry_stamp_still_times_what_its_entry_says_in_the_present():
    """An entry stamp ('2155') is the time the entry was written: a figure told in the present perfect
    under it is as of that hour of the article's day. A day the entry names ('On Monday') is not."""
    c = by_anchor(claims_of(
        "Live: the Velmora storm\n\n2155\nThe harbour master says at least 12 fishing boats have sunk off "
        "Corven.\n\n2130\nThe coastguard has rescued 40 sailors so far, its spokeswoman Ilse Varga says.\n\n"
        "2112\nOn Monday, waves broke the sea wall and 3 houses were flooded. The council has opened 2 shelters.",
        date="2024-05-02"))
    assert (c["at least 12"].as_of, c["at least 12"].as_of_value) == ("2024-05-02", "2024-05-02T21:55")
    assert (c["40"].as_of, c["40"].as_of_value) == ("2024-05-02", "2024-05-02T21:30")
    assert c["3"].as_of == "2024-04-29"
    assert (c["2"].as_of, c["2"].as_of_value) == ("2024-05-02", None)


def test_source_is_the_speaker_of_a_quote_when_quotes_exist():
    import newsline.nlp.claims.component  # noqa: F401
    from newsline.nlp.claims.stage import claims_stage
    from newsline.nlp.pipeline import analyse_doc, get_nlp, make_doc

    text = '"We counted 40 boats at sea," said harbour master Ilse Varga.'
    article = prepare(RawArticle(source="q.txt", text=text, stated_date="2024-05-02", outlet="Velmora Herald"))
    nlp = get_nlp()
    doc = nlp(make_doc(nlp, article))
    analysis = analyse_doc(article, doc)
    quoted = Analysis(article=article, sentences=analysis.sentences, mentions=analysis.mentions,
                      timexes=analysis.timexes)
    quoted.quotes = [Quote(article.id, "We counted 40 boats at sea", 1, 27, "direct", speaker="Ilse Varga")]
    claims_stage(quoted, doc)
    assert by_anchor(quoted.claims)["40"].source == "Ilse Varga"
    analysis_no_quote = Analysis(article=article, sentences=analysis.sentences, mentions=analysis.mentions,
                                 timexes=analysis.timexes)
    claims_stage(analysis_no_quote, doc)
    assert by_anchor(analysis_no_quote.claims)["40"].source in ("harbour master Ilse Varga", "Ilse Varga",
                                                                 "Velmora Herald")


@pytest.mark.parametrize("text", [
    " ".join(str(i * 7) for i in range(10_000)),
    "The count was " + "9" * 200 + " boats.",
    "Scores were 1,2,3,4 and 5,6,7.",
    "Прибыло 300 человек и ١٢٣ lorries, 四 boats and 1٢3 carts.",
    "Prices: $4.99, €12, £3.50, ¥300, CHF 12, Rs 500, 1.299,00 EUR, $1,000,000.00.",
])
def test_bad_input_no_crash_no_absurd_value(text):
    figures = find_figures(text)
    for f in figures:
        values = f.value if isinstance(f.value, list) else [f.value]
        assert all(abs(x) <= 1e15 for x in values), f


def test_time_is_linear_in_the_number_of_numbers():
    def seconds(n: int) -> float:
        return cpu_seconds(find_figures, " ".join(f"{i:,}" for i in range(n)))

    small, large = seconds(2_000), seconds(10_000)
    assert large < 5 * small * 2 + 0.5, (small, large)  # five times the numbers, about five times the time
