"""Name keys: fold the spellings of one name onto one key.

Arabic names reach English reports in many transliterations (Jaish/Jaysh,
Nusra/Nusrah/Nosra, Qaeda/Qa'ida), with assimilated articles (al-/el-/an-/ash-)
and with or without possessives. `name_key` maps all of those to one string so
that aliases, catalog entries and list entries can be compared by equality.

Names in other scripts (the UN list writes Arabic, Cyrillic, Korean originals) are
transliterated to Latin with normality/ICU before folding, never deleted. Arabic
script writes no short vowels, so "جبهة النصرة" becomes "jbht al nsrt" while a
report writes "Jabhat al-Nusra": `skeleton` reduces both sides to the consonants
("jbh nsr"), which is what a script-crossing comparison can rely on.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Articles and particles that carry no identity: "al Nusrah" == "Nusrah".
ARTICLES = frozenset({"the", "al", "el", "il", "ad", "ar", "as", "ash", "an", "at", "az", "ad", "adh",
                      "ath", "az", "ul", "wal", "wa", "w", "of", "li", "lil", "bil", "fi"})

# Ordered spelling folds applied to the lowercased, apostrophe-free string.
_FOLDS: tuple[tuple[str, str], ...] = (
    (r"\bjaysh\b|\bjeish\b|\bjaish\b|\bjesh\b", "jaish"),
    (r"\bqa ?[i']?dah?\b|\bqaeda\b|\bqaida\b|\bkaida\b", "qaida"),
    (r"\bnosrah?\b|\bnusrah\b", "nusra"),
    (r"\bhay ?'?at\b|\bhayat\b|\bhayaat\b|\bhayet\b", "hayat"),
    (r"mujahidin\b|mujahedin\b|mujahideen\b|mujahedeen\b", "mujahideen"),
    (r"muhajirin\b|muhajireen\b|mouhajirin\b", "muhajireen"),
    (r"\bansaar\b", "ansar"),
    (r"\bh[ie]zb ?[aeiuo]?ll?ah?\b", "hizbullah"),
    (r"\bal ?qa ?[ei]?dah?\b|\balqa[ei]?dah?\b", "qaida"),
    (r"\bharakat\b|\bharakah\b|\bharaket\b|\bharkat\b|\bharkatul\b", "harakat"),
    (r"\bm[ou]hamm?[ae]d\b", "muhamad"),
    (r"\bt[ao]i?y?y?[ai]ba\b|\btoiba\b", "taiba"),
    (r"\borganis", "organiz"),
    (r"\bdine\b", "din"),
    (r"\bkataib\b|\bkata'ib\b|\bkatai?b\b", "kataib"),
    (r"\bfaylaq\b|\bfailaq\b", "faylaq"),
    (r"\bjabhat\b|\bjabhet\b|\bjabha\b|\bjebhat\b", "jabhat"),
    (r"\bahrar\b", "ahrar"),
    (r"\bshabaab\b|\bshabab\b", "shabaab"),
    (r"\bdaesh\b|\bdaish\b|\bda'ish\b", "daesh"),
    (r"\bislamiyya\b|\bislamiyyah\b|\bislamiya\b", "islamiyya"),
    (r"\bfat[ae]?h\b", "fath"),  # Fath / Fatah / Fateh: Jaysh al-Fath = Jaish al-Fatah
    (r"ou", "u"),
    (r"ee", "i"),
    (r"(.)\1", r"\1"),  # doubled letters: Hazzm, Ahrar al-Shaam
)
_APOSTROPHES = "'\u2018\u2019\u02bc\u02bb`\u00b4"


# Outside Basic Latin, Latin-1, Latin Extended and the combining/phonetic blocks: another script.
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u0250-\u02ff\u0300-\u036f\u1e00-\u1eff\u2000-\u206f]")
# The Arabic article is written joined to its noun; split it off so it folds like "al-".
_ARABIC_ARTICLE = re.compile(r"(?<![\u0621-\u064a])\u0627\u0644(?=[\u0621-\u064a]{2})")


def has_non_latin(text: str) -> bool:
    """Whether the text has letters of a script other than Latin (Arabic, Cyrillic, Hangul ...)."""
    return bool(_NON_LATIN.search(text or ""))


@lru_cache(maxsize=65536)
def to_latin(text: str) -> str:
    """Other scripts transliterated to Latin (normality, ICU); Latin text is returned as it is."""
    if not has_non_latin(text):
        return text
    from normality import ascii_text  # ICU's transliterator loads on first use: only for non-Latin names

    # ICU writes hamza and ain as "?" or "'": they are no letters of the Latin spellings.
    return (ascii_text(_ARABIC_ARTICLE.sub("\u0627\u0644 ", text)) or "").replace("?", "")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The folded key of a name; two spellings of one name share it."""
    s = strip_accents(to_latin(name or "")).lower()
    s = re.sub(f"[{_APOSTROPHES}]s\\b", "", s)  # possessive
    s = re.sub(f"[{_APOSTROPHES}]", "", s)
    s = re.sub(r"(?<![a-z])a-(?=[a-z])", "al-", s)  # an assimilated article written "a-": Liwa a-Tawhid
    s = re.sub(r"[-\u2010-\u2015]", " ", s)
    for pattern, repl in _FOLDS:
        s = re.sub(pattern, repl, s)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    tokens = [t for t in s.split() if t not in ARTICLES]
    return " ".join(tokens)


def acronym_of(name: str) -> str:
    """Initials of a name's content words: 'Jaish al Muhajireen wal Ansar' -> 'JMA'."""
    words = re.findall(r"[A-Za-z][A-Za-z']*", strip_accents(name))
    return "".join(w[0].upper() for w in words if w.lower() not in ARTICLES)


# Letters Latin spellings of one Arabic sound disagree on. `h` goes with the vowels: it is the second
# letter of kh/sh/th/dh/gh, the ha of ح/ه, and nothing in "Tahrir" vs "thryr" ("ت ح" read as "th").
_SKELETON_SOUNDS = (("ph", "f"), ("c", "k"), ("q", "k"), ("v", "f"), ("z", "s"), ("j", "g"), ("p", "b"))


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """The consonants of each token of a folded key: vowels, h, y and w dropped, doubled letters merged,
    a final t dropped (Arabic's ta marbuta is "-a", "-ah" or "-at" in Latin)."""
    out = []
    for token in key.split():
        s = token
        for pair, one in _SKELETON_SOUNDS:
            s = s.replace(pair, one)
        s = re.sub(r"[aeiouywh]", "", s)
        s = re.sub(r"(.)\1+", r"\1", s)
        if len(s) > 2:
            s = re.sub(r"t$", "", s)
        if s:
            out.append(s)
    return " ".join(out)


def skeleton_string(key: str) -> str:
    """The skeleton without word breaks: scripts split names differently ("Abdul Latif" / "عبد اللطيف",
    "Shahidkhel" / "شهيد خيل"), and the consonants in order are what both keep."""
    return re.sub(r"(.)\1+", r"\1", skeleton(key).replace(" ", ""))
