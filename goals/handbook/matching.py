"""Which record does a line of the file update? Pairing a file's goals or objectives with the ones
already in the database, so that a reworded objective keeps its record and a different one does not.

Pure functions over texts; the importer calls `pair()` once per plan (goals) and once per goal
(objectives). Three steps:

1. The same text: a line pairs with the first record whose text is exactly its own.
2. The same text reworded: of the lines and records left, each pair whose similarity is at least
   SIMILAR may pair; the most similar pairs go first, and of equally similar ones the pair nearer
   in position (places apart in their lists). Records that may not be renamed (a dropped objective,
   an archived goal: kept for their evidence) take part in step 1 only.
3. What is left is new (a line) or gone (a record).

Similarity is the mean of two `difflib.SequenceMatcher` ratios over the texts in lower case with
punctuation removed: one over the characters (a typo costs little) and one over the words (a
changed word costs a word). A typo fix or a changed word scores 0.8 to 1; two different
objectives of the 2i2c plan score at most 0.55 (tests/handbook/test_matching.py checks both).
"""

import heapq
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

SIMILAR = 0.65
# With more unpaired lines x records than this in one list (50 changed objectives in one goal),
# only pairs within MAX_COMPARISONS / (2 x the longer side) places are compared (12 in a goal of
# 100 changed objectives), so that a huge, heavily edited plan stays quick to import.
MAX_COMPARISONS = 2_500

WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Text:
    """A text prepared for comparison: its words and characters, and their multisets as sets."""

    words: tuple[str, ...]
    chars: str
    word_bag: frozenset
    char_bag: frozenset

    @classmethod
    def of(cls, text):
        words = tuple(WORD.findall(text.casefold())) or (text.casefold().strip(),)
        chars = " ".join(words)
        return cls(words, chars, _bag(words), _bag(chars))


def _bag(items):
    """A multiset as a set of (item, occurrence) pairs: set intersection then counts like Counter &."""
    return frozenset((item, k) for item, count in Counter(items).items() for k in range(count))


def similarity(a, b):
    """0 (nothing in common) to 1 (the same words and letters); arguments are str or Text."""
    a = a if isinstance(a, Text) else Text.of(a)
    b = b if isinstance(b, Text) else Text.of(b)
    words = SequenceMatcher(None, a.words, b.words, autojunk=False).ratio()
    chars = SequenceMatcher(None, a.chars, b.chars, autojunk=False).ratio()
    return (words + chars) / 2


# Upper bounds of similarity(), each tighter and dearer than the one before; the last is exact.
def _by_length(a, b):
    """No more items can match than the shorter text has (difflib's real_quick_ratio)."""
    chars = 2 * min(len(a.chars), len(b.chars)) / ((len(a.chars) + len(b.chars)) or 1)
    words = 2 * min(len(a.words), len(b.words)) / (len(a.words) + len(b.words))
    return (chars + words) / 2


def _by_content(a, b):
    """No more items can match than the two multisets share (difflib's quick_ratio)."""
    chars = 2 * len(a.char_bag & b.char_bag) / ((len(a.chars) + len(b.chars)) or 1)
    words = 2 * len(a.word_bag & b.word_bag) / (len(a.words) + len(b.words))
    return (chars + words) / 2


BOUNDS = (_by_length, _by_content, similarity)


@dataclass
class Pairing:
    """`pairs[i]` is the record for line i (absent: a new line); `renamed` holds the i of step 2."""

    pairs: dict
    renamed: set
    gone: list


def pair(lines, records, text_of, renamable):
    """Pair `lines` (texts, in the file's order) with `records` (in their stored order)."""
    pairs, renamed = {}, set()
    by_text = {}
    for record in records:
        by_text.setdefault(text_of(record), []).append(record)
    for index, line in enumerate(lines):
        same = by_text.get(line)
        if same:
            pairs[index] = same.pop(0)
    taken = {id(record) for record in pairs.values()}
    open_lines = [(i, line) for i, line in enumerate(lines) if i not in pairs]
    open_records = [(j, r) for j, r in enumerate(records) if id(r) not in taken and renamable(r)]
    for i, j in _reworded(open_lines, [(j, text_of(r)) for j, r in open_records]):
        pairs[i] = records[j]
        renamed.add(i)
    taken = {id(record) for record in pairs.values()}
    gone = [record for record in records if id(record) not in taken]
    return Pairing(pairs, renamed, gone)


def _reworded(lines, records):
    """(line index, record index) of the reworded pairs, best first; each index used once.

    The same pairs as scoring every pair and taking them best first, but lazily: a pair that the
    cheap bounds do not rule out goes into a heap under its bound; when it comes to the top it is
    scored and re-queued, and taken when it comes to the top with its exact score. Pairs whose line
    or record is taken by then are never scored, so a goal whose every objective was reworded costs
    about one SequenceMatcher score per objective, not one per pair.
    """
    if not lines or not records:
        return []
    window = None
    if len(lines) * len(records) > MAX_COMPARISONS:
        window = max(1, MAX_COMPARISONS // (2 * max(len(lines), len(records))))
    line_texts = {i: Text.of(line) for i, line in lines}
    record_texts = {j: Text.of(text) for j, text in records}
    positions = [j for j, _ in records]  # in index order
    heap = []
    for i, line in line_texts.items():
        nearby = positions
        if window is not None:
            nearby = positions[bisect_left(positions, i - window) : bisect_right(positions, i + window)]
        for j in nearby:
            record = record_texts[j]
            if _by_length(line, record) >= SIMILAR and (bound := _by_content(line, record)) >= SIMILAR:
                heap.append((-bound, abs(i - j), i, j, 1))
    heapq.heapify(heap)
    used_lines, used_records, chosen = set(), set(), []
    while heap:
        key, distance, i, j, stage = heapq.heappop(heap)
        if i in used_lines or j in used_records:
            continue
        if stage == len(BOUNDS) - 1:
            used_lines.add(i)
            used_records.add(j)
            chosen.append((i, j))
            continue
        value = BOUNDS[stage + 1](line_texts[i], record_texts[j])
        if value >= SIMILAR:
            heapq.heappush(heap, (-value, distance, i, j, stage + 1))
    return chosen
