"""Burmese (Myanmar script) names in the conventional romanisation used for names.

anyascii spells Burmese letter by letter ("ရွှေ" -> "rvhe", "ထွန်း" -> "thvn"), but names are
romanised by sound, syllable by syllable: Shwe, Htun, Aung, Hlaing, Kyaw, Thein. This module
cuts a Burmese word into syllables (onset consonant, medials, vowel signs, final consonant
with asat, tone marks) and writes each the way Myanmar names are usually written in Latin
letters, as its own token ("မင်းအောင်လှိုင်" -> "min aung hlaing"), like a Han character: the
comparer re-joins adjacent syllables ("ya da nar" ~ "Yadanar"). Conventions vary a lot
(ဝင်း: Win, Winn, Wynn); one common spelling per syllable is enough for the fuzzy and
phonetic comparison to do the rest, and :func:`alternative` gives the usual other spelling
of aspirated onsets (Htun / Tun). Common business words are translated, as legal forms are.
"""

from __future__ import annotations

import re

_ONSET = {
    "က": "k", "ခ": "kh", "ဂ": "g", "ဃ": "g", "င": "ng", "စ": "s", "ဆ": "s", "ဇ": "z",
    "ဈ": "z", "ဉ": "ny", "ည": "ny", "ဋ": "t", "ဌ": "ht", "ဍ": "d", "ဎ": "d", "ဏ": "n",
    "တ": "t", "ထ": "ht", "ဒ": "d", "ဓ": "d", "န": "n", "ပ": "p", "ဖ": "ph", "ဗ": "b",
    "ဘ": "b", "မ": "m", "ယ": "y", "ရ": "y", "လ": "l", "ဝ": "w", "သ": "th", "ဟ": "h",
    "ဠ": "l", "အ": "", "ဿ": "th",
}  # fmt: skip
#: Independent vowels (a syllable without a consonant letter).
_INDEPENDENT = {"ဣ": "i", "ဤ": "i", "ဥ": "u", "ဦ": "u", "ဧ": "ay", "ဩ": "aw", "ဪ": "aw"}
_MEDIAL_Y, _MEDIAL_R, _MEDIAL_W, _MEDIAL_H = "\u103b", "\u103c", "\u103d", "\u103e"
_MEDIALS = frozenset((_MEDIAL_Y, _MEDIAL_R, _MEDIAL_W, _MEDIAL_H))
_VOWELS = frozenset("\u102b\u102c\u102d\u102e\u102f\u1030\u1031\u1032\u1036")
_CREAKY = "\u1037"
_TONES = frozenset((_CREAKY, "\u1038"))
_ASAT, _VIRAMA = "\u103a", "\u1039"
_DIGITS = {chr(0x1040 + d): str(d) for d in range(10)}

# Onsets with medial ya/ra (ကျ ky, ချ ch) and with medial ha (မှ hm, ရှ sh).
_Y_ONSET = {"k": "ky", "kh": "ch", "g": "gy", "ng": "ny"}
_H_ONSET = {"y": "sh", "ly": "sh", "thy": "sh"}

# Rimes: (vowel class, final class) -> spelling. Vowel classes: "" inherent a, "a" long a,
# "i", "u", "uu", "e" (ေ), "ai" (ဲ), "aw" (ော), "o" (ို). Final classes below.
_FINAL_CLASS = {
    "က": "k", "ဂ": "k", "င": "ng", "စ": "c", "ဇ": "c", "ဉ": "ny", "ည": "nyi", "ဋ": "t",
    "ဏ": "n", "တ": "t", "ဒ": "t", "န": "n", "ပ": "t", "ဗ": "t", "မ": "n", "ယ": "y",
    "လ": "n", "သ": "t",
}  # fmt: skip
_RIME = {
    ("", ""): "a", ("a", ""): "ar", ("i", ""): "i", ("u", ""): "u", ("uu", ""): "oo",
    ("e", ""): "ay", ("ai", ""): "e", ("aw", ""): "aw", ("o", ""): "oe",
    ("", "k"): "et", ("o", "k"): "aik", ("aw", "k"): "auk", ("u", "k"): "ok",
    ("", "ng"): "in", ("o", "ng"): "aing", ("aw", "ng"): "aung", ("u", "ng"): "ung",
    ("", "c"): "it", ("", "ny"): "in", ("", "nyi"): "i", ("", "y"): "e",
    ("", "t"): "at", ("u", "t"): "ok", ("i", "t"): "eik",
    ("", "n"): "an", ("u", "n"): "on", ("i", "n"): "ein", ("o", "n"): "on",
}  # fmt: skip
_W_RIME = {"n": "un", "t": "ut"}  # medial wa before a final: ထွန်း Htun, ဝွတ် wut

#: Business words written in Burmese, as the English word a Latin name uses.
_WORDS = {
    "ကုန်သွယ်ရေး": "trading",
    "ပို့ဆောင်ရေး": "logistics",
    "ဆောက်လုပ်ရေး": "construction",
    "ဝန်ဆောင်မှု": "services",
    "လုပ်ငန်း": "enterprise",
    "အုပ်စု": "group",
    "ဘဏ်": "bank",
    "ဆန်စက်": "rice mill",
    "စက်ရုံ": "factory",
}
_WORD_RE = re.compile("|".join(sorted(_WORDS, key=len, reverse=True)))
_BURMESE_RUN = re.compile(r"[\u1000-\u104f]+")
_ASPIRATED = re.compile(r"\bht(?=[aeiou])")


def _vowel_class(signs: str) -> str:
    if "\u1031" in signs and ("\u102c" in signs or "\u102b" in signs):
        return "aw"
    if "\u102d" in signs and "\u102f" in signs:
        return "o"
    if "\u102d" in signs or "\u102e" in signs:
        return "i"
    if "\u1030" in signs:
        return "uu"
    if "\u102f" in signs:
        return "u"
    if "\u1031" in signs:
        return "e"
    if "\u1032" in signs:
        return "ai"
    if "\u102c" in signs or "\u102b" in signs:
        return "a"
    return ""


def _onset(consonant: str, medials: str) -> str:
    base = _ONSET.get(consonant, "")
    if _MEDIAL_Y in medials or _MEDIAL_R in medials:
        base = _Y_ONSET.get(base, base + "y")
    if _MEDIAL_H in medials:
        base = _H_ONSET.get(base, "h" + base)
    return base


def _syllable(onset: str, medials: str, signs: str, final: str, first: bool = True) -> str:
    """One syllable's romanisation from its parts (``final``: a consonant letter; ``signs``:
    vowel signs and tone marks; ``first``: the syllable starts a word)."""
    fclass = _FINAL_CLASS.get(final, "n" if final else "")
    if "\u1036" in signs and not final:
        fclass = "n"  # anusvara: a final m
    if onset in _INDEPENDENT:
        if onset == "ဦ" and not final:
            return "u" if first else "oo"  # ဦး: the honorific U before a name, Oo inside it
        return _INDEPENDENT[onset] + _RIME.get(("", fclass), "a")[1:]
    vowel = _vowel_class(signs)
    head = _onset(onset, medials)
    if _MEDIAL_W in medials and fclass in _W_RIME and vowel == "":
        return head + _W_RIME[fclass]
    if _MEDIAL_W in medials:
        head += "w"
    rime = _RIME.get((vowel, fclass)) or _RIME.get((vowel, "")) or "a"
    if _CREAKY in signs and rime in ("in", "an"):
        rime += "t"  # မြင့် Myint, သန့် Thant (creaky tone), not မင်း Min
    if vowel == "e" and not fclass and head.endswith("w"):
        rime = "e"  # ရွှေ Shwe, ဆွေ Swe (not "shway")
    elif vowel == "e" and not head:
        rime = "aye"  # အေး Aye
    elif vowel == "o" and not fclass and head.endswith("y"):
        rime = "o"  # မျိုး Myo, ဖြိုး Phyo
    return head + rime


def _syllables(run: str) -> list[str]:
    """Cut a run of Burmese letters into syllables and romanise each."""
    out: list[str] = []
    i, n = 0, len(run)
    while i < n:
        ch = run[i]
        if ch in _DIGITS:
            out.append(_DIGITS[ch])
            i += 1
            continue
        if ch not in _ONSET and ch not in _INDEPENDENT:
            i += 1  # a stray mark
            continue
        i += 1
        medials = signs = final = ""
        while i < n and run[i] in _MEDIALS:
            medials += run[i]
            i += 1
        while i < n and (run[i] in _VOWELS or run[i] in _TONES or run[i] == _ASAT):
            signs += run[i]
            i += 1
        start = i
        i, final = _final(run, i)
        signs += "".join(c for c in run[start:i] if c in _TONES)
        while i < n and (run[i] in _TONES or run[i] == _ASAT):
            signs += run[i]
            i += 1
        out.append(_syllable(ch, medials, signs, final, not out))
    return out


def _final(run: str, i: int) -> tuple[int, str]:
    """A final consonant at ``i`` (killed by asat, or stacked over the next onset)."""
    n = len(run)
    if i >= n or run[i] not in _ONSET:
        return i, ""
    j = i + 1
    while j < n and run[j] in _TONES:
        j += 1
    if j < n and run[j] == _ASAT:
        j += 1
        if j < n and run[j] == _VIRAMA:  # kinzi: င်္
            j += 1
        return j, run[i]
    if i + 1 < n and run[i + 1] == _VIRAMA:  # stacked: the letter closes this syllable
        return i + 2, run[i]
    return i, ""


def _word(match: re.Match[str]) -> str:
    return f" {' '.join(_syllables(match.group(0)))} "


def burmese_romanize(text: str) -> str:
    """Burmese letters to lower-case Latin, one token per syllable (other text kept)."""
    text = _WORD_RE.sub(lambda m: f" {_WORDS[m.group(0)]} ", text)
    return " ".join(_BURMESE_RUN.sub(_word, text).split())


def alternative(romanised: str) -> str:
    """The other usual spelling of aspirated t (ထ Htun / Tun, Htay / Tay)."""
    return _ASPIRATED.sub("t", romanised)
