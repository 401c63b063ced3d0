"""Cross-article entity linking on mentions as NER left them (labels and all), in a real store."""

from __future__ import annotations

from newsline.link import link_entities
from newsline.nlp.pipeline import prepare
from newsline.records import Analysis, Mention, RawArticle, Sentence
from newsline.store import SQLiteStore


def add_article(store, text: str, mentions: list[tuple[str, str]], date: str = "2024-05-01") -> str:
    article = prepare(RawArticle(source=f"{abs(hash(text))}.txt", text=text, stated_date=date))
    analysis = Analysis(article=article, sentences=[Sentence(article.id, 0, 0, len(text), text)])
    for surface, label in mentions:
        start = text.index(surface)
        analysis.mentions.append(Mention(article.id, start, start + len(surface), surface, label, 0))
    store.save([analysis])
    return article.id


def entities(store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in store.query("SELECT e.name, m.text FROM mentions m JOIN entities e ON e.id = m.entity"):
        out.setdefault(row["name"], set()).add(row["text"])
    return out


def test_surname_first_then_full_name_is_one_person(tmp_path):
    store = SQLiteStore(tmp_path / "l.db")
    add_article(store, "Barsk said the dam would hold.", [("Barsk", "PERSON")])
    link_entities(store)
    add_article(store, "Ines Barsk, the acting head, spoke on Monday.", [("Ines Barsk", "PERSON")])
    link_entities(store)
    assert entities(store) == {"Ines Barsk": {"Barsk", "Ines Barsk"}}


def test_a_surname_mislabelled_by_ner_joins_the_person(tmp_path):
    store = SQLiteStore(tmp_path / "l.db")
    add_article(store, "Kasimir Oltenbrand leads the opposition.", [("Kasimir Oltenbrand", "PERSON")])
    add_article(store, "Oltenbrand said he would wait.", [("Oltenbrand", "GPE")])
    link_entities(store)
    assert entities(store) == {"Kasimir Oltenbrand": {"Kasimir Oltenbrand", "Oltenbrand"}}
    (etype,) = [r[0] for r in store.query("SELECT type FROM entities")]
    assert etype == "PERSON"


def test_acronym_defined_in_one_article_links_everywhere(tmp_path):
    store = SQLiteStore(tmp_path / "l.db")
    add_article(store, "The Harbour Safety Board (HSB) closed the port.", [("Harbour Safety Board", "ORG")])
    add_article(store, "The HSB reopened it a day later.", [("HSB", "ORG")])
    link_entities(store)
    assert entities(store) == {"Harbour Safety Board": {"Harbour Safety Board", "HSB"}}


def test_two_people_sharing_a_surname_are_not_merged(tmp_path):
    store = SQLiteStore(tmp_path / "l.db")
    add_article(store, "Ana Ruiz and Marco Ruiz both spoke.", [("Ana Ruiz", "PERSON"), ("Marco Ruiz", "PERSON")])
    add_article(store, "Ruiz declined to comment.", [("Ruiz", "PERSON")])
    link_entities(store)
    found = entities(store)
    assert found["Ana Ruiz"] == {"Ana Ruiz"} and found["Marco Ruiz"] == {"Marco Ruiz"}
    assert found["Ruiz"] == {"Ruiz"}  # ambiguous: kept apart rather than guessed
