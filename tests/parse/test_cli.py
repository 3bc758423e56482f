"""`atmp parse` end to end: relative paths, gzip, bad lines and unreadable pages in one batch."""

from __future__ import annotations

import gzip
import json
import shutil

from pipeline.cli import build_parser, main
from tests.parse.helpers import PAGES


def write_batch(tmp_path, lines):
    folder = tmp_path / "batch"
    (folder / "pages").mkdir(parents=True)
    shutil.copy(PAGES / "globenewswire_release.html", folder / "pages" / "wire.html")
    (folder / "pages" / "es.html.gz").write_bytes(gzip.compress((PAGES / "es_dateline.html").read_bytes()))
    shutil.copy(PAGES / "pdf_saved_as.html", folder / "pages" / "pdf.html")
    src = folder / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def test_parse_command_writes_one_line_per_input(tmp_path, capsys):
    src = write_batch(tmp_path, [
        json.dumps({"id": "wire", "url": "https://wire.example.com/r/1", "path": "pages/wire.html"}),
        json.dumps({"id": "es", "url": "https://news.example.es/n/2", "path": "pages/es.html.gz"}),
        json.dumps({"id": "pdf", "url": "https://x.example/doc", "path": "pages/pdf.html"}),
        json.dumps({"id": "gone", "url": "https://x.example/gone", "path": "pages/missing.html"}),
        json.dumps({"id": "nopath", "url": "https://x.example/n"}),
        "{broken json",
        json.dumps({"id": "dir", "url": "https://x.example/d", "path": "pages"}),
        json.dumps({"id": "nul", "url": "https://x.example/d", "path": "bad\u0000name.html"}),
    ])
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(src), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["wire", "es", "pdf", "gone", "nopath", None, "dir", "nul"]

    wire, es, pdf, gone, nopath, broken, folder, nul = rows
    assert "cannot read pages" in folder["error"] and "cannot read" in nul["error"]
    assert folder["text"] == "" and folder["title"] is None
    assert wire["published"] == "2021-05-03" and wire["published_source"] == "dateline"
    assert wire["language"] == "en" and wire["text"].startswith("GHENT, Belgium")
    assert wire["dateline"] == "GHENT, Belgium, May 3, 2021" and wire["is_partial"] is False
    assert "error" not in wire
    assert es["published"] == "2021-02-10" and es["language"] == "es"
    assert "PDF" in pdf["error"]
    assert "missing.html" in gone["error"]
    assert "path" in nopath["error"] and "in.jsonl:5" in nopath["error"]
    assert "in.jsonl:6" in broken["error"]

    err = capsys.readouterr().err
    assert "in.jsonl:5: field 'path'" in err and "id pdf" in err


def test_warnings_flag_and_byte_cap(tmp_path):
    src = write_batch(tmp_path, [json.dumps({"id": 1, "url": "https://wire.example.com/r/1", "path": "pages/wire.html"})])
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(src), "-o", str(out), "--warnings", "--max-bytes", "900"]) == 0
    row = json.loads(out.read_text(encoding="utf-8"))
    assert row["id"] == "1"
    assert any("read the first 900" in w for w in row["warnings"])


def test_parallel_jobs_give_the_same_lines_in_the_same_order(tmp_path):
    lines = [json.dumps({"id": f"p{i}", "url": "https://wire.example.com/r/1",
                         "path": ["pages/wire.html", "pages/es.html.gz", "pages/pdf.html"][i % 3]}) for i in range(4)]
    src = write_batch(tmp_path, lines)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["parse", str(src), "-o", str(one)]) == 0
    assert main(["parse", str(src), "-o", str(two), "--jobs", "2"]) == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


def test_missing_input_file_is_exit_code_2(tmp_path):
    assert main(["parse", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2


def test_help_names_the_contract():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    text = sub.choices["parse"].format_help()
    assert '"id", "url", "path"' in text and '"error"' in text and "--max-bytes" in text


def test_content_language_of_a_saved_page_is_used(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "it.html").write_bytes("<html><body><article><h1>Notizia</h1><p>Sarà così.</p></article></body></html>"
                                     .encode("cp1252"))
    line = {"id": "it", "url": "https://x.example/it", "path": "it.html", "content_type": "text/html",
            "content_language": "it"}
    (folder / "in.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(folder / "in.jsonl"), "-o", str(out)]) == 0
    assert "Sarà così." in json.loads(out.read_text(encoding="utf-8"))["text"]
