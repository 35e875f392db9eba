"""Bad inputs never stop ingest: each becomes a one-line Failure and the rest goes on."""

from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.ingest import detect_language, read_bytes, read_paths
from eventwire.records import Article, Failure
from eventwire.settings import Settings

STORY = (
    "Colombia's peace commissioner said on Tuesday that the talks would resume in "
    "Medellín next week. The café owners of Cúcuta welcomed the “good news” – and the "
    "guerrilla group said it was ready, according to a statement."
)
GOOD = "Talks to Resume in Medellín\n\n" + STORY


def read_all(paths, **overrides) -> list[Article | Failure]:
    return list(read_paths(paths, Settings(**overrides)))


def only_failure(items) -> Failure:
    assert len(items) == 1 and isinstance(items[0], Failure), items
    failure = items[0]
    assert failure.stage == "read"
    assert "\n" not in failure.message
    return failure


def test_ingest_bad_inputs_empty_and_whitespace(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\r\n  ")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    items = read_all([tmp_path / "empty.txt", tmp_path / "blank.txt", tmp_path / "good.txt"])
    assert [type(i).__name__ for i in items] == ["Failure", "Failure", "Article"]
    assert items[0].source == str(tmp_path / "empty.txt")
    assert "empty" in items[0].message and "empty" in items[1].message


def test_ingest_bad_inputs_binary(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    failure = only_failure(read_all([path]))
    assert failure.message.startswith("binary data, not text")
    assert failure.source == str(path)


def test_ingest_bad_inputs_control_characters_are_binary():
    data = bytes(b % 32 if b % 32 not in (9, 10, 13, 0) else 65 for b in range(2000))
    failure = only_failure(list(read_bytes(data, "noise.txt")))
    assert failure.message.startswith("binary data, not text")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_ingest_bad_inputs_other_encodings_decoded(tmp_path, encoding):
    path = tmp_path / f"story-{encoding}.txt"
    path.write_bytes(GOOD.encode(encoding))
    [article] = read_all([path])
    assert isinstance(article, Article), article
    assert article.title == "Talks to Resume in Medellín"
    assert article.text == STORY


def test_ingest_bad_inputs_stray_windows_byte_in_utf8(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(GOOD.encode("utf-8").replace(b"Colombia's", b"Colombia\x92s"))
    [article] = read_all([path])
    assert article.text == STORY.replace("Colombia's", "Colombia\u2019s")


def test_ingest_bad_inputs_truncated_gzip_text(tmp_path):
    data = gzip.compress(((GOOD + "\n") * 20).encode("utf-8"))
    path = tmp_path / "story.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    failure = only_failure(read_all([path]))
    assert failure.source == str(path)
    assert "truncated" in failure.message


def test_ingest_bad_inputs_truncated_gzip_jsonl_keeps_whole_records(tmp_path):
    lines = [
        json.dumps({"title": f"Story {i}", "text": f"{STORY} Number {i}."}) for i in range(300)
    ]
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=1)
    path = tmp_path / "stories.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    items = read_all([path])
    articles = [i for i in items if isinstance(i, Article)]
    assert 0 < len(articles) < 300
    assert [a.title for a in articles] == [f"Story {i}" for i in range(len(articles))]
    assert isinstance(items[-1], Failure) and "truncated" in items[-1].message
    assert items[-1].source == str(path)


def test_ingest_bad_inputs_corrupt_gzip(tmp_path):
    data = bytearray(gzip.compress(GOOD.encode() * 50))
    data[20:60] = b"\xff" * 40
    path = tmp_path / "story.txt.gz"
    path.write_bytes(bytes(data))
    failure = only_failure(read_all([path]))
    assert "gzip" in failure.message


def test_ingest_bad_inputs_gzip_bomb_stops_at_limit(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 5_000_000))
    failure = only_failure(read_all([path], max_input_bytes=1_000_000))
    assert "max_input_bytes" in failure.message


@pytest.mark.parametrize(
    "markup",
    [
        b"<<<<>>>><<<",
        b"<!DOCTYPE html><html><head><title>Talks</title><scr",
        b"<html><body><div><<<>>></div></body></html>",
        b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
    ],
)
def test_ingest_bad_inputs_malformed_html(tmp_path, markup):
    path = tmp_path / "page.html"
    path.write_bytes(markup)
    failure = only_failure(read_all([path]))
    assert "HTML" in failure.message


def test_ingest_bad_inputs_malformed_json_line_rest_goes_on(tmp_path):
    path = tmp_path / "stories.jsonl"
    good = json.dumps({"text": STORY})
    path.write_text(f'{good}\n{{not json\n[1, 2]\n{{"title": "no text"}}\n{good}\n')
    items = read_all([path])
    assert [type(i).__name__ for i in items] == [
        "Article",
        "Failure",
        "Failure",
        "Failure",
        "Article",
    ]
    assert items[1].source == f"{path}:2" and "malformed JSON" in items[1].message
    assert items[2].source == f"{path}:3"
    assert items[3].source == f"{path}:4" and "text" in items[3].message
    assert items[4].source == f"{path}:5"


def test_ingest_bad_inputs_malformed_feed(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("<?xml version='1.0'?><catalog><book>no feed</book></catalog>")
    failure = only_failure(read_all([path]))
    assert "feed" in failure.message


def test_ingest_bad_inputs_huge_file_refused_quickly(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk
    failure = only_failure(read_all([path]))
    assert "max_input_bytes" in failure.message
    assert failure.source == str(path)


def test_ingest_bad_inputs_missing_path_and_empty_directory(tmp_path):
    (tmp_path / "empty").mkdir()
    items = read_all([tmp_path / "nope.txt", tmp_path / "empty"])
    assert [type(i).__name__ for i in items] == ["Failure", "Failure"]
    assert "no such file" in items[0].message
    assert "no readable files" in items[1].message


def test_ingest_bad_inputs_non_english_language_set(tmp_path):
    path = tmp_path / "article_fr.txt"
    path.write_text(
        "Les ministres se réunissent à Paris\n\n"
        "Les ministres des Affaires étrangères de plusieurs pays européens se sont réunis "
        "mardi à Paris pour coordonner leur soutien, à l'approche d'un sommet prévu le mois "
        "prochain à Bruxelles, a indiqué la ministre française.",
        encoding="utf-8",
    )
    [article] = read_all([path])
    assert isinstance(article, Article)
    assert article.language == "fr"


def test_ingest_bad_inputs_language_detection_is_deterministic():
    text = "El ministro de Asuntos Exteriores dijo el martes que las conversaciones seguirán."
    results = {detect_language(text) for _ in range(5)}
    assert len(results) == 1
    language, probability = results.pop()
    assert language == "es" and probability > 0.5
    assert detect_language("Talks.") == ("en", 0.0)


NAMES = st.sampled_from(
    ["x.txt", "x.html", "x.jsonl", "x.json", "x.xml", "x.txt.gz", "x.jsonl.gz", "x", "x.bin"]
)
TEXTISH = st.sampled_from(
    [b"", b"<html><body><p>", b'{"text": "', b"<?xml version='1.0'?><rss><channel><item>",
     b"\x1f\x8b\x08\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"Headline\n\n"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=TEXTISH, data=st.binary(max_size=600), name=NAMES)
def test_ingest_bad_inputs_arbitrary_bytes_never_raise(prefix, data, name):
    items = list(read_bytes(prefix + data, name, Settings(max_input_bytes=100_000)))
    assert items
    for item in items:
        assert isinstance(item, (Article, Failure))
        if isinstance(item, Failure):
            assert item.message and "\n" not in item.message
        else:
            assert item.text.strip()
