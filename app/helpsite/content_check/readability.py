"""LIX, the Scandinavian readability index: words per sentence plus the
percentage of long words (more than six letters).

Rough scale: under 30 easy, 30-40 plain (popular fiction, good public
information), 40-50 medium (newspapers), 50-60 hard (official reports),
over 60 very hard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word is letters, possibly joined by a hyphen or apostrophe ("e-post",
# "don't"); numbers are not words. Letters include æøå and the Sámi letters.
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# A sentence ends at . ! ? or : after a word and before a space or the end of
# the block; after a digit it is an ordinal or a time ("2. juni"), not an end.
_SENTENCE_END = re.compile(r"(?:(?<=[^\W\d_])|(?<=[)\"'»”’]))[.!?:]+(?=\s|$)")
LONG_WORD = 6
# Below this many words a single short heading or long name swings the score
# by tens of points, so a page that short gets no score to act on.
MIN_WORDS = 50


def _letters(word: str) -> int:
    return len(word) - word.count("-") - word.count("'") - word.count("’")


@dataclass(frozen=True)
class Lix:
    words: int = 0
    long_words: int = 0
    sentences: int = 0

    @property
    def value(self) -> float:
        if not self.words:
            return 0.0
        return self.words / max(self.sentences, 1) + 100 * self.long_words / self.words

    @property
    def meaningful(self) -> bool:
        return self.words >= MIN_WORDS


def has_words(blocks) -> bool:
    """Whether ``lix(blocks)`` would count any word, without counting them."""
    return any(_WORD.search(block) for block in blocks)


def lix(blocks) -> Lix:
    """LIX of text blocks (paragraphs, headings, list items, table cells):
    a block's last sentence ends with the block even without a full stop."""
    words = long_words = sentences = 0
    for block in blocks:
        pieces = _SENTENCE_END.split(block)
        for piece in pieces:
            found = _WORD.findall(piece)
            if not found:
                continue
            sentences += 1
            words += len(found)
            long_words += sum(1 for word in found if len(word) > LONG_WORD and _letters(word) > LONG_WORD)
    return Lix(words, long_words, sentences)
