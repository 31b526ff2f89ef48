"""Parser parts without the shipped model: tree decoding, CoNLL-U reading, the model file, scoring."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lagebild.errors import ModelMissingError
from lagebild.nlp.parse import modelfile
from lagebild.nlp.parse.conllu import format_feats, parse_feats, read_conllu
from lagebild.nlp.parse.decode import NEG, decode_trees, padded, top_candidates
from lagebild.nlp.parse.eval import score
from lagebild.nlp.parse.model import Config, Parsed, ParserModel


def full_matrix(local: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Stack per-sentence ``(n, n + 1)`` score blocks into the padded matrix decode_trees reads."""
    lengths = np.asarray([len(m) for m in local])
    width = int(lengths.max()) + 1
    mat = np.full((int(lengths.sum()), width), NEG, dtype=np.float32)
    k = 0
    for m in local:
        n = len(m)
        mat[k : k + n, : n + 1] = m
        mat[np.arange(k, k + n), np.arange(1, n + 1)] = NEG  # no token heads itself
        k += n
    return mat, lengths


def is_tree(heads: np.ndarray) -> bool:
    n = len(heads)
    if sum(h == 0 for h in heads) != 1:
        return False
    for i in range(1, n + 1):
        seen, k = set(), i
        while k != 0:
            if k in seen:
                return False
            seen.add(k)
            k = heads[k - 1]
    return True


def test_decode_keeps_a_tree_the_scores_already_give() -> None:
    # 3 tokens: 2 heads the sentence, 1 and 3 hang on 2
    m = np.full((3, 4), 0.0, dtype=np.float32)
    m[0, 2] = m[2, 2] = 5.0
    m[1, 0] = 5.0
    mat, lengths = full_matrix([m])
    assert decode_trees(mat, lengths).tolist() == [2, 0, 2]


def test_decode_repairs_two_roots_and_a_cycle() -> None:
    # both 1 and 2 prefer ROOT; 3 and 4 prefer each other (a cycle)
    m = np.full((4, 5), 0.0, dtype=np.float32)
    m[0, 0], m[1, 0] = 9.0, 8.0
    m[1, 1] = 7.5  # 2 loses least when it moves under 1
    m[2, 4], m[3, 3] = 6.0, 6.0
    m[2, 1] = 5.0  # 3 -> 1 is the cheapest way out of the cycle
    m[3, 1] = 1.0
    mat, lengths = full_matrix([m])
    heads = decode_trees(mat, lengths)
    assert heads.tolist() == [0, 1, 1, 3]


def test_decode_random_scores_always_gives_trees() -> None:
    rng = np.random.default_rng(7)
    blocks = [rng.normal(size=(n, n + 1)).astype(np.float32) for n in (1, 2, 5, 9, 17, 40)]
    mat, lengths = full_matrix(blocks)
    heads = decode_trees(mat, lengths)
    k = 0
    for n in lengths.tolist():
        assert is_tree(heads[k : k + n]), heads[k : k + n]
        k += n


def test_top_candidates_and_padding() -> None:
    mat = padded(np.asarray([3.0, 1.0, 2.0, 5.0], dtype=np.float32), np.asarray([0, 0, 0, 1]),
                 np.asarray([0, 1, 2, 0]), (2, 3))
    assert mat[1, 1] == NEG and mat[0, 2] == 2.0
    rows, cols = top_candidates(mat, 2, keep=np.asarray([1, 0]))
    assert list(zip(rows.tolist(), cols.tolist())) == [(0, 0), (0, 1), (0, 2), (1, 0)]


CONLLU = """# sent_id = t1
# text = Er ging zum Markt.
1	Er	er	PRON	PPER	Case=Nom|Number=Sing|Person=3	2	nsubj	_	_
2	ging	gehen	VERB	VVFIN	Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin	0	root	_	_
3-4	zum	_	_	_	_	_	_	_	_
3	zu	zu	ADP	APPR	_	5	case	_	_
4	dem	der	DET	ART	Case=Dat|Gender=Masc|Number=Sing	5	det	_	_
5	Markt	Markt	NOUN	NN	Case=Dat|Gender=Masc|Number=Sing	2	obl	_	SpaceAfter=No
6	.	.	PUNCT	$.	_	2	punct	_	_

# sent_id = t2
1	Sie	sie	PRON	PPER	Case=Nom	2	nsubj	_	_
2	hat	haben	AUX	VBC	Mood=Ind|Tense=Pres	3	aux	_	_
3	gelesen	lesen	VERB	VBN	Tense=Past	0	root	_	_
4	Bücher	Buch	NOUN	NN	Case=Acc	3	iobj	_	_
5	schnell	schnell	ADV	RB	Degree=Pos	3	advmod	_	_

"""


def test_conllu_merges_contractions_and_normalises(tmp_path: Path) -> None:
    gsd = tmp_path / "de_gsd-test.conllu"
    gsd.write_text(CONLLU.split("# sent_id = t2")[0], encoding="utf-8")
    (s,) = read_conllu(gsd)
    assert s.treebank == "gsd" and s.words == ["Er", "ging", "zum", "Markt", "."]
    assert s.xpos[2] == "APPRART" and s.heads == [1, -1, 3, 1, 1] and s.rels[2] == "case"
    assert s.feats[2] == {"Case": "Dat", "Gender": "Masc", "Number": "Sing"}
    pud = tmp_path / "de_pud-test.conllu"
    pud.write_text("# sent_id = t2" + CONLLU.split("# sent_id = t2")[1], encoding="utf-8")
    (p,) = read_conllu(pud)
    assert p.treebank == "pud"
    assert p.feats[1]["VerbForm"] == "Fin" and p.feats[2] == {"VerbForm": "Part"}  # no Tense on participles
    assert p.rels[3] == "obl:arg"  # PUD iobj in GSD's terms
    assert "Degree" not in p.feats[4]


def test_feats_strings_round_trip() -> None:
    f = parse_feats("Number=Sing|Case=Nom")
    assert f == {"Number": "Sing", "Case": "Nom"} and format_feats(f) == "Case=Nom|Number=Sing"
    assert parse_feats("_") == {} and format_feats({}) == ""


def small_model() -> ParserModel:
    cfg = Config(labels=["nsubj", "punct", "root"], morph_values={"Case": ["", "Nom"]}, arc_bits=8, arc2_bits=6,
                 label_bits=6, morph_bits=6, seed=3, non_heads=["$."], morph_tags=["NN"])
    model = ParserModel(cfg)
    rng = np.random.default_rng(0)
    for name in ("w_arc", "w_arc2", "w_label", "w_morph"):
        w = getattr(model, name)
        w[...] = rng.normal(size=w.shape).astype(np.float32) * (rng.random(w.shape) < 0.3)
    return model


def test_model_file_round_trip_is_exact_and_reproducible(tmp_path: Path) -> None:
    model = small_model()
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    modelfile.save(model, a)
    modelfile.save(model, b, meta={"note": "x"})
    assert a.read_bytes() == b.read_bytes()
    assert (tmp_path / "b.json").is_file() and not (tmp_path / "a.json").exists()
    back = modelfile.load(a)
    assert back.config == model.config
    for name in ("w_arc", "w_arc2", "w_label", "w_morph"):
        assert np.array_equal(getattr(back, name), getattr(model, name).astype(np.float16).astype(np.float32))
    words, tags, lemmas = [["Er", "kam", "."]], [["PPER", "VVFIN", "$."]], [["er", "kommen", "."]]
    assert back.parse(words, tags, lemmas) == model.parse(words, tags, lemmas)


def test_missing_or_foreign_model_file_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="lagebild train parser"):
        modelfile.load(tmp_path / "none.npz")
    bad = tmp_path / "bad.npz"
    import zipfile

    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("config.json", '{"format": "other"}')
    with pytest.raises(ModelMissingError, match="retrain"):
        modelfile.load(bad)


def test_score_counts_heads_labels_and_features(tmp_path: Path) -> None:
    path = tmp_path / "de_gsd-x.conllu"
    path.write_text(CONLLU.split("# sent_id = t2")[0], encoding="utf-8")
    gold = read_conllu(path)
    pred = Parsed(heads=[[1, -1, 3, 1, 3]], rels=[["nsubj", "root", "case", "obj", "punct"]],
                  feats=[["Case=Nom|Number=Sing|Person=3", "Mood=Sub|Number=Sing|Person=3|Tense=Past|VerbForm=Fin",
                          "Case=Dat|Gender=Masc|Number=Sing", "Case=Dat|Gender=Masc|Number=Sing", ""]])
    res = score(gold, pred)
    assert res["tokens"] == 5
    assert res["uas"] == 0.8 and res["las"] == 0.6  # "." has the wrong head, Markt the wrong label
    assert res["uas_no_punct"] == 1.0 and res["las_no_punct"] == 0.75
    assert res["relations"]["obl"]["r"] == 0.0 and res["relations"]["nsubj"]["f1"] == 1.0
    assert res["morph_accuracy"]["Mood"] == 0.8
    assert res["morph_values"]["Mood=Sub"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "gold": 0, "pred": 1}
