"""Romanisation of names in any script to lower-case ASCII.

anyascii does the per-script work (it covers Cyrillic, Greek, Arabic, Hebrew, Armenian,
Georgian, CJK, Hangul, Thai, Khmer...). Hebrew (here) and Burmese (:mod:`service.names.burmese`)
are romanised by sound instead. Around it: each Han character and Hangul
syllable becomes its own token (names in these scripts are written without spaces, the
comparer re-joins adjacent tokens), CJK numerals after 第 / before 号 become digits, and
Cyrillic Г gets a second reading (Ukrainian/Belarusian H).
"""

from __future__ import annotations

import re

from anyascii import anyascii

from service.names.burmese import alternative, burmese_romanize
from service.names.japanese import japanese_parts
from service.scripts import detect_script

_CJK_ONE = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3])")
_CJK_NUM = re.compile(
    r"第([〇零一二三四五六七八九十百千]+)|([〇零一二三四五六七八九十百千]+)(?=[号號])"
)
_CJK_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CYR_G = re.compile("[ГгҐґ]")
_ARMENIAN_U = re.compile("[Ուու][Ւււ]")
# Greek nominative endings (Alexandros ~ Alexander, Nikolaos ~ Nikola)
_GREEK_ENDING = re.compile(r"(?<=[a-z]{4})(?:os|is|as|es|ou)\b")

#: Scripts written without (most) vowels: compared on consonant skeletons.
ABJAD_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Thai", "Mymr", "Khmr", "Laoo"})
#: Scripts whose romanisation follows Korean conventions.
KOREAN_SCRIPTS = frozenset({"Hang"})
#: Scripts read one Chinese syllable per character (pinyin).
HAN_SCRIPTS = frozenset({"Hani"})


# Hebrew letters: (word-initial reading, other reading). Alef and ayin are silent; a final
# he is a vowel letter; bet, kaf and pe are hard at the start of a word (b, k, p) and soft
# elsewhere (v, kh, f); vav inside a word is mostly the vowel o/u.
_HEBREW = {
    "א": ("", ""),
    "ב": ("b", "v"),
    "ג": ("g", "g"),
    "ד": ("d", "d"),
    "ה": ("h", "h"),
    "ו": ("v", "o"),
    "ז": ("z", "z"),
    "ח": ("kh", "kh"),
    "ט": ("t", "t"),
    "י": ("y", "y"),
    "כ": ("k", "kh"),
    "ך": ("kh", "kh"),
    "ל": ("l", "l"),
    "מ": ("m", "m"),
    "ם": ("m", "m"),
    "נ": ("n", "n"),
    "ן": ("n", "n"),
    "ס": ("s", "s"),
    "ע": ("", ""),
    "פ": ("p", "f"),
    "ף": ("f", "f"),
    "צ": ("ts", "ts"),
    "ץ": ("ts", "ts"),
    "ק": ("k", "k"),
    "ר": ("r", "r"),
    "ש": ("sh", "sh"),
    "ת": ("t", "t"),
}
_HEBREW_GERESH = {"ג": "j", "ז": "zh", "צ": "ch", "ץ": "ch", "ת": "th"}
_HEBREW_WORD = re.compile(r"[\u05d0-\u05ea\u05b0-\u05c7'\u05f3]+")
_HEBREW_POINTS = re.compile(r"[\u05b0-\u05c7]")


def _hebrew_word(match: re.Match[str]) -> str:
    word = _HEBREW_POINTS.sub("", match.group(0))
    out: list[str] = []
    n = len(word)
    i = 0
    while i < n:
        ch = word[i]
        if ch in ("'", "\u05f3"):
            i += 1
            continue
        nxt = word[i + 1] if i + 1 < n else ""
        if nxt in ("'", "\u05f3") and ch in _HEBREW_GERESH:
            out.append(_HEBREW_GERESH[ch])
        elif ch == "ו" and nxt == "ו":
            out.append("v")
            i += 1
        elif ch == "ה" and i == n - 1 and out:
            pass  # final he: a vowel
        else:
            first, other = _HEBREW.get(ch, ("", ""))
            sound = first if not out else other
            last = "".join(out)[-1:]
            if ch == "ה" and last and last not in "aeiouy":
                sound = "eh"  # keep "k"+"h" apart from the digraph "kh" (Kohen is not Khan)
            out.append(sound)
        i += 1
    return "".join(out)


def hebrew_romanize(text: str) -> str:
    """Hebrew letters to lower-case Latin, word by word (other characters kept)."""
    return _HEBREW_WORD.sub(_hebrew_word, text)


# Arabic name particles as anyascii writes them (no vowels) -> their usual Latin spelling,
# so that they weigh as particles, not as rare words.
_ARABIC_PARTICLES = {"bw": "abu", "'bw": "abu", "bn": "bin", "bnt": "bint", "'bn": "ibn"}
_ARABIC_WORD = re.compile(r"(?<![\w'])'?[a-z]+")


def _arabic_particles(text: str) -> str:
    return _ARABIC_WORD.sub(lambda m: _ARABIC_PARTICLES.get(m.group(0), m.group(0)), text)


def cjk_number(text: str) -> int:
    """Value of a CJK numeral written with 一..九, 十, 百, 千."""
    total, current = 0, 0
    for ch in text:
        if ch in _CJK_DIGITS:
            current = current * 10 + _CJK_DIGITS[ch] if current else _CJK_DIGITS[ch]
        elif ch in _CJK_UNITS:
            total += (current or 1) * _CJK_UNITS[ch]
            current = 0
    return total + current


def _cjk_num_sub(match: re.Match[str]) -> str:
    return f" {cjk_number(match.group(1) or match.group(2))} "


def _anyascii(text: str) -> str:
    if text.isascii():
        return text
    parts = _CJK_ONE.split(text)
    if len(parts) == 1:
        return anyascii(text)
    out = []
    for part in parts:
        if not part:
            continue
        if len(part) == 1 and _CJK_ONE.match(part):
            out.append(f" {anyascii(part)} ")
        else:
            out.append(anyascii(part))
    return "".join(out)


def _cjk_readings(text: str, script: str) -> list[tuple[str, str]]:
    """Chinese reading (pinyin), Japanese reading, or both when the name could be either.

    A name that is surely Japanese (see ``japanese_parts``) gets no Mandarin reading: 太田
    is Ota, never "tai tian". When its given name is not in the table, that part stays in
    per-character pinyin, which only matches the same characters.
    """
    pinyin = _anyascii(text).lower()
    parts = japanese_parts(text)
    if parts is None:
        return [(pinyin, script)]
    surname, given, given_chars, sure = parts
    if given is not None or not given_chars:
        reading = f"{surname} {given}" if given else surname
        return [(reading, "Jpan")] if sure else [(pinyin, script), (reading, "Jpan")]
    if sure:
        return [(f"{surname} {_anyascii(given_chars).lower()}", "Hani")]
    return [(pinyin, script)]


def romanize(text: str) -> list[tuple[str, str]]:
    """Readings of ``text`` as (lower-case ASCII string, source script).

    The first reading is the main one; further ones are alternative romanisations.
    """
    if text.isascii():
        return [(text.lower(), "Latn")]
    script = detect_script(text)
    if script == "Latn":
        return [(anyascii(text).lower(), "Latn")]
    if script in ("Hani", "Jpan"):
        text = _CJK_NUM.sub(_cjk_num_sub, text)
    elif script == "Armn":
        text = _ARMENIAN_U.sub("u", text)
    if script in ("Hani", "Jpan"):
        return _cjk_readings(text, script)
    if script == "Hebr":
        return [(_anyascii(hebrew_romanize(text)).lower(), script)]
    if script == "Mymr":
        main = _anyascii(burmese_romanize(text)).lower()
        alt = alternative(main)
        return [(main, script)] + ([(alt, script)] if alt != main else [])
    readings = [(_anyascii(text).lower().replace("`", "'"), script)]
    if script == "Arab":
        readings = [(_arabic_particles(readings[0][0]), script)]
    if script == "Grek":
        alt = _GREEK_ENDING.sub("", readings[0][0])
        if alt != readings[0][0]:
            readings.append((alt, script))
    if script == "Cyrl" and _CYR_G.search(text):
        alt = _CYR_G.sub("h", text)
        readings.append((_anyascii(alt).lower(), script))
    return readings
