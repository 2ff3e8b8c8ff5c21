"""Readings of common Japanese person names written in kanji.

anyascii reads kanji in Mandarin (山田太郎 -> "shan tian tai lang"); Japanese names
need their Japanese readings ("yamada taro"). This module holds the readings of common
surnames and given names (Hepburn, long vowels unmarked) and splits a 2-7 character
name into surname + given name (``japanese_parts``).
"""

from __future__ import annotations

_SURNAMES = """佐藤 sato|鈴木 suzuki|高橋 takahashi|田中 tanaka|伊藤 ito|渡辺 watanabe|
渡邊 watanabe|山本 yamamoto|中村 nakamura|小林 kobayashi|加藤 kato|吉田 yoshida|山田 yamada|
佐々木 sasaki|山口 yamaguchi|松本 matsumoto|井上 inoue|木村 kimura|林 hayashi|斎藤 saito|斉藤 saito|
清水 shimizu|山崎 yamazaki|森 mori|池田 ikeda|橋本 hashimoto|阿部 abe|安倍 abe|石川 ishikawa|
山下 yamashita|中島 nakajima|石井 ishii|小川 ogawa|前田 maeda|岡田 okada|長谷川 hasegawa|
藤田 fujita|後藤 goto|近藤 kondo|村上 murakami|遠藤 endo|青木 aoki|坂本 sakamoto|福田 fukuda|
太田 ota|西村 nishimura|藤井 fujii|金子 kaneko|岡本 okamoto|藤原 fujiwara|中野 nakano|
三浦 miura|原田 harada|中川 nakagawa|松田 matsuda|竹内 takeuchi|小野 ono|田村 tamura|
中山 nakayama|和田 wada|石田 ishida|森田 morita|上田 ueda|原 hara|内田 uchida|柴田 shibata|
酒井 sakai|宮崎 miyazaki|横山 yokoyama|高木 takagi|安藤 ando|宮本 miyamoto|大野 ono|
小島 kojima|谷口 taniguchi|今井 imai|工藤 kudo|高田 takada|増田 masuda|丸山 maruyama|
杉山 sugiyama|村田 murata|大塚 otsuka|新井 arai|小山 koyama|平野 hirano|藤本 fujimoto|
河野 kono|上野 ueno|野口 noguchi|武田 takeda|松井 matsui|千葉 chiba|岩崎 iwasaki|
菅原 sugawara|木下 kinoshita|久保 kubo|佐野 sano|野村 nomura|松尾 matsuo|市川 ichikawa|
菊地 kikuchi|菊池 kikuchi|杉本 sugimoto|古川 furukawa|大西 onishi|島田 shimada|水野 mizuno|
桜井 sakurai|高野 takano|吉川 yoshikawa|山内 yamauchi|西田 nishida|飯田 iida|西川 nishikawa|
小松 komatsu|北村 kitamura|安田 yasuda|五十嵐 igarashi|川口 kawaguchi|平田 hirata|関 seki|
中田 nakata|久保田 kubota|服部 hattori|東 higashi|岩田 iwata|土屋 tsuchiya|川崎 kawasaki|
福島 fukushima|本田 honda|辻 tsuji|樋口 higuchi|秋山 akiyama|田口 taguchi|永井 nagai|
山中 yamanaka|中西 nakanishi|吉村 yoshimura|川上 kawakami|石原 ishihara|大橋 ohashi|
松岡 matsuoka|馬場 baba|浜田 hamada|森本 morimoto|星野 hoshino|矢野 yano|浅野 asano|
大久保 okubo|松下 matsushita|吉岡 yoshioka|小池 koike|荒木 araki|大石 oishi|岸田 kishida|
菅 suga|麻生 aso|小泉 koizumi|鳩山 hatoyama|野田 noda|高石 takaishi|高市 takaichi|
石破 ishiba|河野 kono|茂木 motegi|岸 kishi|麻原 asahara|上祐 joyu|新實 niimi|遠藤 endo|
中川 nakagawa|早川 hayakawa|井上 inoue|土谷 tsuchiya|村井 murai|平 taira|横田 yokota|
有本 arimoto|市川 ichikawa|田宮 tamiya|小西 konishi|岡崎 okazaki|宇野 uno|大川 okawa""".replace(
    "\n", ""
)

_GIVEN = """太郎 taro|花子 hanako|一郎 ichiro|次郎 jiro|二郎 jiro|三郎 saburo|四郎 shiro|健 ken|
誠 makoto|翔 sho|大輔 daisuke|直樹 naoki|早苗 sanae|晋三 shinzo|文雄 fumio|義偉 yoshihide|
洋子 yoko|恵子 keiko|和子 kazuko|幸子 sachiko|裕子 yuko|美穂 miho|由美 yumi|真由美 mayumi|
明美 akemi|博 hiroshi|茂 shigeru|清 kiyoshi|隆 takashi|修 osamu|勇 isamu|浩 hiroshi|進 susumu|
昭 akira|明 akira|正 tadashi|実 minoru|豊 yutaka|稔 minoru|弘 hiroshi|和夫 kazuo|秀樹 hideki|
健一 kenichi|浩二 koji|雄一 yuichi|正人 masato|拓也 takuya|翼 tsubasa|蓮 ren|陽翔 haruto|
結衣 yui|陽菜 hina|美咲 misaki|愛 ai|由紀夫 yukio|純一郎 junichiro|小百合 sayuri|麻衣 mai|
綾 aya|智子 tomoko|久美子 kumiko|京子 kyoko|順子 junko|節子 setsuko|陽子 yoko|直子 naoko|
真理子 mariko|由美子 yumiko|美香 mika|香織 kaori|恵 megumi|彩 aya|優子 yuko|太一 taichi|
健太 kenta|翔太 shota|大樹 daiki|拓海 takumi|亮 ryo|剛 tsuyoshi|学 manabu|聡 satoshi|
敏 satoshi|哲也 tetsuya|達也 tatsuya|和也 kazuya|信 makoto|光 hikaru|勝 masaru|武 takeshi|
毅 takeshi|英樹 hideki|秀夫 hideo|幸雄 yukio|一 hajime|智彦 tomohiko|康夫 yasuo|伸 shin|
晋 shin|太 futoshi|智津夫 chizuo|松本 matsumoto|章晃 akihiro|知弘 tomohiro|正美 masami|
寛 hiroshi|忠 tadashi|雅人 masato|雅子 masako|美智子 michiko|紀子 noriko|典子 noriko|
良子 yoshiko|春子 haruko|夏子 natsuko|秋子 akiko|冬子 fuyuko|明子 akiko|敬子 keiko""".replace(
    "\n", ""
)


def _table(raw: str) -> dict[str, str]:
    out = {}
    for item in raw.split("|"):
        kanji, _, reading = item.strip().partition(" ")
        if kanji and reading:
            out.setdefault(kanji, reading)
    return out


SURNAMES = _table(_SURNAMES)
GIVEN_NAMES = _table(_GIVEN)


def japanese_reading(text: str) -> str | None:
    """ "山田太郎" -> "yamada taro"; None unless both parts are known."""
    parts = japanese_parts(text)
    if parts is None or (parts[1] is None and parts[2]):
        return None
    return f"{parts[0]} {parts[1]}" if parts[1] else parts[0]


def japanese_parts(text: str) -> tuple[str, str | None, str, bool] | None:
    """A kanji name split as (surname reading, given-name reading or None, given-name
    characters, sure), or None when no known Japanese surname starts it.

    ``sure`` says the name is Japanese rather than Chinese: a surname of two or more
    characters (Chinese two-character surnames are rare and not in the table), or a space
    after the surname ("林 健").
    """
    stripped = text.strip()
    chars = "".join(ch for ch in stripped if not ch.isspace() and ch not in "・=＝")
    if not 2 <= len(chars) <= 7:
        return None
    found = None
    for cut in range(min(3, len(chars) - 1), 0, -1):
        family, given = chars[:cut], chars[cut:]
        if family in SURNAMES:
            reading = GIVEN_NAMES.get(given)
            if reading or found is None:
                found = (family, given, reading)
            if reading:
                break
    if found is None:
        if chars in SURNAMES:
            return SURNAMES[chars], None, "", len(chars) >= 2
        return None
    family, given, reading = found
    spaced = stripped[len(family) : len(family) + 1] in (" ", "・", "\u3000")
    return SURNAMES[family], reading, given, len(family) >= 2 or spaced
