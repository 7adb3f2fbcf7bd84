"""Latin transcription of Thai for URLs (dataset/organization names).

CKAN names must be lowercase ASCII, so a Thai title has to be transcribed to
give a readable URL. We follow the Royal Thai General System of Transcription
(RTGS, ระบบถอดอักษรไทยเป็นอักษรโรมันแบบถ่ายเสียง, Royal Institute 1999/2000):
a word is cut into orthographic syllables by PyThaiNLP's syllable dictionary and
each is read by the rules below, with no list of particular words: initials and
final-consonant classes (ก/ข/ค.. k, จ/ช/ด/ต/ศ/ษ/ส.. t, ญ/ณ/น/ร/ล n, บ/ป/พ/ฟ/ภ p),
true clusters (ปร pr, คว khw) and written ones (ทร s, ศร/สร s: ศรี si, หน/หม..
with a silent ห), inherent vowels (จน chon, สมุทร sa-mut, นคร na-khon), silent
letters under ์ (การันต์: สินธุ์ sin, จันทร์ chan) and extra final letters
(เพชร phet), รร (สวรรค์ sawan), and the linking a of Pali-Sanskrit compounds
(ราชบุรี ratchaburi). A syllable the rules cannot read falls back to PyThaiNLP's
``royin`` engine. ``bench/rtgs_names.py`` measures both on
``tests/data/rtgs_names.tsv`` (official romanizations of place and agency names).

Only new datasets get a slug from this module: the stored name of an existing
dataset never changes (see ``logic/validators/gdc.py``).
"""
from __future__ import annotations

import functools
import re
import unicodedata

from pythainlp.tokenize import syllable_tokenize
from pythainlp.transliterate import romanize as _pythainlp_romanize

from .normalize import normalize, thai_digits_to_arabic
from .segment import compound_parts, has_thai, segment

__all__ = ["romanize_word", "slugify", "DEFAULT_SLUG"]

#: Returned by :func:`slugify` when nothing usable is left.
DEFAULT_SLUG = "dataset"

_NON_SLUG_RE = re.compile(r"[^a-z0-9]+")
_MAI_YAMOK = "ๆ"


# --- RTGS rules (Royal Institute, 1999/2000) --------------------------------------------------
# Letters a rule needs, by role. An orthographic syllable from PyThaiNLP's syllable dictionary
# ('สมุทร', 'เชียง', 'ทบุ') is read left to right into spoken syllables: [leading vowel] initial
# [cluster] vowel [final] [silent letters].

_INITIAL = {
    "ก": "k", "ข": "kh", "ฃ": "kh", "ค": "kh", "ฅ": "kh", "ฆ": "kh", "ง": "ng", "จ": "ch",
    "ฉ": "ch", "ช": "ch", "ซ": "s", "ฌ": "ch", "ญ": "y", "ฎ": "d", "ฏ": "t", "ฐ": "th",
    "ฑ": "th", "ฒ": "th", "ณ": "n", "ด": "d", "ต": "t", "ถ": "th", "ท": "th", "ธ": "th",
    "น": "n", "บ": "b", "ป": "p", "ผ": "ph", "ฝ": "f", "พ": "ph", "ฟ": "f", "ภ": "ph",
    "ม": "m", "ย": "y", "ร": "r", "ล": "l", "ว": "w", "ศ": "s", "ษ": "s", "ส": "s",
    "ห": "h", "ฬ": "l", "อ": "", "ฮ": "h",
}
# Final consonant classes: each written final is said as one of k, ng, t, n, p, m (ย, ว: i, o).
_FINAL = {c: "k" for c in "กขฃคฅฆ"}
_FINAL.update({c: "t" for c in "จชซฌฎฏฐฑฒดตถทธศษส"})
_FINAL.update({c: "n" for c in "ญณนรลฬ"})
_FINAL.update({c: "p" for c in "บปพฟภ"})
_FINAL.update({"ง": "ng", "ม": "m", "ย": "i", "ว": "o"})
_CONSONANTS = frozenset(_INITIAL)
_LEADING = frozenset("เแโใไ")
# Signs that follow (above, below or after) the initial and make it the start of a syllable.
_VOWEL_SIGNS = frozenset("ะัาำิีึืุู็")
_TONE_MARKS = frozenset("่้๊๋")
# True clusters (both letters said) and written ones whose second letter is silent (จร, สร...).
_CLUSTER_SECOND = {c: "รลว" for c in "กขค"}
_CLUSTER_SECOND.update({"ป": "รล", "พ": "รล", "ผ": "ล", "บ": "รล", "ต": "ร", "ด": "ร", "ฟ": "รล"})
_SILENT_R_AFTER = frozenset("จซศส")
# ห before a sonorant (ห นำ) only sets the tone: หนอง is nong, ใหม่ is mai.
_H_LEADS = frozenset("งญนมยรลว")
# A final of these letters, in a Pali-Sanskrit compound, is also said as the next syllable's
# initial with the inherent a: ราชบุรี Ratchaburi, จันทบุรี Chanthaburi, เศรษฐกิจ setthakit.
_LINKING = frozenset("ชฐฒทธศษ")
_SILENCED_RE = re.compile("[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c")  # letter (+ ิ/ุ) + thanthakhat


class _Unreadable(ValueError):
    """The syllable does not fit the rules; the caller falls back to PyThaiNLP."""


def _initial(text: str, i: int, lead: str) -> tuple[str, int]:
    """The initial sound at ``text[i]`` (after the leading vowel ``lead``, or "") and the index
    after it (two letters for a cluster)."""
    c1 = text[i]
    if c1 not in _CONSONANTS:
        raise _Unreadable(text)
    c2 = text[i + 1] if i + 1 < len(text) else ""
    after = text[i + 2] if i + 2 < len(text) else ""
    # Without a leading vowel, two consonants form a cluster only when a vowel sign follows
    # them (ปรา, ความ, หนอง); otherwise the second is a final (กร: kon) or starts a syllable.
    opens = bool(lead) or after in _VOWEL_SIGNS or (after == "อ" and c2 != "อ") or (c2 == "ว" and after == "า")
    # Three consonants alone: a cluster takes the inherent o (กรม krom, หมด mot), else see _read.
    opens = opens or (after in _CONSONANTS and i + 3 == len(text) and c2 != "ว")
    # ว after a pair and before a final is the vowel ua: ทรวง suang.
    opens = opens or (after == "ว" and i + 3 < len(text) and text[i + 3] in _CONSONANTS)
    # After a leading vowel a word-final ว is the final o, not a cluster: แก้ว kaeo (แพร่ is phrae).
    if c2 == "ว" and lead and not after:
        opens = False
    # Likewise after เ แ โ a word-final consonant is a final unless it makes an r/l cluster:
    # แห่ง haeng, but แพร่ phrae (ใ ไ take no final: ใหม่ mai).
    if lead in ("เ", "แ", "โ") and not after and c2 not in "รล":
        opens = False
    if c2 in _CONSONANTS and opens:
        if c1 == "ห" and c2 in _H_LEADS:
            return _INITIAL[c2], i + 2
        if c1 == "อ" and c2 == "ย" and not lead and after == "\u0e48":
            return "y", i + 2
        if c1 == "ท" and c2 == "ร":
            return "s", i + 2
        # จร keeps its r after a leading vowel: เจริญ is cha-roen (จริง, without one, is ching).
        if c2 == "ร" and c1 in _SILENT_R_AFTER and not (lead and c1 == "จ"):
            return _INITIAL[c1], i + 2
        if c2 in _CLUSTER_SECOND.get(c1, ""):
            return _INITIAL[c1] + _INITIAL[c2], i + 2
    return _INITIAL[c1], i + 1


def _starts_syllable(text: str, j: int) -> bool:
    """Whether the consonant at ``text[j]`` opens a new syllable rather than closing this one."""
    nxt = text[j + 1] if j + 1 < len(text) else ""
    return nxt in _VOWEL_SIGNS or nxt in "ร" and j + 2 < len(text) and text[j + 2] == "ร"


# Vowel signs after the consonant, longest first: (written, RTGS, whether it also ends the syllable).
_VOWELS_AFTER = (("ัว", "ua", False), ("ั", "a", False), ("ะ", "a", False), ("า", "a", False), ("ำ", "am", True),
                 ("ิ", "i", False), ("ี", "i", False), ("ือ", "ue", False), ("ึ", "ue", False), ("ื", "ue", False),
                 ("ุ", "u", False), ("ู", "u", False), ("็", "o", True))


def _lead_vowel(rest: str, i: int, lead: str) -> tuple[str, int, bool]:
    """Vowel written before the consonant (เ แ โ ใ ไ): its sound, the next index, final already said."""
    final_done = False
    if lead == "เ":
        for pat, v in (("ีย", "ia"), ("ือ", "uea"), ("าะ", "o"), ("ิ", "oe"), ("อ", "oe"),
                       ("า", "ao"), ("ะ", "e"), ("็", "e"), ("ย", "oei")):
            if rest.startswith(pat):
                vowel, i = v, i + len(pat)
                final_done = pat == "ย"
                break
        else:
            vowel = "e"
    elif lead == "แ":
        vowel, i = "ae", i + (1 if rest[:1] in ("ะ", "็") else 0)
    elif lead == "โ":
        vowel, i = "o", i + (1 if rest[:1] == "ะ" else 0)
    elif lead in ("ใ", "ไ"):
        vowel = "ai"
        if rest[:1] == "ย" and len(rest) == 1:  # ไทย: the ย is silent
            i += 1
        final_done = True
    return vowel, i, final_done


def _plain_vowel(text: str, rest: str, i: int) -> tuple[str, int, bool]:
    """Vowel written after the consonant, or the inherent a/o: its sound, the next index, final said."""
    n = len(text)
    final_done = False
    for pat, sound, said in _VOWELS_AFTER:
        if rest.startswith(pat):
            return sound, i + len(pat), said
    if rest[:2] == "รร":  # ร หัน: กรรม kam, สวรรค์ sawan
        vowel, i = "a", i + 2
        if i >= n or _starts_syllable(text, i):
            vowel = "an"
            final_done = True
    elif rest[:1] in _CONSONANTS and _starts_syllable(text, i):
        vowel, final_done = "a", True  # สวรรค์ sa-wan
    elif rest[:1] == "อ" and (len(rest) == 1 or rest[1] in _CONSONANTS):
        vowel, i = "o", i + 1
    elif rest[:1] == "ว" and len(rest) > 1 and rest[1] in _CONSONANTS and rest[1] != "อ":
        vowel, i = "ua", i + 1
    elif not rest or rest[0] not in _CONSONANTS:
        vowel, final_done = "a", True  # a lone consonant: ณ na
    elif _starts_syllable(text, i) or (len(rest) >= 2 and rest[1] in _CONSONANTS):
        # Inherent a before a consonant that opens the next syllable (สมุ samu, นรา nara) or
        # before two more consonants (นคร na-khon, ถนน tha-non).
        vowel, final_done = "a", True
    else:
        vowel = "o"  # inherent o between two consonants: จน chon, กร kon
    return vowel, i, final_done


def _read(text: str) -> tuple[list[str], str]:
    """Spoken syllables of one orthographic syllable, and the written final of the last one."""
    out: list[str] = []
    i, n, final_letters = 0, len(text), ""
    while i < n:
        lead = text[i] if text[i] in _LEADING else ""
        i += 1 if lead else 0
        if i >= n:
            raise _Unreadable(text)
        start = i
        init, i = _initial(text, i, lead)
        rest = text[i:]
        if lead and i == start + 1 and len(rest) > 1 and rest[0] in _CONSONANTS and rest[1] in "ิีืาอะ็":
            # The leading vowel belongs to the second consonant: เจริญ cha-roen, เฉลิม cha-loem.
            out.append(init + "a")
            init, i = _initial(text, i, lead)
            rest = text[i:]
        if lead:
            vowel, i, final_done = _lead_vowel(rest, i, lead)
        else:
            vowel, i, final_done = _plain_vowel(text, rest, i)
        syllable = init + vowel
        letters = ""
        if not final_done:
            # Finals: consonants up to the next syllable; only the first is said (เพชร phet).
            while i < n and text[i] in _CONSONANTS and not _starts_syllable(text, i):
                letters += text[i]
                i += 1
            # A short i/u after the final of a long vowel ends the word silently (ภูมิ phum,
            # ชาติ chat, เหตุ het): the i/u belongs to the written Pali form, not to the sound.
            long_vowel = text[i - 1] in "าีูือ" or (lead in ("เ", "แ", "โ") and text[i - 1] not in "ะ็")
            if not letters and long_vowel and i + 2 == n and text[i] in _CONSONANTS and text[i + 1] in "ิุ":
                letters, i = text[i], n
        if letters:
            syllable += _FINAL[letters[0]]
        final_letters = letters
        out.append(syllable)
    return out, final_letters


def _rtgs_syllable(token: str, following: str = "") -> str:
    """RTGS of one orthographic syllable; ``following`` is the next one of the same word."""
    text = "".join(ch for ch in token if ch not in _TONE_MARKS and ch not in "ฯ")
    silenced = bool(_SILENCED_RE.search(text))
    text = _SILENCED_RE.sub("", text)
    if silenced and len(text) == 3 and not any(ch in _VOWEL_SIGNS or ch in _LEADING for ch in text):
        text = text[:2]  # ยนตร์ yon: after the silenced letter, a final cluster keeps its first letter
    if not text or any(not ("\u0e01" <= ch <= "\u0e4e") for ch in text):
        raise _Unreadable(token)
    syllables, finals = _read(text)
    result = "".join(syllables)
    # Linking syllable of Pali-Sanskrit compounds: the final said again as an initial with a.
    said = finals[:-1] if finals.endswith("ร") and len(finals) > 1 else finals
    if following and (following[0] in _CONSONANTS or following[0] in _LEADING) and said and not silenced:
        letter = said[-1]
        if letter in _LINKING and not (letter == "ท" and said != finals):
            result += _INITIAL[letter] + "a"
    return result


# อ before ย only sets the tone in อย่า, อย่าง, อยู่, อยาก (อยุธยา keeps its a).
_SILENT_O_RE = re.compile("อ(?=ย(?:[\u0e38\u0e39]?\u0e48|าก))")


def _royin(text: str) -> str:
    return _pythainlp_romanize(text, engine="royin")


def _ascii(text: str) -> str:
    # "café" -> "cafe": decompose, then drop what is not ASCII.
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _syllables(word: str) -> list[str]:
    try:
        return [s for s in syllable_tokenize(word, engine="dict", keep_whitespace=False) if s.strip()]
    except Exception:  # noqa: BLE001 -- PyThaiNLP raises no documented type; a word must still get a slug
        return [word]


def _royin_word(word: str) -> str:
    """The previous method, PyThaiNLP's ``royin`` per syllable (the fallback, and the baseline
    that ``bench/rtgs_names.py`` measures the rules against)."""
    result = "".join(_royin(s) for s in _syllables(word))
    if not result or not result.isascii():
        result = _royin(word)
    return _ascii(result)


@functools.lru_cache(maxsize=8192)
def _romanize_thai(word: str, next_word: str = "") -> str:
    # ``next_word``: the rest of a compound that slugify split (เพชร|บุรี), for the linking a.
    syllables = _syllables(_SILENT_O_RE.sub("", word))
    out = []
    for k, syllable in enumerate(syllables):
        following = syllables[k + 1] if k + 1 < len(syllables) else next_word
        try:
            out.append(_rtgs_syllable(syllable, following))
        except (_Unreadable, IndexError, KeyError):
            out.append(_royin_word(syllable))
    return _ascii("".join(out))


def romanize_word(word: str) -> str:
    """Transcribe one Thai word into Latin letters (RTGS).

    Non-Thai input is returned normalized but otherwise unchanged; Thai digits
    become ASCII digits; a trailing ``ๆ`` (repeat mark) repeats the word:
    ``ต่างๆ`` → ``tang tang``. Output is ASCII.

    >>> romanize_word("สถิติ")
    'sathiti'
    """
    word = thai_digits_to_arabic(normalize(word or ""))
    if not has_thai(word):
        return word
    repeat = word.endswith(_MAI_YAMOK)
    base = word.rstrip(_MAI_YAMOK).strip()
    if not base:
        return ""
    parts = [_romanize_thai(p) if has_thai(p) else p for p in base.split(" ")]
    result = " ".join(p for p in parts if p)
    return f"{result} {result}" if repeat and result else result


def slugify(title: str, max_length: int = 100) -> str:
    """Make a URL name from a (Thai or mixed) title.

    The title is segmented into words (:func:`~.segment.segment`, long
    compounds split by :func:`~.segment.compound_parts`); Thai words are
    romanized (:func:`romanize_word`), Latin words and digits kept;
    everything is lowercased and folded to ASCII, runs of anything but
    ``[a-z0-9]`` become one ``-``, and the result is cut to ``max_length`` at a
    word boundary when possible. If nothing usable remains (or fewer than two
    characters, CKAN's minimum name length) :data:`DEFAULT_SLUG` is returned.
    Making the name unique is the caller's job.

    >>> slugify("สถิติประชากร 2566")
    'sathiti-prachakon-2566'
    """
    if max_length < 2:
        raise ValueError(f"max_length must be >= 2, got {max_length}")
    parts: list[str] = []
    for token in segment(title or ""):
        # Long dictionary compounds (ministry names are single tokens for
        # search) would romanize into one unreadable run; split them.
        words = compound_parts(token) or [token]
        for k, word in enumerate(words):
            following = words[k + 1] if k + 1 < len(words) else ""
            if has_thai(word) and has_thai(following) and " " not in word:
                text = _romanize_thai(thai_digits_to_arabic(normalize(word)), following)
            else:
                text = romanize_word(word) if has_thai(word) else word
            piece = _NON_SLUG_RE.sub("-", _ascii(text).lower()).strip("-")
            if piece:
                parts.append(piece)
    slug = "-".join(parts)
    if len(slug) > max_length:
        # Look one character past the limit: a dash there is a clean cut.
        window = slug[: max_length + 1]
        cut = window.rfind("-")
        slug = window[:cut] if cut > 0 else slug[:max_length]
        slug = slug.strip("-")
    return slug if len(slug) >= 2 else DEFAULT_SLUG
