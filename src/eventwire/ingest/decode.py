"""Turn raw input bytes into text: gunzip with a size cap, detect the encoding.

Reads: bytes of one input (a whole file or a decompressed .gz). Returns a
``str``, or raises an ``InputError`` subclass that says why the bytes are not
an article: empty, binary, too large, corrupt or truncated gzip.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zlib
from typing import NamedTuple

from charset_normalizer import from_bytes

from eventwire.errors import BinaryInputError, EmptyInputError, FormatError, InputTooLargeError

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
SUPPORTED_HINT = "give a text, HTML, JSON Lines or RSS/Atom file (optionally gzipped)"


class GunzipResult(NamedTuple):
    """Decompressed bytes, and whether the compressed stream ended early."""

    data: bytes
    truncated: bool


def is_gzip(data: bytes) -> bool:
    return data[:2] == GZIP_MAGIC


def gunzip_limited(data: bytes, limit: int, source: str) -> GunzipResult:
    """Decompress gzip ``data`` (all members), refusing more than ``limit`` bytes of output.

    The output is produced in bounded steps so a small "gzip bomb" cannot
    exhaust memory. A stream that ends before its end marker is reported as
    truncated with the bytes decoded so far, so a caller can keep the whole
    records they contain.
    """
    chunks: list[bytes] = []
    total = 0
    pending = data
    decompressor = zlib.decompressobj(wbits=31)
    try:
        while True:
            chunk = decompressor.decompress(pending, limit + 1 - total)
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputTooLargeError(
                    source,
                    f"decompresses to more than {limit:,} bytes (max_input_bytes); "
                    "split it or raise EVENTWIRE_MAX_INPUT_BYTES",
                )
            if decompressor.eof:
                rest = decompressor.unused_data
                if not is_gzip(rest):
                    # Trailing zero padding after the last member is common and harmless.
                    return GunzipResult(b"".join(chunks), truncated=False)
                decompressor = zlib.decompressobj(wbits=31)
                pending = rest
                continue
            pending = decompressor.unconsumed_tail
            if not pending:
                return GunzipResult(b"".join(chunks), truncated=True)
    except zlib.error as exc:
        raise FormatError(
            source, f"corrupt gzip data ({exc}); re-compress the file or give it uncompressed"
        ) from exc


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
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise BinaryInputError(
            source, f"binary data, not text: no text encoding fits the bytes; {SUPPORTED_HINT}"
        )
    # On short Western text several single-byte code pages score the same;
    # Windows-1252 is by far the commonest of them for English news.
    for match in matches:
        if (
            match.encoding == TIE_BREAK_ENCODING
            and match.chaos <= best.chaos
            and match.coherence >= best.coherence
        ):
            return str(match)
    return str(best)


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


def _bad_char_ratio(text: str) -> float:
    sample = text[:100_000]
    bad = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (ch not in _TEXT_CONTROLS and unicodedata.category(ch) in ("Cc", "Cs"))
    )
    return bad / max(1, len(sample))
