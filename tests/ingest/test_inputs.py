"""Input expansion (files, folders, globs, stdin), format detection, provenance."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from lagebild.ingest import detect_format, read_inputs
from lagebild.model import Article

GOOD = "Der Landtag hat das Gesetz beschlossen. Die Opposition stimmte dagegen."


@pytest.mark.parametrize(("name", "head", "fmt"), [
    ("a.jsonl", b'{"text": "x"}\n', "jsonl"),
    ("a.ndjson", b'{"text": "x"}\n', "jsonl"),
    ("a.json", b'[{"text": "x"}]', "json"),
    ("a.csv", b"title,text\n", "csv"),
    ("a.tsv", b"title\ttext\n", "csv"),
    ("a.html", b"<html><body>x</body></html>", "html"),
    ("a.txt", GOOD.encode(), "text"),
    ("a.md", b"# Titel\n\nText.", "text"),
    # unknown or missing extensions: the content decides
    ("artikel", b"  <!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    ("export.dat", b'{"text": "x"}\n{"text": "y"}\n', "jsonl"),
    ("export.dat", b'{\n  "text": "x"\n}\n', "json"),
    ("export.dat", b'[{"text": "x"}]', "json"),
    ("notiz.xyz", GOOD.encode(), "text"),
    ("-", b"id,title,text\n1,T,Text\n", "csv"),
    ("export", b'"title";"body"\r\n"T";"Text"\r\n', "csv"),
    ("notiz", b"Kommentar, Analyse; Meinung\nText.", "text"),
    ("notiz.xyz", "Grüße aus Köln".encode("latin-1"), "text"),
    ("x.txt", b"\x00\x01\x02\x03binary", "binary"),
    ("x.doc", b"%PDF-1.4 ...", "unknown"),
    ("x.dat", b"<?xml version='1.0'?><r/>", "unknown"),
])
def test_detect_format(name: str, head: bytes, fmt: str) -> None:
    assert detect_format(name, head) == fmt


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text(GOOD + " A.", encoding="utf-8")
    (tmp_path / "b" / "z.txt").write_text(GOOD + " Z.", encoding="utf-8")
    (tmp_path / "b" / "c" / "d.jsonl").write_text(
        json.dumps({"text": GOOD + " D1.", "id": "d1"}) + "\n" + json.dumps({"text": GOOD + " D2."}) + "\n",
        encoding="utf-8")
    (tmp_path / "b" / ".versteckt.txt").write_text(GOOD + " Versteckt.", encoding="utf-8")
    (tmp_path / ".hidden" / "h.txt").write_text(GOOD + " H.", encoding="utf-8")
    return tmp_path


def _ends(items: list) -> list[str]:
    return [i.text.rsplit(" ", 1)[1] for i in items]


def test_directory_recursive_sorted_no_hidden(tree: Path) -> None:
    items = list(read_inputs([str(tree)]))
    assert all(isinstance(i, Article) for i in items)
    assert _ends(items) == ["A.", "D1.", "D2.", "Z."]  # a.txt, b/c/d.jsonl, b/z.txt
    assert [(Path(i.path).name, i.record) for i in items] == [("a.txt", None), ("d.jsonl", 1), ("d.jsonl", 2),
                                                              ("z.txt", None)]
    assert items[1].external_id == "d1" and items[2].external_id is None


@pytest.mark.parametrize(("pattern", "ends"), [
    ("*.txt", ["A."]),
    ("**/*.txt", ["A.", "Z."]),
    ("b/*/*.jsonl", ["D1.", "D2."]),
    ("[ab]*", ["A.", "D1.", "D2.", "Z."]),
])
def test_globs(tree: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, ends: list[str]) -> None:
    monkeypatch.chdir(tree)
    assert _ends(list(read_inputs([pattern]))) == ends


def test_order_follows_arguments(tree: Path) -> None:
    items = list(read_inputs([str(tree / "b" / "z.txt"), str(tree / "a.txt")]))
    assert _ends(items) == ["Z.", "A."]


@pytest.mark.parametrize(("data", "ends"), [
    (GOOD.encode() + b" Stdin.", ["Stdin."]),
    ((json.dumps({"text": GOOD + " J1."}) + "\n" + json.dumps({"text": GOOD + " J2."}) + "\n").encode(),
     ["J1.", "J2."]),
    (b"<html><body><article><p>" + (GOOD.encode() + b" ") * 5 + b"Html.</p></article></body></html>", ["Html."]),
    (f"title,text\nT,{GOOD.replace(',', '')} Csv.\n".encode(), ["Csv."]),
])
def test_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes, ends: list[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(read_inputs(["-"]))
    assert _ends(items) == ends
    assert all(i.path == "<stdin>" for i in items)


def test_same_text_same_id_whatever_the_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    a, b = read_inputs([str(tmp_path)])
    assert a.id == b.id
