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

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

SIMILAR = 0.65
# With more unpaired lines x records than this in one list, only pairs within `window` places of
# each other are compared, so that a huge, heavily edited goal stays quick to import.
MAX_COMPARISONS = 200_000

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
    seen = {}
    bag = set()
    for item in items:
        seen[item] = seen.get(item, 0) + 1
        bag.add((item, seen[item]))
    return frozenset(bag)


def similarity(a, b):
    """0 (nothing in common) to 1 (the same words and letters); arguments are str or Text."""
    a = a if isinstance(a, Text) else Text.of(a)
    b = b if isinstance(b, Text) else Text.of(b)
    return _Scorer(b).score(a, at_least=0) or 0


class _Scorer:
    """similarity(line, record) for one record and many lines: SequenceMatcher indexes its second
    sequence once, and the cheap bounds skip the slow ratios of pairs that cannot reach `at_least`."""

    def __init__(self, record):
        self.record = record
        self.words = SequenceMatcher(None, (), record.words, autojunk=False)
        self.chars = SequenceMatcher(None, "", record.chars, autojunk=False)

    def score(self, line, at_least=SIMILAR):
        record = self.record
        # Matching items can be no more than the multisets share (difflib's quick_ratio).
        most_chars = 2 * len(line.char_bag & record.char_bag) / ((len(line.chars) + len(record.chars)) or 1)
        most_words = 2 * len(line.word_bag & record.word_bag) / (len(line.words) + len(record.words))
        if (most_words + most_chars) / 2 < at_least:
            return None
        self.words.set_seq1(line.words)
        words = self.words.ratio()
        if (words + most_chars) / 2 < at_least:
            return None
        self.chars.set_seq1(line.chars)
        score = (words + self.chars.ratio()) / 2
        return score if score >= at_least else None


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
    """(line index, record index) of the reworded pairs, best first; each index used once."""
    if not lines or not records:
        return []
    window = None
    if len(lines) * len(records) > MAX_COMPARISONS:
        window = max(1, MAX_COMPARISONS // (2 * max(len(lines), len(records))))
    prepared = [(j, _Scorer(Text.of(text))) for j, text in records]  # records come in index order
    positions = [j for j, _ in prepared]
    candidates = []
    for i, line in lines:
        line_text = Text.of(line)
        nearby = prepared
        if window is not None:
            nearby = prepared[bisect_left(positions, i - window) : bisect_right(positions, i + window)]
        for j, scorer in nearby:
            score = scorer.score(line_text)
            if score is not None:
                candidates.append((-score, abs(i - j), i, j))
    candidates.sort()
    used_lines, used_records, chosen = set(), set(), []
    for _, _, i, j in candidates:
        if i not in used_lines and j not in used_records:
            used_lines.add(i)
            used_records.add(j)
            chosen.append((i, j))
    return chosen
