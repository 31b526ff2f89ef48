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
    assert isinstance(c, Rejection) and c.reason == "unreadable" and "c.jsonl.gz" in c.message


def test_gzip_bomb_is_bounded(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "a.txt.gz").write_bytes(gzip.compress((GOOD + "\n").encode() * 20_000))
    assert only_rejection(list(read_inputs([str(tmp_path / "a.txt.gz")], max_bytes=100_000))).reason == "too-large"


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "link.txt").symlink_to(tmp_path / "ziel.txt")
    assert only_rejection(list(read_inputs([str(tmp_path / "link.txt")]))).reason == "not-found"
