"""Turn raw input bytes into text: gunzip in bounded pieces, detect the encoding.

Reads: bytes of one input (a whole file, a decompressed .gz, or the first
bytes of a JSON Lines stream). Returns a ``str`` or the name of the encoding
a stream's lines are in, or raises an ``InputError`` subclass that says why the
bytes are not an article: empty, binary, corrupt gzip.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator

from charset_normalizer import CharsetMatch, from_bytes

from eventwire.errors import BinaryInputError, EmptyInputError, FormatError

GZIP_MAGIC = b"\x1f\x8b"
# Share of characters that may be control or replacement characters before a
# "text" is judged binary data that happened to decode.
MAX_BAD_CHAR_RATIO = 0.05
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""")
_TEXT_CONTROLS = set("\t\n\r\f\v")
# Well-formed multi-byte characters needed per invalid byte to call a text UTF-8.
UTF8_MAJORITY = 2
TIE_BREAK_ENCODING = "cp1252"
# Lines that are not UTF-8 needed before a JSON Lines file is taken for a legacy code page.
LEGACY_LINES = 2
SUPPORTED_HINT = "give a text, HTML, JSON Lines or RSS/Atom file (optionally gzipped)"


def is_gzip(data: bytes) -> bool:
    return data[:2] == GZIP_MAGIC


class GunzipStream:
    """The decompressed bytes of a stream of gzip chunks (all members), in bounded pieces.

    Iterating yields pieces of at most ``piece`` bytes, so a small "gzip bomb"
    never sits in memory whole: the caller decides how much it reads. A
    stream that ends before its end marker sets ``truncated`` once iteration
    is over (the bytes decoded so far have been yielded), so a caller can
    keep the whole records they hold. Corrupt data raises ``FormatError``.
    """

    def __init__(self, chunks: Iterable[bytes], source: str, piece: int = 1 << 20) -> None:
        self.chunks = chunks
        self.source = source
        self.piece = piece
        self.truncated = False

    def __iter__(self) -> Iterator[bytes]:
        decompressor = zlib.decompressobj(wbits=31)
        try:
            for chunk in self.chunks:
                pending = chunk
                while pending:
                    out = decompressor.decompress(pending, self.piece)
                    if out:
                        yield out
                    if not decompressor.eof:
                        pending = decompressor.unconsumed_tail
                        continue
                    pending = decompressor.unused_data
                    if not is_gzip(pending):
                        # Trailing zero padding after the last member is common and harmless.
                        return
                    decompressor = zlib.decompressobj(wbits=31)
            while not decompressor.eof and (out := decompressor.decompress(b"", self.piece)):
                yield out
        except zlib.error as exc:
            raise FormatError(
                self.source,
                f"corrupt gzip data ({exc}); re-compress the file or give it uncompressed",
            ) from exc
        self.truncated = not decompressor.eof


def decode_text(data: bytes, source: str) -> str:
    """Return ``data`` decoded to text, or raise Empty/BinaryInputError."""
    if not data.strip():
        raise EmptyInputError(source, f"empty input, no text to read; {SUPPORTED_HINT}")
    text = _decode(data, source)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise EmptyInputError(source, f"only whitespace, no text to read; {SUPPORTED_HINT}")
    if _bad_char_ratio(text) > MAX_BAD_CHAR_RATIO:
        raise BinaryInputError(
            source, f"binary data, not text: control characters in the content; {SUPPORTED_HINT}"
        )
    return text


def _decode(data: bytes, source: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data[len(bom) :], encoding, source)
    utf16 = _guess_utf16(data)
    if utf16:
        return _decode_strict(data, utf16, source)
    if b"\x00" in data:
        raise BinaryInputError(
            source, f"binary data, not text: it contains NUL bytes; {SUPPORTED_HINT}"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _decode_mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    match = _best_match(data)
    if match is None:
        raise BinaryInputError(
            source, f"binary data, not text: no text encoding fits the bytes; {SUPPORTED_HINT}"
        )
    return str(match)


def _best_match(data: bytes) -> CharsetMatch | None:
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # On short Western text several single-byte code pages score the same;
    # Windows-1252 is by far the commonest of them for English news.
    for match in matches:
        if (
            match.encoding == TIE_BREAK_ENCODING
            and match.chaos <= best.chaos
            and match.coherence >= best.coherence
        ):
            return match
    return best


def line_encoding(head: bytes) -> str | None:
    """The encoding of a JSON Lines stream, judged on its first bytes ``head``.

    JSON Lines are UTF-8 (RFC 8259), so a stream is read as UTF-8 and a line
    that is not valid UTF-8 becomes that line's failure, unless the head
    shows a legacy file: at least ``LEGACY_LINES`` lines that are not UTF-8
    and more of them than lines with valid multi-byte UTF-8; those are read
    in the code page that fits the head (Windows-1252 on a tie). None when
    lines cannot be split on the byte ``\\n`` (UTF-16 and UTF-32): such a
    file is read whole.
    """
    if any(head.startswith(bom) for bom, name in _BOMS if name != "utf-8") or _guess_utf16(head):
        return None
    sample = head[: head.rfind(b"\n") + 1] or head
    invalid = valid_multibyte = 0
    for line in sample.split(b"\n"):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            invalid += 1
        else:
            valid_multibyte += 1
    if invalid < LEGACY_LINES or invalid <= valid_multibyte:
        return "utf-8"
    match = _best_match(sample)
    return match.encoding if match is not None else "utf-8"


def _decode_mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray bytes (a pasted Windows quote), with those bytes replaced.

    Many well-formed multi-byte characters and few invalid bytes mean the file
    is UTF-8; guessing another encoding would garble every accented letter.
    """
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ch > "\x7f") - invalid
    if multibyte < max(UTF8_MAJORITY * invalid, 2):
        return None
    return data.decode("utf-8", errors=_STRAY_BYTES_HANDLER)


def _decode_stray_bytes(error: UnicodeError) -> tuple[str, int]:
    """Read a stray byte in UTF-8 text as Windows-1252, where such bytes come from."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    stray = error.object[error.start : error.end]
    return stray.decode("cp1252", errors="replace"), error.end


_STRAY_BYTES_HANDLER = "eventwire-cp1252-stray-bytes"
codecs.register_error(_STRAY_BYTES_HANDLER, _decode_stray_bytes)


def _decode_strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise BinaryInputError(
            source,
            f"binary data, not text: invalid {encoding} after its byte-order mark; "
            f"{SUPPORTED_HINT}",
        ) from exc


def _guess_utf16(data: bytes) -> str | None:
    """Recognize BOM-less UTF-16 of mostly Latin text: every other byte is NUL."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls > 0.4 * pairs and even_nuls < 0.05 * pairs:
        return "utf-16-le"
    if even_nuls > 0.4 * pairs and odd_nuls < 0.05 * pairs:
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML meta tag or XML declaration names, if it is a known codec."""
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return None if codec == "utf-8" else codec


def looks_binary(head: bytes) -> bool:
    """True for the first bytes of a stream that are mostly not text and hold no JSON line.

    A JSON Lines file with a binary line among good ones is read line by line;
    a file that is binary from its start (a picture named .jsonl) is refused
    whole, rather than as thousands of failed lines.
    """
    text = head.decode("utf-8", errors="replace")
    if _bad_char_ratio(text) <= MAX_BAD_CHAR_RATIO:
        return False
    return not any(_is_json(line) for line in text.split("\n"))


def _is_json(line: str) -> bool:
    if not line.strip():
        return False
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def _bad_char_ratio(text: str) -> float:
    sample = text[:100_000]
    bad = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (ch not in _TEXT_CONTROLS and unicodedata.category(ch) in ("Cc", "Cs"))
    )
    return bad / max(1, len(sample))
