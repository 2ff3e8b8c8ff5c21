"""Screening against every real list: retrieval, qualifiers, explanations, determinism."""

from __future__ import annotations

import pytest

from service.engine.loader import load_engine
from service.engine.screen import Engine, Query
from service.settings import Settings

SECHIN_IDS = {"us_ofac_sdn:16692", "us_csl:SDN:16692", "uk_sanctions_list:RUS0273"}


def _top(engine: Engine, query: Query, **kw) -> list:
    return engine.screen(query, **kw)


@pytest.mark.parametrize(
    "name",
    [
        "Igor Sechin",
        "Igor Setchin",
        "SECHIN, Igor Ivanovich",
        "Игорь Иванович Сечин",
        "Sechin Igor",
    ],
)
def test_sechin_is_found_in_every_spelling(full_engine: Engine, name: str) -> None:
    hits = full_engine.screen(Query.build(name, "person"))
    assert hits and hits[0].alert
    assert SECHIN_IDS & {h.entity.id for h in hits[:5]}


def test_an_airline_is_found_as_air_airlines_or_airways(full_engine: Engine) -> None:
    for name in ("Mahan Airlines", "Mahan Airways", "MAHAN AIR"):
        hits = full_engine.screen(Query.build(name, "organization"), limit=3)
        assert hits and hits[0].alert and hits[0].score >= 0.95
        assert hits[0].entity.id.endswith(":12927")  # OFAC uid of Mahan Air


def test_cross_list_entries_of_one_person_all_alert(full_engine: Engine) -> None:
    hits = full_engine.screen(Query.build("Oleg Deripaska"), limit=10)
    alerted = {h.entity.list_id for h in hits if h.alert}
    assert {"us_ofac_sdn", "us_csl", "uk_sanctions_list"} <= alerted


def test_birth_date_and_country_move_the_score(full_engine: Engine) -> None:
    plain = _best(full_engine, Query.build("Igor Sechin", "person"), "us_ofac_sdn:16692")
    same = _best(
        full_engine, Query.build("Igor Sechin", "person", "1960-09-07", "RU"), "us_ofac_sdn:16692"
    )
    other = _best(
        full_engine, Query.build("Igor Sechin", "person", "1991-02-03", "BR"), "us_ofac_sdn:16692"
    )
    assert same.score > plain.score > other.score
    assert not other.alert
    features = {q.feature: q.outcome for q in other.qualifiers}
    assert features == {"birth_date": "mismatch", "country": "mismatch"}


def _best(engine: Engine, query: Query, entity_id: str):
    hits = engine.screen(query, limit=50)
    return next(h for h in hits if h.entity.id == entity_id)


def test_query_that_contains_a_one_word_listed_company_is_a_lead(full_engine: Engine) -> None:
    """A query that adds a distinctive word to a one-word listed company name shares only
    that word with it ("Avtovaz Lada" ~ "JSC AVTOVAZ"): a lead below the threshold, while
    the listed name itself and a generic addition ("Avtovaz Trading") stay alerts."""
    avtovaz = "us_ofac_sdn:44877"
    hit = _best(full_engine, Query.build("Avtovaz Lada", "organization"), avtovaz)
    assert 0.5 <= hit.score < full_engine.threshold
    assert any("one distinctive word in common" in r for r in hit.match.reasons)
    for name in ("AvtoVAZ", "Avtovaz Trading"):
        assert _best(full_engine, Query.build(name, "organization"), avtovaz).alert, name


def test_schema_mismatch_lowers_the_score(full_engine: Engine) -> None:
    org = _best(full_engine, Query.build("Igor Sechin", "organization"), "us_ofac_sdn:16692")
    person = _best(full_engine, Query.build("Igor Sechin", "person"), "us_ofac_sdn:16692")
    assert org.score < person.score
    assert [q.feature for q in org.qualifiers] == ["schema"]


def test_exact_strong_identifier_is_decisive(full_engine: Engine) -> None:
    vessel = next(
        e
        for e in full_engine.index.entities
        if e.list_id == "us_ofac_sdn" and any(i.type == "imo" for i in e.identifiers)
    )
    imo = next(i.value for i in vessel.identifiers if i.type == "imo")
    query = Query.build("Completely Different Name", "vessel", identifiers=[("imo", imo)])
    hits = full_engine.screen(query)
    assert hits[0].entity.identifiers and hits[0].score >= 0.99 and hits[0].alert
    assert any(q.outcome == "decisive" for q in hits[0].qualifiers)


def test_list_filter_and_limit(full_engine: Engine) -> None:
    hits = full_engine.screen(Query.build("Kim Jong Un"), limit=3, lists=["un_sc"])
    assert 0 < len(hits) <= 3
    assert {h.entity.list_id for h in hits} == {"un_sc"}


def test_explanation_is_structured_and_deterministic(full_engine: Engine) -> None:
    query = Query.build("Rosneft Trading SA", "organization")
    first = [(h.entity.id, h.score) for h in full_engine.screen(query)]
    second = [(h.entity.id, h.score) for h in full_engine.screen(query)]
    assert first == second
    hit = full_engine.screen(query)[0]
    explanation = hit.explanation()
    assert explanation["parts"] and explanation["matched_name"]
    assert {"query", "candidate", "similarity", "weight", "kind"} <= set(explanation["parts"][0])
    assert hit.entity.list_id in explanation["summary"]


def test_unlisted_names_do_not_alert(full_engine: Engine) -> None:
    for name in ("Xi Jinping", "Global Times", "Emmanuel Macron", "Deutsche Bahn", "Olaf Scholz"):
        hits = full_engine.screen(Query.build(name))
        assert not any(h.alert for h in hits), (name, hits[0].entity.name)


@pytest.mark.parametrize("name", ["", "   ", "!!!", "\u200b"])
def test_empty_or_symbol_names_give_no_hits(full_engine: Engine, name: str) -> None:
    assert full_engine.screen(Query.build(name)) == []


def test_default_settings_screen_the_embedded_demo_list() -> None:
    engine = load_engine(Settings(data_dir=None))
    assert [s.list_id for s in engine.snapshots] == ["demo"]
    hits = engine.screen(Query.build("Vladimir Putin"))
    assert hits[0].entity.id == "demo:putin" and hits[0].alert


def test_index_and_links_come_back_from_the_cache(watchlists_dir, tmp_path, monkeypatch) -> None:
    """A restart on unchanged lists loads the index and the cross-list links from the cache
    (nothing rebuilt) and screens exactly as the engine that built them."""
    import service.engine.index_cache as cache

    data = tmp_path / "lists"
    data.mkdir()
    for folder in ("un_consolidated_2026-02-27", "uk_ofsi_conlist_2018-04-13"):
        (data / folder).mkdir()
        for source in (watchlists_dir / folder).iterdir():
            (data / folder / source.name).symlink_to(source)
    settings = Settings(data_dir=data, cache_dir=tmp_path / "cache")
    built = load_engine(settings)
    assert built.links, "UN entries and OFSI entries carrying their UN reference are linked"
    files = sorted(p.name.split("-")[0] for p in (tmp_path / "cache").glob("*.pickle"))
    assert {"index", "links"} <= set(files)

    def refuse(*_args, **_kwargs):
        raise AssertionError("rebuilt although cached")

    monkeypatch.setattr(cache, "NameIndex", type(built.index))
    monkeypatch.setattr(cache, "build_links", refuse)
    monkeypatch.setattr(type(built.index), "__init__", refuse)
    loaded = load_engine(settings)
    assert loaded.links == built.links
    query = Query.build("Kim Jong Sik", "person", "1957-10-27", "KR")
    assert [(h.entity.id, h.score) for h in loaded.screen(query)] == [
        (h.entity.id, h.score) for h in built.screen(query)
    ]


FACT_QUERIES = [
    ("Igor Sechin", "person", "1960-09-07", "RU"),
    ("Kim Jong Sik", "person", "1957-10-27", "KR"),
    ("Oleg Deripaska", None, "1968", "RU"),
    ("Rosneft", "organization", None, "RU"),
    ("Mohammed Ali Hassan", None, "1975-01-01", "IQ"),
    ("Li Wei", "person", "1980", "CN"),
]


@pytest.mark.parametrize("name,schema,dob,country", FACT_QUERIES)
def test_screening_with_facts_keeps_every_hit_a_full_ranking_returns(
    full_engine: Engine, name: str, schema: str | None, dob: str | None, country: str
) -> None:
    """With facts, entities are qualified only while they can still be returned: the hits
    are those of qualifying every candidate, cut at the limit and the floor."""
    query = Query.build(name, schema, dob, country)
    full = full_engine.screen(query, limit=1000)  # every candidate qualified
    assert full
    for limit, min_score in ((5, 0.5), (3, 0.0), (10, 0.3), (1, 0.7), (2, 0.99)):
        floor = min(min_score, full_engine.threshold)
        expected = [(h.entity.id, h.score) for h in full[:limit] if h.score >= floor]
        got = full_engine.screen(query, limit=limit, min_score=min_score)
        assert [(h.entity.id, h.score) for h in got] == expected


def test_query_word_keys_are_memoised_and_bounded(full_engine: Engine, monkeypatch) -> None:
    from service.engine import index as index_module

    index = full_engine.index
    tokens = ("igor", "setchin")
    first = index._query_keys(tokens)
    assert any(key == "sechin" for key, _ in first), "one-edit neighbour of a listed word"
    index._token_memo.clear()
    assert index._query_keys(tokens) == first
    monkeypatch.setattr(index_module, "TOKEN_MEMO", 3)
    for word in ("alpha", "bravo", "charlie", "delta", "echo"):
        index._token_keys(word)
        assert len(index._token_memo) <= 3
