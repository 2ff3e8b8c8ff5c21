"""The data directory: discovery by content, versions and history, cache, broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from service.store.catalog import load_catalog
from service.store.discover import discover

EXPECTED_ACTIVE = {
    "us_ofac_sdn": ("2024-05-03", 14965),
    "us_ofac_cons": ("2026-01-08", 442),
    "un_sc": ("2026-02-27", 1003),
    "uk_sanctions_list": ("2025-08-11", 5302),
    "uk_ofsi": ("2018-04-13", 2106),
    "us_csl": ("2022-05", 14160),
    "opensanctions_ua_war_sanctions": ("2026-03-13", 5600),
}


@pytest.fixture(scope="module")
def catalog(watchlists_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    return load_catalog(watchlists_dir, tmp_path_factory.mktemp("cache"))


def test_every_shared_list_loads_with_its_count_and_version(catalog) -> None:
    assert catalog.errors == []
    found = {lid: (v.active.version, v.active.entity_count) for lid, v in catalog.lists.items()}
    assert found == EXPECTED_ACTIVE


def test_older_versions_are_kept_as_history(catalog) -> None:
    sdn = catalog.lists["us_ofac_sdn"]
    assert [h.version for h in sdn.history] == ["2021-07-07"]
    assert sdn.history[0].entity_count == 8976
    assert sdn.history[0].entities == []  # history keeps metadata only
    cons = catalog.lists["us_ofac_cons"]
    assert cons.active.format != cons.history[0].format  # XML of 2026 over CSV of 2025
    assert cons.history[0].version == "2025-12-19"


def test_snapshots_have_hashes_and_entities_have_prefixed_unique_ids(catalog) -> None:
    hashes = {snap.content_hash for snap in catalog.active()}
    assert len(hashes) == len(catalog.active())
    ids = [entity.id for entity in catalog.entities()]
    assert len(ids) == len(set(ids))
    for entity in catalog.entities():
        assert entity.id.startswith(entity.list_id + ":")
        assert entity.names and entity.names[0].value.strip()


def test_linked_to_relations_are_resolved_to_ids(catalog) -> None:
    resolved = [
        r for e in catalog.lists["us_ofac_sdn"].active.entities for r in e.relations if r.target_id
    ]
    assert len(resolved) > 500
    target = catalog.entity(resolved[0].target_id)
    assert target is not None and target.list_id == "us_ofac_sdn"


def test_second_load_comes_from_the_cache(watchlists_dir: Path, tmp_path: Path) -> None:
    un_dir = watchlists_dir / "un_consolidated_2026-02-27"
    first = load_catalog(un_dir, tmp_path)
    second = load_catalog(un_dir, tmp_path)
    assert not first.active()[0].from_cache
    assert second.active()[0].from_cache
    assert second.active()[0].entity_count == first.active()[0].entity_count == 1003
    assert [e.id for e in second.entities()] == [e.id for e in first.entities()]


def test_broken_file_is_reported_and_the_others_still_load(
    watchlists_dir: Path, tmp_path: Path
) -> None:
    good = tmp_path / "un_2026-02-27"
    good.mkdir()
    shutil.copy(watchlists_dir / "un_consolidated_2026-02-27" / "consolidated.xml", good)
    broken = tmp_path / "ofac_2024-05-03"
    broken.mkdir()
    data = (watchlists_dir / "us_ofac_sdn_2024-05-03" / "sdn.csv").read_bytes()
    (broken / "sdn.csv").write_bytes(data[: len(data) // 2] + b'\r\n99999,"UNTERMINATED')
    catalog = load_catalog(tmp_path, None)
    assert catalog.lists["un_sc"].active.entity_count == 1003
    assert "us_ofac_sdn" not in catalog.lists
    assert len(catalog.errors) == 1 and "sdn.csv" in catalog.errors[0]


def test_unrecognised_files_are_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello, world\n")
    (tmp_path / "page.html").write_text("<!DOCTYPE html><html><body>502</body></html>")
    sets, notes = discover(tmp_path)
    assert sets == []
    assert len(notes) == 2
