"""Name matching keys: one spelling-independent key per name token, in either script.

Latin transliterations of Arabic names vary (Mohammed / Mohamed / Muhammad, Youssef / Yusuf,
El Amrani / Al-Amrani): the Latin key drops the article, accents and vowels and folds a few
spellings of one sound, leaving a consonant skeleton (m-h-m-d, y-s-f). Arabic spellings vary in
hamza and alef forms, taa marbuta, alef maqsura, diacritics and tatweel: the Arabic key folds
those. Both keys are indexed; ranking then compares the normalised full names. A misspelling
that changes a skeleton (Mahmout / Mahmoud) shares no key: trigram similarity catches it.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,  # tatweel
    }
)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_LATIN_ARTICLE = re.compile(r"^(?:el|al|el-|al-)(?=[a-z])")
_LATIN_SOUNDS = (
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("kh", "k"),
    ("ch", "sh"),
    ("dj", "j"),
    ("ce", "se"),
    ("ci", "si"),
    ("c", "k"),
    ("z", "s"),
    ("w", "u"),
)
_VOWELS = re.compile(r"[aeiouy]")


_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def is_arabic(text: str) -> bool:
    """Whether the text holds Arabic script (the Arabic Unicode blocks)."""
    return _ARABIC_LETTER.search(text) is not None


def normalise_arabic(text: str) -> str:
    """Arabic text with diacritics, tatweel and hamza/alef/taa-marbuta/maqsura forms folded."""
    return " ".join(_ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD).split())


def normalise_latin(text: str) -> str:
    """Lower-case ASCII letters and spaces: accents removed, hyphens and apostrophes split."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_only = "".join(ch for ch in decomposed if ch.isascii())
    return " ".join(re.sub(r"[^a-z]+", " ", ascii_only).split())


def tokens(text: str) -> list[str]:
    """Name tokens; Latin `el-amrani` and `al amrani` both give `amrani`."""
    if is_arabic(text):
        found = []
        for token in normalise_arabic(text).split():
            found.append(token)
            if token.startswith("ال") and len(token) > 3:
                found.append(token[2:])
        return found
    words = normalise_latin(text.replace("-", " ")).split()
    return [w for w in words if w not in ("el", "al")] or words


def key(token: str) -> str:
    """The matching key of one token: Arabic folded, or the Latin consonant skeleton."""
    if is_arabic(token):
        return "ar:" + normalise_arabic(token)
    word = _LATIN_ARTICLE.sub("", token)
    for spelling, sound in _LATIN_SOUNDS:
        word = word.replace(spelling, sound)
    head, rest = word[:1], _VOWELS.sub("", word[1:])
    skeleton = re.sub(r"(.)\1+", r"\1", head + rest)
    return "la:" + (skeleton or word)


def keys(*names: str | None) -> set[str]:
    """Every matching key of the given names (given and family, either script)."""
    return {key(t) for name in names if name for t in tokens(name)}


def closeness(query: str, candidate: str) -> float:
    """How close a full name is to the query, 0…1; an exact (normalised) match scores 1."""
    normalise = normalise_arabic if is_arabic(query) else normalise_latin
    a, b = normalise(query), normalise(candidate)
    if a == b:
        return 1.0
    query_keys, candidate_keys = keys(query), keys(candidate)
    overlap = len(query_keys & candidate_keys) / max(1, len(query_keys))
    return 0.6 * overlap + 0.39 * SequenceMatcher(None, a, b).ratio()


TRIGRAM_THRESHOLD = 0.3
"""The similarity from which a name is a candidate: pg_trgm's default for PostgreSQL's `%`."""


def trigrams(latin: str) -> set[str]:
    """pg_trgm's trigrams of a normalised Latin name: each word padded as `"  word "`."""
    return {f"  {word} "[i : i + 3] for word in latin.split() for i in range(len(word) + 1)}


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity`: shared trigrams over all trigrams of two normalised names."""
    ours, theirs = trigrams(a), trigrams(b)
    union = ours | theirs
    return len(ours & theirs) / len(union) if union else 0.0
