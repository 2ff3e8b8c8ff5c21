"""Romanisation of names in any script to lower-case ASCII.

anyascii does the per-script work (it covers Cyrillic, Greek, Arabic, Hebrew, Armenian,
Georgian, CJK, Hangul, Thai, Burmese, Khmer...). Around it: each Han character and Hangul
syllable becomes its own token (names in these scripts are written without spaces, the
comparer re-joins adjacent tokens), CJK numerals after 第 / before 号 become digits, and
Cyrillic Г gets a second reading (Ukrainian/Belarusian H).
"""

from __future__ import annotations

import re

from anyascii import anyascii

from service.names.japanese import japanese_reading
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
    readings = [(_anyascii(text).lower(), script)]
    if script in ("Hani", "Jpan"):
        jp = japanese_reading(text)
        if jp:
            readings.append((jp, "Jpan"))
    if script == "Grek":
        alt = _GREEK_ENDING.sub("", readings[0][0])
        if alt != readings[0][0]:
            readings.append((alt, script))
    if script == "Cyrl" and _CYR_G.search(text):
        alt = _CYR_G.sub("h", text)
        readings.append((_anyascii(alt).lower(), script))
    return readings
