"""JSON Lines are read a record at a time: no file cap, a record cap, one failure per bad line;
named pipes and other non-regular files are skipped without being opened."""

from __future__ import annotations

import gzip
import json
import os
import socket
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.ingest import read_bytes, read_paths
from eventwire.ingest.jsonl import iter_lines
from eventwire.records import Article, Failure
from eventwire.settings import Settings

STORY = (
    "The harbour authority of Valparaíso said on Monday that the strike by dock workers had "
    "ended after talks with the ministry, and that ships would be unloaded again this week."
)


def record(number: int, **extra: object) -> bytes:
    fields = {"title": f"Dock strike ends, part {number}", "text": f"{STORY} Update {number}."}
    return json.dumps(fields | extra, ensure_ascii=False).encode("utf-8")


def read_all(paths, **overrides) -> list[Article | Failure]:
    return list(read_paths(paths, Settings(**overrides)))


def kinds(items) -> list[str]:
    return [type(item).__name__ for item in items]


def test_ingest_streaming_nul_line_fails_alone(tmp_path):
    path = tmp_path / "stories.jsonl"
    lines = [record(i) for i in range(7)]
    lines.insert(3, b'{"text": "half a record\x00\x00\x07 then binary"}')
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = read_all([path])
    assert kinds(items) == ["Article"] * 3 + ["Failure"] + ["Article"] * 4
    failure = items[3]
    assert failure.source == f"{path}:4"
    assert "NUL" in failure.message and "rest of the file is read" in failure.message
    assert [a.title for a in items if isinstance(a, Article)] == [
        f"Dock strike ends, part {i}" for i in range(7)
    ]


def test_ingest_streaming_bad_utf8_line_fails_alone(tmp_path):
    path = tmp_path / "stories.jsonl"
    bad = record(1).replace("Valparaíso".encode(), b"Valpara\xedso")
    path.write_bytes(b"\n".join([record(0), bad, record(2)]))  # no final newline
    items = read_all([path])
    assert kinds(items) == ["Article", "Failure", "Article"]
    assert items[1].source == f"{path}:2"
    assert "not valid utf-8" in items[1].message and "0xed" in items[1].message
    assert "Valparaíso" in items[2].text


def test_ingest_streaming_legacy_code_page_file_is_decoded(tmp_path):
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(b"\n".join(record(i).decode().encode("cp1252") for i in range(3)))
    items = read_all([path])
    assert kinds(items) == ["Article"] * 3
    assert all("Valparaíso" in a.text for a in items)


def test_ingest_streaming_record_cap_fails_one_line(tmp_path):
    path = tmp_path / "stories.jsonl"
    huge = record(1, subtitle="x" * 50_000)
    path.write_bytes(b"\n".join([record(0), huge, record(2)]) + b"\n")
    items = read_all([path], max_record_bytes=20_000)
    assert kinds(items) == ["Article", "Failure", "Article"]
    assert items[1].source == f"{path}:2"
    assert "max_record_bytes (20,000 bytes)" in items[1].message


def test_ingest_streaming_file_over_whole_file_cap_is_read(tmp_path):
    # 25 MB of JSON Lines: more than max_input_bytes (20 MB), which only whole files have.
    path = tmp_path / "dump.jsonl"
    padding = " ".join(["The ministry said talks would go on."] * 20_000)  # ~740 KB a record
    with path.open("wb") as handle:
        for i in range(34):
            handle.write(json.dumps({"title": f"Part {i}", "text": f"{STORY} {padding}"}).encode())
            handle.write(b"\n")
    assert path.stat().st_size > Settings().max_input_bytes
    items = read_all([path])
    assert kinds(items) == ["Article"] * 34
    assert items[-1].source == f"{path}:34"


def test_ingest_streaming_gzip_jsonl_has_no_whole_file_cap(tmp_path):
    path = tmp_path / "stories.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n".join(record(i) for i in range(50))))
    items = read_all([path], max_input_bytes=2_000)
    assert kinds(items) == ["Article"] * 50


def test_ingest_streaming_json_file_holding_lines(tmp_path):
    path = tmp_path / "stories.json"
    path.write_bytes(b"\n".join(record(i) for i in range(5)) + b"\n")
    items = read_all([path], max_input_bytes=500)
    assert kinds(items) == ["Article"] * 5


def test_ingest_streaming_bytes_in_memory_read_per_line():
    data = b"\n".join([record(0), b"\x00\x00", b"{broken", record(3)])
    items = list(read_bytes(data, "posted.jsonl"))
    assert kinds(items) == ["Article", "Failure", "Failure", "Article"]
    assert [i.source for i in items] == [f"posted.jsonl:{n}" for n in (1, 2, 3, 4)]


def test_ingest_streaming_binary_file_named_jsonl_is_one_failure(tmp_path):
    path = tmp_path / "photo.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    items = read_all([path])
    assert kinds(items) == ["Failure"]
    assert items[0].source == str(path) and "binary data" in items[0].message


def test_ingest_streaming_blank_jsonl_is_empty(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_bytes(b"\xef\xbb\xbf\n\n  \n")
    items = read_all([path])
    assert kinds(items) == ["Failure"] and "no JSON records" in items[0].message


def read_within(paths, seconds: float = 20.0) -> list[Article | Failure]:
    """Read ``paths`` in a thread; fail (instead of hanging the suite) if it blocks."""
    found: list[Article | Failure] = []
    reader = threading.Thread(target=lambda: found.extend(read_all(paths)), daemon=True)
    reader.start()
    reader.join(seconds)
    assert not reader.is_alive(), "reading blocked: a non-regular file was opened"
    return found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_ingest_streaming_fifo_in_folder_and_given_is_skipped(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(record(0) + b"\n")
    os.mkfifo(folder / "b.jsonl")
    os.mkfifo(folder / "c")  # no known extension: still reported, never opened
    (folder / "d.txt").write_text(f"Dock Strike Ends\n\n{STORY}", encoding="utf-8")
    items = read_within([folder, folder / "b.jsonl"])
    assert kinds(items) == ["Article", "Failure", "Failure", "Article", "Failure"]
    pipes = [i for i in items if isinstance(i, Failure)]
    assert [p.source for p in pipes] == [str(folder / n) for n in ("b.jsonl", "c", "b.jsonl")]
    assert all("named pipe" in p.message and "skipped" in p.message for p in pipes)


def test_ingest_streaming_socket_is_skipped(tmp_path):
    path = tmp_path / "feed.xml"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        items = read_within([tmp_path])
    finally:
        server.close()
    assert kinds(items) == ["Failure"] and "socket" in items[0].message


def test_ingest_streaming_device_given_is_skipped():
    items = read_within(["/dev/zero"])
    assert kinds(items) == ["Failure"] and "character device" in items[0].message


def test_ingest_streaming_gzip_members_and_padding(tmp_path):
    path = tmp_path / "stories.jsonl.gz"
    first = gzip.compress(b"\n".join(record(i) for i in range(3)) + b"\n")
    second = gzip.compress(b"\n".join(record(i) for i in range(3, 5)) + b"\n")
    path.write_bytes(first + second + b"\x00" * 512)
    items = read_all([path])
    assert kinds(items) == ["Article"] * 5
    assert items[-1].source == f"{path}:5"


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(max_size=400).map(lambda b: b.replace(b"\r", b"\n")),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=8),
    limit=st.integers(min_value=1, max_value=40),
)
def test_ingest_streaming_lines_do_not_depend_on_chunking(data, cuts, limit):
    bounds = sorted({0, len(data), *(c for c in cuts if c <= len(data))})
    chunks = [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # a final newline ends the last line; it does not start another
    expected = [(n, line if len(line) <= limit else None) for n, line in enumerate(lines, 1)]
    assert list(iter_lines(chunks, limit)) == expected
