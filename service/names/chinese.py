"""Chinese syllables: which tokens are pinyin syllables, and common non-pinyin spellings.

A Chinese name written in Han characters is romanised one syllable per character
("谢杨" -> "xie yang"). Two different pinyin syllables are two different characters, so
they never match by spelling similarity ("xie" is not "qi", "lei" is not "li"). Names on
the lists are also written in Wade-Giles, Cantonese or Hokkien spellings ("Chang",
"Wong", "Hsu"): ``han_equivalent`` knows the common ones.
"""

from __future__ import annotations

from functools import lru_cache

from anyascii import anyascii

# Non-pinyin spelling -> pinyin syllables it writes (surnames and frequent given-name
# syllables; Wade-Giles, Cantonese, Hokkien/Teochew, Korean-influenced spellings).
_VARIANTS = """
chang:zhang,chang cheung:zhang teo:zhang,zhao cheong:zhang,zhong chong:zhang,zhong,zhuang
wong:wang,huang ong:wang,weng heng:wang,xing lee:li ly:li lie:li chan:chen,zeng tan:chen
chin:chen,jin,qin lau:liu lew:liu low:liu,lu yeung:yang yong:yang,rong young:yang
hwang:huang ng:huang,wu,wang chao:zhao,chao chiu:zhao,qiu,zhu chew:zhao,zhou,zhu woo:wu,hu
goh:wu ooi:huang chou:zhou chow:zhou,zou,cao chau:zhou,zou hsu:xu hui:xu,xu tsui:xu,cui
suen:sun soon:sun mah:ma chu:zhu,chu choo:zhu hoo:hu foo:hu kuo:guo kwok:guo kwek:guo
quek:guo ho:he,hao,hu hoh:he kao:gao ko:gao,ke koh:gao,xu lam:lin lim:lin ling:lin,ling
lo:luo,lu,lao law:luo,liu loh:luo,lu cheng:zheng,cheng tay:zheng leung:liang leong:liang
hsieh:xie tse:xie,zhi cheah:xie chia:xie,xie sung:song soong:song tong:tang,dong
hon:han fung:feng fong:feng,fang teng:deng,ding tsao:cao tso:cao,zuo pang:peng,pang
tseng:zeng tsang:zeng,zhang hsiao:xiao siu:xiao,shao siew:xiao tien:tian tin:tian
tung:dong poon:pan tsai:cai choi:cai chua:cai tsoi:cai chiang:jiang keung:jiang
kong:jiang,kong,gong yue:yu yee:yu,yi yeh:ye yip:ye yap:ye ching:cheng,jing,qing
ngai:wei soo:su so:su loo:lu luk:lu lui:lu,lei,lu ting:ding yam:ren jen:ren shum:shen
sim:shen sham:shen yiu:yao chung:zhong tam:tan shih:shi sze:shi see:shi liaw:liao
tsou:zou hsiung:xiong hung:xiong,hong,kong khoo:qiu yau:qiu,you hsueh:xue sit:xue
yen:yan ngan:yan yim:yan tuan:duan tuen:duan loi:lei hau:hou lung:long man:wan,man
chien:qian,jian koo:gu mo:mao pai:bai pak:bai mang:meng chi:qi,ji,zhi chee:qi,xu
tsung:zong tsen:cen kam:jin,gan hsi:xi hsin:xin hsing:xing hsiang:xiang hsia:xia
chuang:zhuang tsu:zu tzu:zi kwan:guan kuan:guan kwang:guang kuang:guang kung:gong
"""


def _variants(text: str) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for item in text.split():
        spelling, _, syllables = item.partition(":")
        out.setdefault(spelling, set()).update(s for s in syllables.split(",") if s)
    return {k: frozenset(v) for k, v in out.items()}


HAN_VARIANTS: dict[str, frozenset[str]] = _variants(_VARIANTS)


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every syllable anyascii writes for a CJK Unified Ideograph (about 430)."""
    out = set()
    for code in range(0x4E00, 0xA000):
        reading = anyascii(chr(code)).lower()
        if reading.isalpha():
            out.add(reading)
    return frozenset(out)


def is_pinyin(token: str) -> bool:
    return token in pinyin_syllables()


def is_han_syllable(token: str) -> bool:
    """``token`` writes one Chinese syllable: pinyin or a known other spelling ("chang")."""
    return is_pinyin(token) or token in HAN_VARIANTS


def han_equivalent(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` can write the same Chinese syllable ("chang" ~ "zhang")."""
    return a == b or b in HAN_VARIANTS.get(a, ()) or a in HAN_VARIANTS.get(b, ())
