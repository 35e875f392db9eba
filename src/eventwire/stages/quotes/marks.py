"""Quote marks and the punctuation that sets off attributions.

Reads the article text; ``find_quote_marks`` pairs the double quote marks
(straight, curly, guillemets, the typewriter pair '') paragraph by paragraph
and returns ``QuoteMarks`` with the quoted stretch between them. Writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Curly marks and guillemets have a direction; the straight mark and the
# typewriter pair '' (wire archives) both open and close.
_MARK_PATTERN = re.compile(r"''|``|[\"“”„«»]")
_OPENING_MARKS = {"“", "„", "«", "``"}
_CLOSING_MARKS = {"”", "»"}
MARK_TOKENS = _OPENING_MARKS | _CLOSING_MARKS | {'"', "''"}
MARK_CHARS = "\"“”„«»'`"
DASHES = {",", "—", "–", "-"}


@dataclass(frozen=True)
class QuoteMarks:
    """A stretch between double quote marks; ``start``/``end`` exclude the marks."""

    open_pos: int
    start: int
    end: int
    close_end: int  # after the closing mark; == end when the quote is never closed

    @property
    def closed(self) -> bool:
        return self.close_end > self.end


def find_quote_marks(text: str) -> list[QuoteMarks]:
    """Pair double quote marks paragraph by paragraph.

    A quote left open at the end of a paragraph runs to the paragraph end: in
    news style a quote that goes on into the next paragraph is not closed.
    """
    found: list[QuoteMarks] = []
    offset = 0
    for paragraph in text.split("\n"):
        open_at: tuple[int, int] | None = None  # position and length of the opening mark
        for match in _MARK_PATTERN.finditer(paragraph):
            mark, pos = match.group(), offset + match.start()
            if open_at is None:
                if mark not in _CLOSING_MARKS:  # a stray closing mark is ignored
                    open_at = (pos, len(mark))
            elif mark not in _OPENING_MARKS:
                found.append(QuoteMarks(open_at[0], sum(open_at), pos, pos + len(mark)))
                open_at = None
            else:  # a second opening mark: the first quote was never closed
                found.append(QuoteMarks(open_at[0], sum(open_at), pos, pos))
                open_at = (pos, len(mark))
        if open_at is not None:
            end = offset + len(paragraph.rstrip())
            found.append(QuoteMarks(open_at[0], sum(open_at), end, end))
        offset += len(paragraph) + 1
    return [m for m in (_trim_marks(text, m) for m in found) if m.end > m.start]


def _trim_marks(text: str, m: QuoteMarks) -> QuoteMarks:
    start, end = m.start, m.end
    while start < end and text[start].isspace():
        start += 1
    # The comma before the closing mark belongs to the attribution sentence:
    # '"The invitation should not be seen as an escalation," Sybiha wrote'.
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return QuoteMarks(m.open_pos, start, end, m.close_end)
