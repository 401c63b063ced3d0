"""Cross-article entity linking on mentions as NER left them (labels and all), in a real store."""

from __future__ import annotations

import newsline
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


def test_a_place_is_not_swallowed_by_a_longer_name_that_ends_in_it(tmp_path):
    """NER calls the charity "Tamsa Corven" a person; "Corven" the town is not its surname."""
    store = SQLiteStore(tmp_path / "l.db")
    add_article(store, "Tamsa Corven sent tents to Corven.", [("Tamsa Corven", "PERSON"), ("Corven", "GPE")])
    add_article(store, "Corven's harbour reopened on Friday.", [("Corven", "GPE")])
    link_entities(store)
    assert entities(store) == {"Tamsa Corven": {"Tamsa Corven"}, "Corven": {"Corven"}}


def test_a_given_name_joins_the_person_only_where_the_article_names_them_in_full(tmp_path):
    store = SQLiteStore(tmp_path / "l.db")
    add_article(store, "Tavi Marron sang; Tavi wept.", [("Tavi Marron", "PERSON"), ("Tavi", "PERSON")])
    add_article(store, "Tavi was seen in Hollin.", [("Tavi", "PERSON")])
    link_entities(store)
    assert entities(store) == {"Tavi Marron": {"Tavi Marron", "Tavi"}, "Tavi": {"Tavi"}}


def test_a_style_is_not_a_given_name_and_gives_no_surname(tmp_path):
    """"Prince Orlo" is the son; "Orlo" alone, after "Orlo Marron", is the father."""
    store = SQLiteStore(tmp_path / "l.db")
    add_article(store, "Orlo Marron and his son Prince Orlo arrived. Orlo waved.",
                [("Orlo Marron", "PERSON"), ("Prince Orlo", "PERSON"), ("Orlo", "PERSON")])
    link_entities(store)
    found = entities(store)
    assert found["Orlo Marron"] == {"Orlo Marron", "Orlo"} and found["Prince Orlo"] == {"Prince Orlo"}


def test_the_storys_subject_takes_a_shared_surname_in_its_article(tmp_path):
    store = SQLiteStore(tmp_path / "l.db")
    add_article(store, "Tavi Marron died. Tavi Marron was 50. His sister Lina Marron spoke. Marron sold records.",
                [("Tavi Marron", "PERSON"), ("Lina Marron", "PERSON"), ("Marron", "PERSON")])
    link_entities(store)
    assert entities(store)["Tavi Marron"] == {"Tavi Marron", "Marron"}


def test_acronyms_spellings_and_accents_of_one_organisation_are_one_entity(tmp_path):
    store = SQLiteStore(tmp_path / "l.db")
    add_article(store, "The UN and the U.S. met.", [("UN", "ORG"), ("U.S.", "GPE")])
    add_article(store, "The United Nations and the United States met.",
                [("United Nations", "ORG"), ("United States", "GPE")])
    add_article(store, "The Velmoran Defense Forces moved.", [("Velmoran Defense Forces", "ORG")])
    add_article(store, "The Velmora Defence Force said so.", [("Velmora Defence Force", "ORG")])
    add_article(store, "Médecins Sans Frontières and Medecins Sans Frontieres.",
                [("Médecins Sans Frontières", "ORG"), ("Medecins Sans Frontieres", "ORG")])
    link_entities(store)
    found = entities(store)
    assert found["United Nations"] == {"UN", "United Nations"}
    assert found["United States"] == {"U.S.", "United States"}
    assert len([name for name in found if "Defen" in name]) == 1
    assert len([name for name in found if "Sans" in name]) == 1


def test_one_name_under_two_ner_labels_is_one_entity(tmp_path):
    store = SQLiteStore(tmp_path / "l.db")
    add_article(store, "Halvren said it would help.", [("Halvren", "ORG")])
    add_article(store, "Halvren opened a clinic.", [("Halvren", "GPE")])
    link_entities(store)
    assert entities(store) == {"Halvren": {"Halvren"}}


def test_a_renamed_service_and_its_old_name_are_one_entity(tmp_path):
    store = SQLiteStore(tmp_path / "l.db")
    text = "She posted on Quill, formerly known as Chirper, on Monday."
    aid = add_article(store, text, [("Quill", "PERSON"), ("Chirper", "ORG")])
    store.db.execute("UPDATE mentions SET same_as='Chirper', label='ORG' WHERE article=? AND text='Quill'", (aid,))
    add_article(store, "Chirper was down for an hour.", [("Chirper", "ORG")])
    link_entities(store)
    assert list(entities(store).values()) == [{"Quill", "Chirper"}]


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


def test_a_short_given_name_is_the_same_person_but_another_name_with_its_initial_is_not(tmp_path):
    store = SQLiteStore(tmp_path / "l.db")
    add_article(store, "Edmund Tarrow spoke for the family.", [("Edmund Tarrow", "PERSON")])
    add_article(store, "Ed Tarrow said the inquest would go ahead.", [("Ed Tarrow", "PERSON")])
    add_article(store, "Elsa Tarrow, his cousin, disagreed.", [("Elsa Tarrow", "PERSON")])
    link_entities(store)
    found = entities(store)
    assert found["Edmund Tarrow"] == {"Edmund Tarrow", "Ed Tarrow"} and found["Elsa Tarrow"] == {"Elsa Tarrow"}


def test_two_reports_giving_one_person_different_ranks_make_an_attribute_discrepancy(tmp_path):
    store = SQLiteStore(tmp_path / "l.db")
    for text, title in (("Col. Anja Velt led the brigade.", "Col."), ("Brig. Gen. Anja Velt led it.", "Brig. Gen."),
                        ("Anja Velt spoke.", None)):
        aid = add_article(store, text, [("Anja Velt", "PERSON")])
        if title:
            store.db.execute("UPDATE mentions SET title=? WHERE article=?", (title, aid))
    add_article(store, "Gen. Oren Pask arrived. Marine Gen. Oren Pask left.", [("Oren Pask", "PERSON")])
    link_entities(store)
    rows = store.query("SELECT description, items FROM discrepancies WHERE kind='attribute'")
    assert len(rows) == 1 and rows[0]["description"].startswith("Anja Velt's rank")
    import json
    assert {i["value"] for i in json.loads(rows[0]["items"])} == {"Col.", "Brig. Gen."}


def test_a_title_that_only_adds_to_another_does_not_conflict_with_it():
    from newsline.link.attributes import compatible, rank

    assert rank("Marine Lt. Gen.") == "Lieutenant General" and rank("Brig. Gen.") == "Brigadier General"
    assert compatible("Gen.", "Marine Gen.") and compatible("Minister", "Defence Minister")
    assert not compatible("Marine Gen.", "Marine Lt. Gen.") and not compatible("Col.", "Brig. Gen.")
    assert not compatible("Defence Minister", "Foreign Minister")


def test_title_words_before_a_person_are_no_entity_of_their_own():
    """'Defense' and 'Marine' in a title ahead of a name belong to the person's title, not to an
    organisation or a nationality in the record."""
    import spacy

    from newsline.nlp.mentions import entity_mentions
    from newsline.nlp.pipeline import MODEL

    nlp = spacy.load(MODEL)
    doc = nlp("Defense Minister Tova Reshef spoke on Sunday. The Defense Department said nothing.")
    found = [(m.text, m.label, m.title) for m in entity_mentions("a", doc, [])]
    assert ("Tova Reshef", "PERSON", "Defense Minister") in found
    assert not any(text == "Defense" for text, _label, _title in found)
    assert any(text == "Defense Department" for text, _label, _title in found)


def test_an_organisation_cut_at_for_or_of_is_one_name(tmp_path):
    """The small model splits 'the Marevian Office for the Coordination of Flood Relief' in two;
    the record keeps one organisation, and a figure attributed to it names it whole."""
    (tmp_path / "a.txt").write_text(
        " date 2024-05-02\nFlood\n\nAt least 41 people died in the floods, according to the Marevian Office "
        "for the Coordination of Flood Relief. The Bank of Ostria said nothing.\n", encoding="utf-8")
    with newsline.open(tmp_path / "x.db") as record:
        record.ingest([tmp_path / "a.txt"])
        data = record.export()
    names = [e["name"] for e in data["entities"]]
    assert "Marevian Office for the Coordination of Flood Relief" in names
    assert "Coordination of Flood Relief" not in names
    (claim,) = [c for c in data["claims"] if c["anchor"].startswith("At least 41")]
    assert claim["source"] == "Marevian Office for the Coordination of Flood Relief"


def test_an_organisations_short_form_is_it_in_its_own_article_only(tmp_path):
    """'the Courier' after 'the Ostrian Evening Courier' is that paper (and the quote it gives is
    the paper's), but in reports that never name it in full 'the Courier' is a name of its own:
    whether those come before or after, one generic word joins nothing across articles."""
    files = {
        "letters.txt": " date 2024-05-01\nLetters\n\nReaders of the Courier wrote in on Friday to complain about "
                       "the harbour. The Courier said it would print the letters.\n",
        "talks.txt": " date 2024-05-02\nHarbour talks\n\nThe Ostrian Evening Courier reported on Tuesday that the "
                     "harbour talks had failed. Two ministers will resign next week, the Courier reported.\n",
        "docks.txt": " date 2024-05-03\nDocks\n\nThe dock strike ended, the Courier said on Thursday.\n",
    }
    with newsline.open(tmp_path / "x.db") as record:
        for name, text in files.items():  # one ingest each: the short form meets a store that already has it
            (tmp_path / name).write_text(text, encoding="utf-8")
            record.ingest([tmp_path / name])
        data = record.export()
        source = {a["id"]: a["source"].rsplit("/", 1)[-1] for a in data["articles"]}
    by_name = {e["name"]: e for e in data["entities"]}
    paper = by_name["Ostrian Evening Courier"]
    assert paper["type"] == "ORG"  # NER took the paper's name for a law; its short form says otherwise
    assert sorted((source[m["article"]], m["text"]) for m in paper["mentions"]) == [
        ("talks.txt", "Courier"), ("talks.txt", "Ostrian Evening Courier")]
    assert {source[m["article"]] for m in by_name["Courier"]["mentions"]} == {"letters.txt", "docks.txt"}
    said = {(source[q["article"]], q["text"]): (q["speaker"], q["speaker_id"]) for q in data["quotes"]}
    assert said[("talks.txt", "Two ministers will resign next week")] == ("Ostrian Evening Courier", paper["id"])
    assert said[("docks.txt", "The dock strike ended")] == ("Courier", by_name["Courier"]["id"])


def test_a_short_form_is_the_end_of_the_name_with_the_article_on_it():
    """'The Authority said' is the port authority; 'the Authority office' is an office (the article is
    the office's); 'the Red Crescent' is not the council named after it ('of the Red Crescent');
    'the House' is a chamber, not the White House; an acronym is a name of its own."""
    import spacy

    from newsline.nlp.mentions import entity_mentions
    from newsline.nlp.pipeline import MODEL

    nlp = spacy.load(MODEL)

    def short_forms(text: str) -> list[tuple[str, str | None]]:
        return [(m.text, m.short_for) for m in entity_mentions("a", nlp(text), [])]

    assert short_forms("The Velmora Port Authority (VPA) closed the docks on Monday. The Authority said the closure "
                       "would last a week, and the Authority office and the VPA stayed shut.") == [
        ("Velmora Port Authority", None), ("VPA", None), ("Authority", "Velmora Port Authority"),
        ("Authority", None), ("VPA", None)]
    assert ("Red Crescent", None) in short_forms(
        "The Marevian Council of the Red Crescent sent nurses. The Red Crescent said more were needed.")
    # the nearest name that ends so is the one meant: when that one is "... of the Red Crescent", none is
    assert ("Red Crescent", None) in short_forms(
        "The Marevian Red Crescent sent nurses on Monday. The International Council of the Red Crescent met on "
        "Tuesday. The Red Crescent said more nurses were needed.")
    assert ("Red Crescent", "Marevian Red Crescent") in short_forms(
        "The International Council of the Red Crescent met on Tuesday. The Marevian Red Crescent sent nurses on "
        "Monday. The Red Crescent said more nurses were needed.")
    assert ("House", None) in short_forms(
        "The White House spoke to reporters on Monday, and the House passed the bill on Tuesday.")


def counted_names(store) -> dict[tuple[str, str], int]:
    return {(r[0], r[1]): r[2] for r in store.db.execute("SELECT entity, text, n FROM entity_names WHERE n != 0")}


def recounted_names(store) -> dict[tuple[str, str], int]:
    return {(r[0], r[1]): r[2] for r in store.db.execute(
        "SELECT entity, text, COUNT(*) FROM mentions WHERE entity IS NOT NULL GROUP BY entity, text")}


def test_name_counts_follow_links_and_merges_across_runs(tmp_path):
    """The canonical name is chosen from kept counts (not a recount of every mention): they must stay
    what a recount gives, through an entity merged into another in a later run."""
    store = SQLiteStore(tmp_path / "l.db")
    add_article(store, "Chirper was down for an hour. Chirper said little.", [("Chirper", "ORG")])
    add_article(store, "Users left Chirper on Tuesday.", [("Chirper", "ORG")])
    link_entities(store)
    assert counted_names(store) == recounted_names(store) != {}
    text = "She posted on Quill Social, formerly known as Chirper, on Monday."
    aid = add_article(store, text, [("Quill Social", "ORG"), ("Chirper", "ORG")])
    store.db.execute("UPDATE mentions SET same_as='Chirper' WHERE article=? AND text='Quill Social'", (aid,))
    add_article(store, "Quill Social fixed the outage.", [("Quill Social", "ORG")])
    link_entities(store)
    (entity,) = {e for e, _ in recounted_names(store)}
    assert counted_names(store) == recounted_names(store) == {(entity, "Chirper"): 3, (entity, "Quill Social"): 2}
    assert store.scalar("SELECT name FROM entities WHERE id=?", (entity,)) == "Quill Social"


def test_name_counts_of_the_sample_corpus_match_a_recount(sample_run):
    store = SQLiteStore(sample_run.db)
    assert counted_names(store) == recounted_names(store)
    assert len(counted_names(store)) > 50


def test_a_rank_conflict_grown_in_a_later_run_cites_every_sentence(tmp_path):
    """A later run adds to the conflict; the sentences it cited before are kept from it, the new one read."""
    import json

    store = SQLiteStore(tmp_path / "l.db")
    for text, title in (("Col. Anja Velt led the brigade.", "Col."), ("Brig. Gen. Anja Velt led it.", "Brig. Gen.")):
        aid = add_article(store, text, [("Anja Velt", "PERSON")])
        store.db.execute("UPDATE mentions SET title=? WHERE article=?", (title, aid))
    link_entities(store)
    aid = add_article(store, "Maj. Gen. Anja Velt flew home.", [("Anja Velt", "PERSON")])
    store.db.execute("UPDATE mentions SET title=? WHERE article=?", ("Maj. Gen.", aid))
    link_entities(store)
    (row,) = store.query("SELECT description, items FROM discrepancies WHERE kind='attribute'")
    assert {(i["value"], i["sentence"]) for i in json.loads(row["items"])} == {
        ("Col.", "Col. Anja Velt led the brigade."), ("Brig. Gen.", "Brig. Gen. Anja Velt led it."),
        ("Maj. Gen.", "Maj. Gen. Anja Velt flew home.")}
    assert "in 1 article" in row["description"]
