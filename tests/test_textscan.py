"""Text screening on the embedded demo list: tokens, sentences, Russian inflection, spans,
the alert rules, grouping, limits and hostile Unicode. Fast (the demo engine loads in ms)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from service.cli import app
from service.engine.loader import load_engine
from service.settings import Settings
from service.textscan import TextScanner, TextTooLarge, screen_text
from service.textscan.russian import best_nominative, candidates
from service.textscan.spans import capitalised_spans
from service.textscan.tokens import romanise, split_sentences, stem_key, tokenize


@pytest.fixture(scope="module")
def engine():
    return load_engine(Settings())


def _alerts(result) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in result.mentions:
        if m.alert:
            out.setdefault(m.surface, set()).update(
                j.hit.entity.name for j in m.hits if j.hit.alert
            )
    return out


def test_token_offsets_are_exact_in_any_script():
    text = (
        "Novatek’s boss, Leonid Mikhelson 🚀 met \u202eبشار الأسد\u202c and 習近平 in "
        "Z\u00fcrich\x00; Олегом Дерипаской e\u0301te O'Neill"
    )
    tokens, _ = tokenize(text)
    assert tokens and all(text[t.start : t.end] == t.surface for t in tokens)
    surfaces = [t.surface for t in tokens]
    assert surfaces[0] == "Novatek" and tokens[0].possessive
    assert "O'Neill" in surfaces and "習" in surfaces and "平" in surfaces
    assert "e\u0301te" in surfaces  # combining accent stays inside the word
    assert tokens[2].brk and not tokens[4].brk  # comma breaks; a space does not


def test_sentences_respect_initials_and_abbreviations():
    text = "Mr. Putin met V. V. Zolotov in St. Petersburg. Then he left.\n\nНовый абзац."
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "Mr. Putin met V. V. Zolotov in St. Petersburg.",
        "Then he left.",
        "Новый абзац.",
    ]
    assert split_sentences("") == [] and split_sentences("   \n ") == []


@pytest.mark.parametrize(
    ("inflected", "nominative"),
    [
        ("Олегом", "Oleg"),
        ("Дерипаской", "Deripaska"),
        ("Путиным", "Putin"),
        ("Набиуллиной", "Nabiullina"),
        ("Игорем", "Igor"),
        ("Андреем", "Andrey"),
        ("Андрея", "Andrei"),
        ("Роснефти", "Rosneft"),
        ("Сечину", "Sechin"),
        ("Эльвиры", "Elvira"),
        ("Михельсона", "Mikhelson"),
        ("Новатэка", "Novatek"),
    ],
)
def test_russian_case_endings_share_the_latin_key(inflected, nominative):
    assert stem_key(romanise(inflected)) == stem_key(romanise(nominative))


def test_nominative_chosen_from_list_vocabulary():
    assert "Дерипаска" in candidates("Дерипаской")
    known = {"deripaska": 3, "oleg": 250, "sechin": 8, "sechina": 1}.get
    assert best_nominative("Дерипаской", lambda w: known(w, 0), romanise) == "Дерипаска"
    assert best_nominative("Олегом", lambda w: known(w, 0), romanise) == "Олег"
    assert best_nominative("Сечина", lambda w: known(w, 0), romanise) == "Сечин"
    assert best_nominative("Цзиньпином", lambda w: 0, romanise) == "Цзиньпином"


def _spans(text: str) -> list[str]:
    tokens, _ = tokenize(text)
    return [text[tokens[a].start : tokens[b].end] for a, b in capitalised_spans(tokens)]


def test_capitalised_spans_split_roles_possessives_and_connectors():
    spans = _spans(
        "Finance Minister Anton Siluanov met China’s Xi Jinping at the Bank of "
        "Moscow with Sberbank CEO German Gref and VTB."
    )
    assert "Anton Siluanov" in spans and "Xi Jinping" in spans and "China" in spans
    assert "Bank of Moscow" in spans and "Sberbank" in spans and "German Gref" in spans
    assert "VTB" in spans and "Finance Minister Anton Siluanov" not in spans


ARTICLE = (
    "MOSCOW - President Vladimir Putin met Rosneft chief Igor Sechin and billionaire Oleg "
    "Deripaska on Friday. Sechin said exports to China would grow. Sberbank and VTB also "
    "joined the talks. President Putin later flew to Russia's Far East.\n\n"
    "Russia and China did not comment. Bank officials declined to speak."
)


def test_english_article_flags_listed_parties_only(engine):
    result = screen_text(engine, ARTICLE)
    alerts = _alerts(result)
    assert set(alerts) == {
        "Vladimir Putin",
        "Igor Sechin",
        "Oleg Deripaska",
        "Sechin",
        "Rosneft",
        "Sberbank",
        "VTB",
        "Putin",
    }
    assert alerts["Sechin"] == {"Igor Ivanovich SECHIN"}
    for m in result.mentions:
        assert ARTICLE[m.start : m.end] == m.surface
    groups = {g.lead.surface: [m.surface for m in g.members] for g in result.groups if g.alert}
    assert groups["Igor Sechin"] == ["Igor Sechin", "Sechin"]
    assert groups["Vladimir Putin"] == ["Vladimir Putin", "Putin"]
    sechin = next(m for m in result.mentions if m.surface == "Sechin")
    assert "refers to 'Igor Sechin'" in sechin.reasons[0]


def test_result_is_json_ready_with_receipt(engine):
    data = json.loads(json.dumps(screen_text(engine, ARTICLE).to_dict()))
    mention = data["mentions"][0]
    assert {"surface", "start", "end", "sentence", "type", "hits", "group", "alert"} <= set(mention)
    assert mention["sentence"]["text"].startswith("MOSCOW - President Vladimir Putin")
    hit = mention["hits"][0]
    assert {"entity_id", "list_id", "score", "alert", "name_alert", "explanation"} <= set(hit)
    flagged = {p["name"] for p in data["summary"]["parties_flagged"]}
    assert {"Vladimir Putin", "Igor Sechin", "Rosneft", "VTB"} <= flagged
    assert data["receipt"]["digest"] and data["receipt"]["query_count"] >= 6


def test_russian_inflected_names(engine):
    text = (
        "Президент Владимир Путин встретился с Олегом Дерипаской и главой «Роснефти» "
        "Игорем Сечиным. С Сечиным также говорил глава Сбербанка."
    )
    alerts = _alerts(screen_text(engine, text))
    assert alerts["Олегом Дерипаской"] == {"Oleg Vladimirovich DERIPASKA"}
    assert alerts["Игорем Сечиным"] == {"Igor Ivanovich SECHIN"}
    assert alerts["Сечиным"] == {"Igor Ivanovich SECHIN"}
    assert "Роснефти" in alerts and "Сбербанка" in alerts and "Владимир Путин" in alerts


def test_single_common_words_never_alert(engine):
    text = (
        "President. Russia. China. Bank. The Bank said so. Both sides met. Moscow and "
        "Beijing. Kim said nothing. Al said no."
    )
    assert _alerts(screen_text(engine, text)) == {}


def test_surname_alone_alerts_only_when_distinctive(engine):
    # on the demo list one person is named PUTIN: the surname alone identifies him
    result = screen_text(engine, "Putin spoke on Friday.")
    putin = next(m for m in result.mentions if m.surface == "Putin")
    assert putin.alert and putin.reasons[0].startswith("surname alone")
    # "Kim" is a surname shared by many people and too short to identify anyone
    assert _alerts(screen_text(engine, "Kim spoke on Friday.")) == {}


def test_vessel_needs_vessel_context(engine):
    with_context = screen_text(engine, "The tanker Adrian Darya 1 (IMO 9116412) sailed.")
    assert "Adrian Darya 1" in _alerts(with_context)
    without = screen_text(engine, "Adrian Darya 1 is a name we heard.")
    assert _alerts(without) == {}


def test_threshold_and_list_filter(engine):
    assert _alerts(screen_text(engine, ARTICLE, lists=["no_such_list"])) == {}
    strict = _alerts(screen_text(engine, ARTICLE, threshold=0.999))
    assert "Oleg Deripaska" not in strict


def test_size_cap_maps_to_413(engine):
    scanner = TextScanner(engine, max_bytes=100)
    with pytest.raises(TextTooLarge) as err:
        scanner.screen("Ж" * 51)  # 102 bytes in UTF-8
    assert err.value.status_code == 413 and err.value.limit == 100
    assert scanner.screen("Ж" * 50).mentions == []
    with pytest.raises(TextTooLarge):
        screen_text(engine, "x" * 11, max_bytes=10)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n\n",
        "😀" * 100,
        "\x00\x01\x02 Putin \x7f",
        "\ud800 Igor Sechin \udfff",
        "مرحبا بشار الأسد في دمشق",
        "‏Vladimir Putin‎ ‮reversed‬",
        "a" * 20000,
        ".,;:!?" * 100,
        "İstanbul ǅemal ß ﬁ ＶＴＢ",
        "Igor Sechin" * 500,
    ],
)
def test_any_unicode_input_is_handled(engine, text):
    result = screen_text(engine, text)
    data = json.dumps(result.to_dict(), ensure_ascii=False)
    assert isinstance(data, str)
    for m in result.mentions:
        assert text[m.start : m.end] == m.surface


def test_arabic_name_found_by_gazetteer(engine):
    text = "التقى بشار الأسد بالوفد في دمشق."
    alerts = _alerts(screen_text(engine, text))
    assert alerts.get("بشار الأسد") == {"Bashar AL-ASSAD"}


def test_cli_text_json(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["text", str(path), "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert any(m["surface"] == "Igor Sechin" and m["alert"] for m in data["mentions"])
    clean = tmp_path / "clean.txt"
    clean.write_text("Nothing to see here.", encoding="utf-8")
    assert runner.invoke(app, ["text", str(clean)]).exit_code == 0
    assert runner.invoke(app, ["text", str(tmp_path / "missing.txt")]).exit_code == 2
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert runner.invoke(app, ["text", str(binary)]).exit_code == 2
