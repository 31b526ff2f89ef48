"""Bad inputs: each is one Rejection with a named reason and a one-line message; reading goes on."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lagebild.ingest import read_inputs
from lagebild.model import Article, Rejection

GOOD = "Der Landtag hat das Gesetz beschlossen. Die Opposition stimmte dagegen."


def only_rejection(items: list) -> Rejection:
    assert len(items) == 1 and isinstance(items[0], Rejection), items
    rej = items[0]
    assert "\n" not in rej.message
    assert rej.path in rej.message
    return rej


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "binary"),
    ("daten.bin", bytes(range(256)) * 4, "binary"),
    ("leer.txt", b"", "empty"),
    ("leer.jsonl", b"", "empty"),
    ("blank.txt", b"  \n\t\n\r\n   ", "empty-text"),
    ("nur_rahmen.txt", b"| | |\n| | |\n| | |\n", "empty-text"),
    ("nur_bild.txt", "Bild: Ein Foto vom Bundestag. Foto: dpa\n".encode(), "empty-text"),
    ("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "unknown-format"),
    ("brief.unbekannt", b"{\\rtf1\\ansi Hallo}", "unknown-format"),
    ("daten.xyz", b'<?xml version="1.0"?><a>b</a>', "unknown-format"),
    ("a.json", b'{"text": "abc", ', "bad-json"),
    ("a.json", json.dumps({"title": "ohne Text"}).encode(), "no-text"),
    ("a.json", json.dumps([1, 2]).encode()[:0] + b'["nur ein string"]', "bad-record"),
])
def test_rejected_file(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    assert only_rejection(list(read_inputs([str(p)]))).reason == reason


def test_run_goes_on_after_rejections(tmp_path: Path) -> None:
    (tmp_path / "a_binary.dat").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_good.txt").write_text(GOOD, encoding="utf-8")
    items = list(read_inputs([str(tmp_path), str(tmp_path / "fehlt.txt")]))
    assert [getattr(i, "reason", "article") for i in items] == ["binary", "empty", "article", "not-found"]


def test_bad_json_lines_keep_the_others(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    lines = [json.dumps({"text": GOOD, "id": 1}), '{"text": "abgeschnitten', "", json.dumps({"title": "x"}),
             "[1, 2]", json.dumps({"text": GOOD + " Vier.", "id": 4})]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([str(p)]))
    got = [(getattr(i, "reason", "article"), i.record) for i in items]
    assert got == [("article", 1), ("bad-json", 2), ("no-text", 4), ("bad-record", 5), ("article", 6)]
    assert all(f"{p}:{i.record}" in i.message for i in items if isinstance(i, Rejection))


def test_truncated_last_line(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": GOOD}) + "\n" + json.dumps({"text": GOOD})[:20], encoding="utf-8")
    assert [getattr(i, "reason", "article") for i in read_inputs([str(p)])] == ["article", "bad-json"]


@pytest.mark.parametrize(("encoding", "text"), [
    ("latin-1", "Die Bürger in München äußerten große Sorgen über die Maßnahmen. " * 3),
    ("cp1252", "„Wir müssen handeln“, sagte die Ministerin – und verließ den Saal. " * 3),
    ("cp1250", "Zażółć gęślą jaźń, powiedział minister w Warszawie. Rząd się nie zgadza. " * 3),
    ("utf-16", "Grüße aus Köln: Der Oberbürgermeister äußerte sich zur Lage. " * 3),
])
def test_other_encodings_are_read(tmp_path: Path, encoding: str, text: str) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode(encoding))
    (art,) = list(read_inputs([str(p)]))
    assert isinstance(art, Article), art
    assert art.text == text.strip()
    assert art.meta["encoding"]


def test_latin1_jsonl_is_read(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    line = json.dumps({"text": "Größere Maßnahmen in Düsseldorf."}, ensure_ascii=False) + "\n"
    p.write_bytes(line.encode("latin-1"))
    (art,) = list(read_inputs([str(p)]))
    assert art.text == "Größere Maßnahmen in Düsseldorf."
    assert art.meta["encoding"] == "cp1252"


def test_utf8_has_no_encoding_note(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    (art,) = list(read_inputs([str(p)]))
    assert art.text == GOOD and "encoding" not in art.meta


def test_too_large_is_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "gross.txt"
    chunk = (GOOD + "\n").encode() * (1_000_000 // (len(GOOD) + 1))
    with p.open("wb") as f:  # a 50 MB text file
        for _ in range(50_000_000 // len(chunk) + 1):
            f.write(chunk)
    reads: list[int] = []
    real_open = open

    class Spy:
        def __init__(self, fh):
            self._fh = fh

        def read(self, n: int = -1) -> bytes:
            reads.append(n)
            return self._fh.read(n)

        def __getattr__(self, name):
            return getattr(self._fh, name)

    def spy_open(path, mode="r", *a, **kw):
        fh = real_open(path, mode, *a, **kw)
        return Spy(fh) if "b" in mode and str(path) == str(p) else fh

    monkeypatch.setattr("builtins.open", spy_open)
    rej = only_rejection(list(read_inputs([str(p)], max_bytes=20_000_000)))
    assert rej.reason == "too-large"
    assert "raise the limit" in rej.message and "max_bytes" in rej.message
    assert reads and all(0 < n <= 1 << 20 for n in reads)
    p.unlink()  # do not keep 50 MB in pytest's temporary folders


def test_too_large_limit_is_a_parameter(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(GOOD * 10, encoding="utf-8")
    assert only_rejection(list(read_inputs([str(p)], max_bytes=100))).reason == "too-large"
    assert isinstance(next(read_inputs([str(p)], max_bytes=10_000)), Article)


def test_oversized_jsonl_record(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    items = list(read_inputs([str(p)], max_bytes=1000))
    assert [(getattr(i, "reason", "article"), i.record) for i in items] == [("too-large", 1), ("article", 2)]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_unreadable(tmp_path: Path) -> None:
    p = tmp_path / "geheim.txt"
    p.write_text(GOOD, encoding="utf-8")
    p.chmod(0)
    assert only_rejection(list(read_inputs([str(p)]))).reason == "unreadable"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "geheim.txt"
    p.write_text(GOOD, encoding="utf-8")
    real_open = open

    def deny(path, *a, **kw):
        if str(path) == str(p):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr("builtins.open", deny)
    rej = only_rejection(list(read_inputs([str(p)])))
    assert rej.reason == "unreadable" and "permission" in rej.message


def test_directory_given_as_file_is_unreadable(tmp_path: Path) -> None:
    from lagebild.ingest import read_path

    assert only_rejection(list(read_path(str(tmp_path)))).reason == "unreadable"


@pytest.mark.parametrize("pattern", ["fehlt.txt", "ordner/fehlt/*.txt", "*.nichts"])
def test_not_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert only_rejection(list(read_inputs([pattern]))).reason == "not-found"


def test_gzip_exports_are_read(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress((json.dumps({"text": GOOD, "id": 1}) + "\n").encode()))
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(f"date 2022-01\n\nBerlin - {GOOD}".encode()))
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n')[:15])  # cut-off download
    a, b, c = read_inputs([str(tmp_path)])
    assert (a.text, a.external_id, a.record) == (GOOD, "1", 1)
    assert (b.text, b.published, b.dateline) == (GOOD, "2022-01", "Berlin")
    assert isinstance(c, Rejection) and c.reason == "truncated" and "c.jsonl.gz" in c.message


def test_gzip_bomb_is_bounded(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "a.txt.gz").write_bytes(gzip.compress((GOOD + "\n").encode() * 20_000))
    assert only_rejection(list(read_inputs([str(tmp_path / "a.txt.gz")], max_bytes=100_000))).reason == "too-large"


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "link.txt").symlink_to(tmp_path / "ziel.txt")
    assert only_rejection(list(read_inputs([str(tmp_path / "link.txt")]))).reason == "not-found"


# ------------------------------------------------------------------ found by the reliability trial
@pytest.mark.parametrize(("record", "field"), [
    ({"text": GOOD, "tags": 5}, "tags"),
    ({"text": ["a", 1]}, "text"),
    ({"text": GOOD, "title": {"x": 1}}, "title"),
    ({"text": 12345}, "text"),
    ({"text": True}, "text"),
    ({"text": GOOD, "source": {"a": 1}}, "source"),
    ({"text": GOOD, "authors": 7}, "authors"),
    ({"text": GOOD, "date": [2020, 1, 1]}, "date"),
])
def test_wrong_typed_fields_are_named_rejections(tmp_path: Path, record: dict, field: str) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps(record) + "\n" + json.dumps({"text": GOOD + " Danach."}) + "\n", encoding="utf-8")
    rej, art = read_inputs([str(p)])
    assert isinstance(rej, Rejection) and rej.reason == "bad-field" and f"({field})" in rej.message
    assert f"{p}:1" in rej.message and isinstance(art, Article)


def test_numbers_where_strings_are_expected_are_kept() -> None:
    from lagebild.ingest.records import record_to_article

    art = record_to_article({"id": 17, "text": GOOD, "title": 2022, "tags": ["a", 3]}, path="x", record=1, fields=None)
    assert (art.external_id, art.title, art.tags) == ("17", "2022", ["a", "3"])


@pytest.mark.parametrize("name", ["tief.json", "tief.jsonl"])
def test_deeply_nested_json_is_a_rejection(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    p.write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    items = list(read_inputs([str(p)]))
    assert items[0].reason == "bad-json" and "nested too deeply" in items[0].message
    if name.endswith(".jsonl"):
        assert isinstance(items[1], Article)


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text('{"text": "Text mit \\ud800 drin. Und mehr.", "title": "T\\udc00", "source": "x\\u0000y"}\n',
                 encoding="utf-8")
    (art,) = read_inputs([str(p)])
    assert art.text == "Text mit \ufffd drin. Und mehr." and art.title == "T\ufffd" and art.source == "xy"
    art.id.encode("utf-8")


@pytest.mark.parametrize(("name", "data"), [
    ("a.jsonl", (json.dumps({"text": GOOD, "title": "Grüße"}, ensure_ascii=False) + "\n").encode("utf-16")),
    ("a.jsonl", (json.dumps({"text": GOOD, "title": "Grüße"}, ensure_ascii=False) + "\n").encode("utf-16-le")),
    ("a.csv", b"\xef\xbb\xbf" + f'text,title\n"{GOOD}",Grüße\n'.encode()),
    ("a.csv", f"text\ttitle\n{GOOD}\tGrüße\n".encode("utf-16")),
    ("daten", b"\xef\xbb\xbf" + (json.dumps({"text": GOOD, "title": "Grüße"}, ensure_ascii=False) + "\n").encode()),
])
def test_byte_order_marks_and_utf16_records(tmp_path: Path, name: str, data: bytes) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    (art,) = read_inputs([str(p)])
    assert isinstance(art, Article), art
    assert (art.text, art.title) == (GOOD, "Grüße")


def test_a_late_cp1252_line_is_read_as_cp1252(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    lines = [json.dumps({"text": f"{GOOD} Nummer {i}.", "title": "Größe"}, ensure_ascii=False) for i in range(2000)]
    late = json.dumps({"text": GOOD + " Späte Zeile.", "title": "Größe"}, ensure_ascii=False)
    p.write_bytes(("\n".join(lines) + "\n").encode() + (late + "\n").encode("cp1252"))
    items = list(read_inputs([str(p)]))
    assert len(items) == 2001 and items[-1].title == "Größe" and "Späte" in items[-1].text
    assert items[-1].meta["encoding"] == "cp1252" and "encoding" not in items[0].meta


def test_one_nul_byte_does_not_reject_a_csv(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(f'text,title\n"{GOOD}",A\n"{GOOD} zwei\x00",B\n"{GOOD} drei",C\n'.encode())
    items = list(read_inputs([str(p)]))
    assert [i.title for i in items] == ["A", "B", "C"] and "\x00" not in items[1].text


def test_a_huge_csv_cell_is_too_large_and_the_rows_after_it_are_read(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(f'text,title\n"{GOOD}",A\n"{"x" * 300_000}\nmit Zeilen\n{"y" * 300_000}",B\n"{GOOD} drei",C\n',
                 encoding="utf-8")
    items = list(read_inputs([str(p)], max_bytes=100_000))
    assert [i.reason if isinstance(i, Rejection) else i.title for i in items] == ["A", "too-large", "C"]
    assert items[1].record == 2 and f"{p}:3" in items[1].message


def test_a_malformed_csv_record_costs_only_itself(tmp_path: Path) -> None:
    import csv

    p = tmp_path / "a.csv"
    p.write_text(f'text,title\n"{GOOD}",A\n"{GOOD} zwei" x "y,B\n"{GOOD} drei",C\n', encoding="utf-8")
    csv.field_size_limit(1 << 17)
    items = list(read_inputs([str(p)]))
    assert items[0].title == "A" and items[-1].title == "C"


def test_truncated_gzip_document_is_named(tmp_path: Path) -> None:
    import gzip

    data = gzip.compress(f"date 2022-01\n\nBerlin - {GOOD * 200}".encode())
    (tmp_path / "a.txt.gz").write_bytes(data[: len(data) // 2])
    (rej,) = read_inputs([str(tmp_path / "a.txt.gz")])
    assert rej.reason == "truncated" and "cut off" in rej.message


def test_unreadable_sub_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "zu").mkdir()
    real_walk = os.walk

    def walk(top, onerror=None, **kw):
        for root, dirs, files in real_walk(top, onerror=onerror, **kw):
            if root.endswith("zu"):
                onerror(PermissionError(13, "Permission denied", root))
                continue
            yield root, dirs, files

    monkeypatch.setattr(os, "walk", walk)
    rej, art = read_inputs([str(tmp_path)])
    assert rej.reason == "unreadable" and "zu" in rej.path and "chmod" in rej.message and isinstance(art, Article)


def test_empty_text_column_is_named_as_empty(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": "", "title": "x"}) + "\n", encoding="utf-8")
    (rej,) = read_inputs([str(p)])
    assert rej.reason == "no-text" and "the text column 'text' is empty" in rej.message
