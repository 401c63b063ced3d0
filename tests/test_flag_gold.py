"""The article-flag gold loader and scores bench/real uses (newsline.eval.flags), on a small gold file
written here: the YAML boolean key, malformed entries, and what counts as a hit, a false flag and a miss."""

from __future__ import annotations

import pytest

from newsline.eval.flags import flag_scores, load_flag_gold

GOLD = """\
# made up for this test
flags:
  river-01:
    stated_date_before_reported_past: {true: true, note: "comments under it are dated the week after"}
  river-02:
    content_older_than_stated_date: {true: false, note: "a look back on the 1998 flood, written when stated"}
  river-03:
    content_older_than_stated_date: {"true": true, note: "describes the bridge as still unbuilt months after it opened"}
  river-04:
    stated_date_before_reported_past: {true: true, note: "a schools page citing a broadcast two months later"}
"""


def write(tmp_path, text):
    path = tmp_path / "flags-river.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loader_reads_the_bare_and_the_quoted_true_key(tmp_path):
    gold = load_flag_gold(write(tmp_path, GOLD))
    assert gold["river-01"]["stated_date_before_reported_past"].holds is True
    assert gold["river-02"]["content_older_than_stated_date"].holds is False
    assert gold["river-03"]["content_older_than_stated_date"].holds is True
    assert gold["river-02"]["content_older_than_stated_date"].note.startswith("a look back")


@pytest.mark.parametrize("entry, complaint", [
    ("river-09:\n    stated_date_was_odd: {true: true, note: x}", "unknown flag kind 'stated_date_was_odd'"),
    ("river-09:\n    content_older_than_stated_date: {true: yes please, note: x}", "must be true or false"),
    ("river-09:\n    content_older_than_stated_date: {true: true}", "needs a note"),
    ("river-09: true", "expected a mapping of flag kinds"),
])
def test_loader_names_the_file_and_article_of_a_bad_entry(tmp_path, entry, complaint):
    path = write(tmp_path, "flags:\n  " + entry + "\n")
    with pytest.raises(ValueError) as error:
        load_flag_gold(path)
    assert str(path) in str(error.value) and "river-09" in str(error.value) and complaint in str(error.value)


def test_scores_count_true_false_unread_and_missed(tmp_path):
    gold = load_flag_gold(write(tmp_path, GOLD))
    raised = [
        ("river-01", "stated_date_before_reported_past", "a later date told as past"),
        ("river-02", "content_older_than_stated_date", "latest date far before"),
        # the other kind with the same claim takes river-03's reading
        ("river-03", "content_predates_stated_date", "a figure others had moved past"),
        ("river-05", "content_older_than_stated_date", "nobody has read this one"),
    ]
    scores = flag_scores(gold, raised)
    assert (scores["total"], scores["true"], scores["false"], scores["unread"]) == (4, 2, 1, 1)
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["recall"] == pytest.approx(2 / 3)  # river-04 was never raised
    assert [m["article"] for m in scores["missed"]] == ["river-04"]
    assert [i["reading"] for i in scores["items"]] == ["true", "false", "true", "unread"]


def test_a_flag_of_another_claim_does_not_answer_for_a_miss(tmp_path):
    gold = load_flag_gold(write(tmp_path, GOLD))
    scores = flag_scores(gold, [("river-04", "content_older_than_stated_date", "older")])
    assert scores["unread"] == 1 and scores["precision"] is None
    assert {m["article"] for m in scores["missed"]} == {"river-01", "river-03", "river-04"}
    assert scores["recall"] == 0.0
