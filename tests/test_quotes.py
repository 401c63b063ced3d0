"""Quotations: marks, cues, speakers, channels, on short reports written for these tests (fiction),
through the real pipeline (the pinned spaCy model, newsline's components and the quote stage)."""

from __future__ import annotations

import time

import pytest

from newsline.nlp.quotes.marks import paragraphs, quoted_spans
from helpers import cpu_seconds


@pytest.fixture(scope="module")
def quotes_of():
    from newsline.nlp.pipeline import analyse, get_nlp, prepare
    from newsline.records import RawArticle

    nlp = get_nlp()

    def run(text: str, outlet: str | None = None):
        article = prepare(RawArticle(source="t.txt", text=text, stated_date="2025-02-03", outlet=outlet))
        return next(analyse([article], nlp)).quotes

    return run


def one(quotes, fragment: str):
    hits = [q for q in quotes if fragment in q.text]
    assert len(hits) == 1, [(q.text, q.speaker) for q in quotes]
    return hits[0]


# -- quotation marks ------------------------------------------------------------------------
def test_straight_and_curly_marks_pair_by_what_stands_around_them():
    text = 'He said "we will go" and left. She said “we stay” and stayed.'
    assert [text[s.start:s.end] for s in quoted_spans(text)] == ["we will go", "we stay"]


def test_a_curly_opener_typed_as_the_closer_still_closes():
    text = "“I heard the siren and I ran,“ said the porter. “Then it stopped.”"
    spans = quoted_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["I heard the siren and I ran,", "Then it stopped."]
    assert spans[0].broken and not spans[1].broken


def test_a_quote_over_paragraphs_reopens_each_paragraph_and_closes_once():
    text = "“The first part has no closing mark.\n\n“The second part closes it.”\n\nPlain text after."
    (span,) = quoted_spans(text)
    assert span.paragraphs == 2
    assert text[span.start:span.end] == "The first part has no closing mark.\n\n“The second part closes it."


def test_single_marks_nest_inside_double_and_apostrophes_do_not():
    text = "“We’ve heard him shout ‘open the gate’ twice,” she said. Hamas’ men and the dogs’ bowls."
    (span,) = quoted_spans(text)
    assert [text[a:b] for a, b in span.nested] == ["open the gate"]


def test_a_stray_mark_opens_nothing_and_unbalanced_text_stays_linear():
    text = 'A stray " mark here, then "a real quote" there.'
    assert [text[s.start:s.end] for s in quoted_spans(text)] == ["a real quote"]
    hostile = ('He said "this never closes and ' * 2000 + "\n\n") * 10
    assert cpu_seconds(quoted_spans, hostile * 4) < 8 * cpu_seconds(quoted_spans, hostile) + 0.05  # linear


def test_paragraphs_split_at_blank_lines_and_after_sentence_ends():
    text = "One line.\nTwo line\nwraps here.\n\nThird."
    assert [text[a:b] for a, b in paragraphs(text)] == ["One line.", "Two line\nwraps here.", "Third."]


# -- direct, indirect, mixed ------------------------------------------------------------------
def test_direct_quotes_with_cues_after_before_and_inverted(quotes_of):
    quotes = quotes_of('Pilots stayed ashore on Monday. "We will not risk our crews in this wind," said Ilse Varga, '
                       'who chairs the pilots\' guild. "Not for any price."\n\n'
                       'Harbour master Jon Brek wrote: "The port is closed until further notice."')
    first = one(quotes, "risk our crews")
    assert (first.kind, first.speaker, first.cue) == ("direct", "Ilse Varga", "said")
    assert first.text == "We will not risk our crews in this wind"  # without the comma before the mark
    assert one(quotes, "any price").speaker == "Ilse Varga"
    lead = one(quotes, "port is closed")
    assert (lead.speaker, lead.cue) == ("Jon Brek", "wrote")


def test_a_broken_curly_quote_keeps_its_speaker(quotes_of):
    quotes = quotes_of("“The gates held for six hours and then they just gave,“ said Omar Reyes, a lock keeper. "
                       "Water reached the square by noon.")
    q = one(quotes, "gates held")
    assert (q.kind, q.speaker) == ("direct", "Omar Reyes")


def test_a_quote_split_by_its_cue_is_one_quote(quotes_of):
    quotes = quotes_of('"The first convoy left at dawn," the colonel, Ada Rusk, said, "and the second one follows '
                       'tonight."')
    q = one(quotes, "first convoy")
    assert "second one follows" in q.text and q.speaker == "Ada Rusk"


def test_indirect_speech_in_its_usual_shapes(quotes_of):
    quotes = quotes_of("Port director Anna Feld said that the quay would reopen on Thursday. According to the coast "
                       "guard, two fishing boats sank overnight. The harbour master warned of stronger gusts after "
                       "dark. Feld told Radio Kestrel the repairs would take a month.")
    said = one(quotes, "quay would reopen")
    assert (said.kind, said.speaker, said.text) == ("indirect", "Anna Feld", "the quay would reopen on Thursday")
    according = one(quotes, "two fishing boats")
    assert according.cue == "According to" and "coast guard" in according.speaker
    assert one(quotes, "stronger gusts").cue == "warned"
    told = one(quotes, "repairs would take")
    assert (told.speaker, told.channel) == ("Anna Feld", "interview:Radio Kestrel")


def test_a_quoted_fragment_inside_a_paraphrase_is_a_mixed_quote(quotes_of):
    quotes = quotes_of('Engineer Sara Bolt said the old lock was "one storm away from failing" and needed work.')
    q = one(quotes, "one storm away")
    assert q.kind == "mixed" and q.speaker == "Sara Bolt" and q.text.startswith("the old lock was")


def test_cue_verbs_beyond_said(quotes_of):
    quotes = quotes_of("Union leader Mara Kell insisted that the strike was legal. Kell added that talks could "
                       "resume on Friday. The ministry announced new rules for night shifts.")
    assert {q.cue for q in quotes} >= {"insisted", "added", "announced"}


def test_a_turn_in_doubled_apostrophes_goes_on_after_its_cue(quotes_of):
    # some wire texts write quotes as '' ... '': the parser may hang the second opener on the sentence before
    quotes = quotes_of("The clinic stayed open all night. ''We will not close the clinic,'' Dr. Noor Hale said. "
                       "''The town needs it more than ever.''")
    later = one(quotes, "town needs it")
    assert (later.speaker, later.cue) == ("Noor Hale", None)


def test_what_someone_hopes_seeks_or_how_they_see_a_thing(quotes_of):
    quotes = quotes_of("Senator Ada Quill is hoping to win the northern counties. Her rival Bo Lind hoped that the "
                       "rain would keep voters at home. Many growers view the new levy as a tax on bad weather. "
                       "The growers' union sought to delay the vote. The governor denounced the plan as reckless. "
                       "Union leader Mara Kell pointed to the falling river levels.")
    hoping = one(quotes, "northern counties")  # the model lemmatises 'hoping' as 'hop'
    assert (hoping.speaker, hoping.cue, hoping.text) == ("Ada Quill", "hoping", "to win the northern counties")
    assert one(quotes, "keep voters at home").speaker == "Bo Lind"
    assert one(quotes, "tax on bad weather").text == "the new levy as a tax on bad weather"
    assert one(quotes, "delay the vote").cue == "sought"
    assert one(quotes, "as reckless").text == "the plan as reckless"
    assert (one(quotes, "river levels").speaker, one(quotes, "river levels").cue) == ("Mara Kell", "pointed")


def test_a_second_attribution_hung_on_the_first_ones_words_ends_them(quotes_of):
    quotes = quotes_of("Governor Lia Moss toured the flooded farms. Her aides say that she sees no reason to debate "
                       "the challenger, believing that the polls favour her. Mayor Piet Dorn said the repairs would "
                       "cost more and said the council had no money left.")
    assert one(quotes, "no reason").text == "she sees no reason to debate the challenger"
    assert one(quotes, "polls favour her").cue == "believing"
    assert one(quotes, "repairs would").text == "the repairs would cost more"
    left = one(quotes, "no money left")
    assert (left.speaker, left.text) == ("Piet Dorn", "the council had no money left")


def test_calls_on_and_for_someone_to_act_and_a_verdict_given_as_or_for(quotes_of):
    quotes = quotes_of("Councillor Rhea Voss called on the water board to publish its test results. The fishermen's "
                       "guild attacked the quota as a gift to trawler fleets. Mayor Ottilie Brand has called for the "
                       "dredging contract to be cancelled.")
    assert one(quotes, "water board").text == "the water board to publish its test results"
    assert one(quotes, "quota").text == "the quota as a gift to trawler fleets"
    assert one(quotes, "dredging").text == "the dredging contract to be cancelled"


def test_what_someone_holds_said_with_an_adjective(quotes_of):
    quotes = quotes_of("Harbour master Jonas Pell was confident that the ferries would sail by Friday. The growers "
                       "remain skeptical of the insurance scheme. Pell is eager to reopen the north quay. The quay "
                       "was ready for the ferries.")
    sail = one(quotes, "ferries would sail")
    assert (sail.speaker, sail.cue, sail.text) == ("Jonas Pell", "confident", "the ferries would sail by Friday")
    assert one(quotes, "insurance scheme").cue == "skeptical"
    assert one(quotes, "north quay").text == "to reopen the north quay"
    assert not [q for q in quotes if q.cue == "ready"]  # readiness is no stance


def test_a_stance_named_by_a_noun_with_its_holder(quotes_of):
    quotes = quotes_of("Mayor Ottilie Brand toured the beach on Monday. Rhea Voss renewed her opposition to the "
                       "new toll bridge. Brand repeated her promise to close the beach for a month.")
    toll = one(quotes, "toll bridge")
    assert (toll.cue, toll.speaker, toll.text) == ("opposition", "Rhea Voss", "the new toll bridge")
    (promise,) = [q for q in quotes if q.cue == "promise"]
    assert (promise.speaker, promise.text) == ("Ottilie Brand", "to close the beach for a month")


def test_a_denied_or_withheld_comment_on_something_is_no_quote(quotes_of):
    quotes = quotes_of("The port authority did not comment on the survey. Its director, Hana Ilves, commented on "
                       "the survey at length.")
    assert [q.speaker for q in quotes if "survey" in q.text] == ["Hana Ilves"]


def test_a_clause_the_parser_reads_as_an_object_is_still_what_was_said(quotes_of):
    quotes = quotes_of("Senator Ivo Raske said having the governor on the ballot puts every seat in the valley at "
                       "risk. The ferry captain said families of sailors lost at sea file claims every winter. "
                       "The captain found a way round the sandbank.")
    assert one(quotes, "every seat").text == "having the governor on the ballot puts every seat in the valley at risk"
    assert one(quotes, "file claims").text == "families of sailors lost at sea file claims every winter"
    assert not [q for q in quotes if "sandbank" in q.text]  # 'found a way' is an object, not a claim


def test_a_clause_of_time_after_the_cue_reports_nothing(quotes_of):
    quotes = quotes_of("The canal will stay shut until June, the water board said on Monday, after inspectors found "
                       "cracks in two locks.")
    assert [(q.speaker, q.text) for q in quotes] == [("water board", "The canal will stay shut until June")]


def test_a_clause_set_off_before_the_speaker_and_a_gerund_after_a_stance_verb(quotes_of):
    quotes = quotes_of("Aid will reach the valley by Friday, the relief minister told lawmakers. The growers favor "
                       "raising the levy. Senator Bo Lind opposes closing the school.")
    aid = one(quotes, "reach the valley")
    assert (aid.speaker, aid.text) == ("the relief minister", "Aid will reach the valley by Friday")
    assert one(quotes, "levy").text == "raising the levy"
    assert (one(quotes, "school").speaker, one(quotes, "school").text) == ("Bo Lind", "closing the school")


def test_a_quote_announced_by_a_colon_takes_the_clause_subject(quotes_of):
    quotes = quotes_of('The council backs the plan. Engineer Kai Dunmore leaned on the rail and snapped: "Nobody '
                       'listened to us." Ten minutes passed: "Is anyone there?"')
    snapped = one(quotes, "Nobody listened")
    assert (snapped.kind, snapped.speaker, snapped.cue) == ("direct", "Kai Dunmore", "snapped")  # not the council
    assert not [q for q in quotes if q.speaker == "Ten minutes"]  # time does not speak


def test_a_declared_object_and_the_quote_in_its_relative_clause_are_two_quotes(quotes_of):
    quotes = quotes_of('Mayor Ada Rusk declared the end of the emergency in the lower town, which she called "the '
                       'longest month of our lives."')
    declared = one(quotes, "end of the emergency")
    assert (declared.kind, declared.text) == ("indirect", "the end of the emergency in the lower town")
    called = one(quotes, "longest month")
    assert (called.kind, called.cue, called.speaker) == ("direct", "called", "Ada Rusk")


def test_a_document_or_a_view_opening_the_sentence_holds_its_clause(quotes_of):
    quotes = quotes_of("Engineer Kai Dunmore inspected the spillway on Monday. In his view, the dam was never safe. "
                       "In a new survey by the Valley Herald, two thirds of growers lost money last year. The ferry "
                       "sank in the storm, and the crew was rescued in the morning.")
    view = one(quotes, "never safe")
    assert (view.speaker, view.cue, view.text) == ("Kai Dunmore", "In his view", "the dam was never safe")
    survey = one(quotes, "lost money")
    assert (survey.speaker, survey.channel) == ("Valley Herald", "report")
    assert not [q for q in quotes if "ferry" in q.text or "crew" in q.text]  # 'in the storm' is no source


def test_a_headline_name_the_tagger_took_for_a_noun_still_speaks(quotes_of):
    quotes = quotes_of("Dunmore: The spillway will not last another winter\n\nKai Dunmore, the engineer who "
                       "inspected the dam, spent Monday at the lock.\n\nTally: 46")
    head = one(quotes, "another winter")
    assert (head.speaker, head.cue) == ("Kai Dunmore", ":")
    assert not [q for q in quotes if q.text == "46"]  # a tally is not words


# -- speakers -------------------------------------------------------------------------------
def test_some_and_those_who_speak_as_unnamed_groups(quotes_of):
    quotes = quotes_of("Those who back the new harbour say the fees will fall. Some argue that the tolls are too high.")
    fees = one(quotes, "fees will fall")
    assert (fees.speaker, fees.speaker_start) == ("Those who back the new harbour", None)  # unnamed, not linked
    assert one(quotes, "tolls are too high").speaker == "Some"
    assert not [q for q in quotes if q.cue == "back"]  # who they are is not what they said


def test_pronouns_and_surnames_become_the_fullest_name(quotes_of):
    quotes = quotes_of("Transport minister Harald Moen visited the depot on Monday. Moen said the trains would run "
                       'again by Easter. "It is safe," he said.')
    assert {q.speaker for q in quotes} == {"Harald Moen"}


def test_a_title_resolves_to_the_person_who_holds_it_and_an_unnamed_source_stays_unnamed(quotes_of):
    quotes = quotes_of("The defense minister, Karel Dusek, visited the base on Tuesday. The defense minister said "
                       "the drills would go on. One official told reporters the budget was already spent. A senior "
                       "officer who asked not to be named said the drills had been cut short.")
    assert one(quotes, "drills would go on").speaker == "Karel Dusek"
    assert one(quotes, "budget was already spent").speaker == "One official"
    unnamed = one(quotes, "cut short")
    assert unnamed.speaker.startswith("A senior officer") and unnamed.speaker_start is None  # nothing to link


def test_a_continued_turn_in_the_next_paragraph_keeps_its_speaker(quotes_of):
    quotes = quotes_of('Mayor Tilde Aron spoke for an hour.\n\n"We knew the canal was old," she said.\n\n'
                       '"We asked for money every year and got it too late."\n\nThe council met again on Friday.')
    later = one(quotes, "money every year")
    assert (later.speaker, later.cue) == ("Tilde Aron", None)


def test_whom_someone_urged_to_think_is_who_thinks(quotes_of):
    quotes = quotes_of("Governor Tove Lund urged the port board to consider whether the dredging could wait.")
    assert one(quotes, "port board to consider").speaker == "Tove Lund"
    (consider,) = [q for q in quotes if q.cue == "consider"]
    assert (consider.speaker, consider.text) == ("the port board", "the dredging could wait")


def test_organisations_and_media_speak_too(quotes_of):
    quotes = quotes_of("The Kestrel Port Authority said its divers had found the wreck. The authority said the "
                       "channel would reopen soon. The Kestrel Gazette reported that three villages were cut off.")
    assert one(quotes, "channel would reopen").speaker == "Kestrel Port Authority"
    report = one(quotes, "three villages")
    assert (report.speaker, report.channel) == ("Kestrel Gazette", "report")


def test_a_nested_quote_belongs_to_the_inner_speaker_only_where_the_text_says_so(quotes_of):
    quotes = quotes_of("“My sister rang and said ‘leave the car, take the boat,’ so I did,” said Petra Lund. "
                       "“The ‘temporary’ crossing has stood for nine years,” Lund added.")
    (inner,) = [q for q in quotes if q.text == "leave the car, take the boat"]
    assert inner.speaker == "My sister"
    outer = [q for q in quotes if q.text.startswith("My sister rang")]
    assert outer and outer[0].speaker == "Petra Lund"
    assert not [q for q in quotes if q.text == "temporary"]  # no cue inside names a speaker for it


# -- channels -------------------------------------------------------------------------------
def test_channels_from_the_words_around_the_cue(quotes_of):
    quotes = quotes_of(
        "Prime Minister Lena Ostrova addressed the nation in a televised address on Sunday. \"We will rebuild every "
        "bridge,\" Ostrova said.\n\n"
        "At a press briefing in Kestrel on Monday, police chief Bruno Vail said the coast road was closed. "
        "The ministry said in a statement that aid was on its way. The ferry company said in a court filing that it "
        "was not to blame.\n\n"
        "Vail wrote on X that the road was \"under water again\". Later he posted on Twitter that it had reopened. "
        "Ostrova told the Kestrel Gazette that the army would stay.")
    assert one(quotes, "rebuild every bridge").channel == "tv_address"
    assert one(quotes, "coast road was closed").channel == "briefing:Kestrel"
    assert one(quotes, "aid was on its way").channel == "statement"
    assert one(quotes, "not to blame").channel == "court_filing"
    assert one(quotes, "under water again").channel == "social:x"
    assert one(quotes, "it had reopened").channel == "social:x"  # X and Twitter are one
    assert one(quotes, "army would stay").channel == "interview:Kestrel Gazette"


def test_a_name_the_parser_takes_for_the_root_speaks_through_its_verb_not_the_place_in_its_title(quotes_of):
    """The parser reads 'Tova Renn' as the sentence and 'posted' as a clause on her: she is the speaker,
    not Kestrel (the place in her title), in a paragraph of its own or after others."""
    post = "Tova Renn, Kestrel's mayor, posted on X that the closure \"leaves families sleeping in a school hall tonight\"."
    before = ("The agency had faced calls to change course since last week. On Sunday the council leader, Pia Marsh, "
              "told the Kestrel Courier it was \"highly unlikely\" the bridge would open by May.\n\n")
    for text in (post, before + post):
        assert one(quotes_of(text), "school hall").speaker == "Tova Renn"


def test_told_the_paper_in_its_own_pages_names_the_paper_in_full(quotes_of):
    quotes = quotes_of("Dock foreman Ivo Lamb told the Gazette that the cranes were idle.", outlet="Kestrel Gazette")
    assert one(quotes, "cranes were idle").channel == "interview:Kestrel Gazette"


# -- bad input ----------------------------------------------------------------------------------
def test_no_quotes_only_quotes_and_unbalanced_marks_do_not_crash(quotes_of):
    assert quotes_of("The tide came in at six. The boats stayed out. Nobody spoke of it.") == []
    only = quotes_of('"We waited an hour." "We waited more." "Then we left."')
    assert [(q.kind, q.speaker) for q in only] == [("direct", None)] * 3  # quoted, and nobody named
    assert quotes_of('The so-called "peace plan" was dead.') == []  # a scare quote is no quotation
    unbalanced = quotes_of(('Officials said "the road " is " closed and " nobody " knows. ' * 40 + "\n\n") * 5)
    assert isinstance(unbalanced, list)


def test_time_grows_linearly_with_the_article(quotes_of):
    block = ('Minister Rolf Aas said the pier would reopen. "It is safe," he said. According to the port, '
             'two boats left. "We wait," said a pilot.\n\n')
    quotes_of(block * 5)  # warm-up
    started = time.perf_counter()
    small = quotes_of(block * 50)
    t_small = time.perf_counter() - started
    started = time.perf_counter()
    large = quotes_of(block * 200)
    t_large = time.perf_counter() - started
    assert len(large) == 4 * len(small)
    assert t_large < 4 * t_small * 2.0  # four times the text, well under eight times the time
