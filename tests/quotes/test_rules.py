"""Rule accountability: every quotation names the rule that produced it, confidence comes from that
rule's precision on the training data, and the evaluation reports precision per rule and per confidence."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from lagebild.eval.quotes import by_rule, confidence_bin, main, ranking_auc, reliability, write_rule_table
from lagebild.quotes.lexicon import LANG_DIR, PRIOR_WEIGHT, RULE_PRECISION, load_lexicon, load_rule_precision

from .helpers import analyse


@pytest.mark.parametrize(("text", "rule"), [
    ("„Wir werden das nicht hinnehmen“, sagte Außenministerin Annalena Baerbock am Montag.", "direct/frame-after"),
    ("Kanzler Olaf Scholz sagte: »Die Lage ist ernst, aber wir sind vorbereitet.«", "direct/frame-before"),
    ("Der Sprecher sagte, dass die Verhandlungen am Montag fortgesetzt würden.", "indirect/verb-dass"),
    ("Laut Polizei wurden bei dem Unfall drei Menschen verletzt.", "indirect/laut"),
    ("Die Lage sei ernst, sagte Innenministerin Nancy Faeser am Montag.", "indirect/frame-after"),
])
def test_every_quote_names_its_rule(text: str, rule: str) -> None:
    a = analyse(text)
    rules = [q.rule for q in a.quotes]
    assert all(rules)
    assert rule in rules, (rules, [a.span_text(q.start, q.end) for q in a.quotes])


def test_continuation_is_its_own_rule_and_stops_after_one_sentence() -> None:
    a = analyse("„Wir sind bereit“, sagte Ministerin Anna Weber am Montag. Die Lage sei ernst. "
                "Man müsse schnell handeln. Das Wetter war schön.")
    rules = [q.rule for q in a.quotes]
    assert rules.count("indirect/konj1-continuation") == 1, rules


@pytest.mark.parametrize("text", [
    "Der Partikelstrom, der von der Sonne ausgeht, wird als „Sonnenwind“ bezeichnet.",
    "Dies nennt man einen „Aktiensplit“.",
])
def test_one_word_terms_without_a_speaker_are_no_quotations(text: str) -> None:
    assert [q for q in analyse(text).quotes if q.kind == "direct"] == []


@pytest.mark.parametrize("text", [
    "Die Rebellen bestreiten diesen Vorwurf, beharren aber auf der Forderung nach mehr Autonomie.",
    "Wieso die Maschine kurz nach dem Start umkehrte, gab die Flugsicherung nicht bekannt.",
])
def test_clause_before_a_coordinated_or_topic_verb_is_no_report(text: str) -> None:
    quotes = analyse(text).quotes
    assert quotes == [], [q.rule for q in quotes]


def test_confidence_follows_train_precision() -> None:
    lex = load_lexicon("de")
    assert lex.rule_counts, f"{LANG_DIR / 'de' / 'speech' / RULE_PRECISION} is missing or empty"
    n, tp = lex.rule_counts["direct/frame-before"]
    assert lex.rule_confidence("direct/frame-before", 0.9) == round((tp + PRIOR_WEIGHT * 0.9) / (n + PRIOR_WEIGHT), 3)
    assert lex.rule_confidence("no/such-rule", 0.42) == 0.42  # unseen rules keep their own estimate
    a = analyse("Kanzler Olaf Scholz sagte: »Die Lage ist ernst, aber wir sind vorbereitet.«")
    assert a.quotes[0].confidence == lex.rule_confidence("direct/frame-before", 0.9)


def test_rule_table_round_trip(tmp_path: Path) -> None:
    c = Counter({"rule:pred:direct/a": 4, "rule:tp:direct/a": 3, "rule:pred:indirect/b": 2, "rule:tp:indirect/b": 0,
                 "conf:pred:0.90-0.95": 5, "conf:tp:0.90-0.95": 4})
    rows = by_rule(c)
    assert rows[0] == {"rule": "direct/a", "pred": 4, "tp": 3, "p": 0.75}
    assert reliability(c) == [{"bin": "0.90-0.95", "pred": 5, "tp": 4, "p": 0.8}]
    path = tmp_path / RULE_PRECISION
    write_rule_table(path, rows, "train", 10)
    assert load_rule_precision(path) == {"direct/a": (4, 3), "indirect/b": (2, 0)}


def test_confidence_bins_and_ranking() -> None:
    assert confidence_bin(0.5) == "0.00-0.70"
    assert confidence_bin(0.99) == "0.95-1.00"
    assert confidence_bin(1.0) == "0.95-1.00"
    assert ranking_auc([(0.9, True), (0.8, True), (0.5, False)]) == 1.0
    assert ranking_auc([(0.5, True), (0.9, False)]) == 0.0
    assert ranking_auc([(0.7, True), (0.7, False)]) == 0.5


def test_rule_table_is_written_from_train_only() -> None:
    with pytest.raises(SystemExit):
        main(["--split", "dev", "--write-rules"])
