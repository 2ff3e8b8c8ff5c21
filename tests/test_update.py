"""``run_update``: download into staging, check, activate atomically; never damage what is there.

Every download goes to a loopback HTTP server (tests/httpserver.py) that serves the real files
from the shared watchlists folder and broken variants generated here.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from httpserver import ListServer
from update_support import (
    SDN_2021,
    SDN_2024,
    SDN_DIR,
    SDN_FILES,
    UN_COUNT,
    UN_FILE,
    assert_no_staging,
    defs,
    sdn_def,
    settings_for,
    snapshot_dirs,
    tree,
    un_def,
    write_variants,
)

from service.errors import SnapshotCheckError, UnknownListError
from service.model import Entity, Name, Schema
from service.store import update
from service.store.catalog import load_catalog
from service.store.definitions import ListDefinition
from service.store.snapshot import Snapshot
from service.store.update import (
    LOCK_FILE,
    STAGING_DIR,
    UpdateConfigError,
    UpdateInProgressError,
    UpdateResult,
    check_snapshot,
    run_update,
)


@pytest.fixture(scope="module")
def server(watchlists_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ListServer]:
    gen = tmp_path_factory.mktemp("served")
    write_variants(gen, watchlists_dir)
    with ListServer({"wl": watchlists_dir, "gen": gen}) as srv:
        yield srv


@pytest.fixture(scope="module")
def baseline(
    server: ListServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[UpdateResult]]:
    """A data dir after a first update of the 2021 SDN set and the UN list."""
    data_dir = tmp_path_factory.mktemp("baseline") / "data"
    # the comments file comes through a redirect, as official portals often answer
    sdn = sdn_def(server, comments=f"redirect/files/wl/{SDN_DIR}/sdn_comments.csv")
    results = run_update(settings_for(data_dir), definitions=defs(sdn, un_def(server)))
    return data_dir, results


@pytest.fixture
def data_dir(baseline: tuple[Path, list[UpdateResult]], tmp_path: Path) -> Path:
    """A private copy of the baseline data dir."""
    copy = tmp_path / "data"
    shutil.copytree(baseline[0], copy)
    return copy


# --- the normal cycle -----------------------------------------------------------------------


def test_first_update_activates_both_lists(baseline: tuple[Path, list[UpdateResult]]) -> None:
    data_dir, results = baseline
    by_id = {r.list_id: r for r in results}
    assert [r.list_id for r in results] == ["un_sc", "us_ofac_sdn"]
    assert {r.status for r in results} == {"activated"}, results
    sdn, un = by_id["us_ofac_sdn"], by_id["un_sc"]
    assert (sdn.entity_count, sdn.previous_count) == (SDN_2021, None)
    assert (un.entity_count, un.version) == (UN_COUNT, "2026-02-27")  # dateGenerated
    for result in results:
        assert (
            result.path
            == data_dir / result.list_id / f"{result.version}_{result.content_hash[:12]}"
        )
        assert snapshot_dirs(data_dir, result.list_id) == [result.path]
    manifest = json.loads((sdn.path / "snapshot.json").read_text())
    assert manifest["list_id"] == "us_ofac_sdn" and manifest["entity_count"] == SDN_2021
    assert manifest["content_hash"] == sdn.content_hash and manifest["published"] is None
    assert manifest["version"] == sdn.version  # no date in the SDN files: today (UTC)
    assert manifest["fetched_at"].endswith("+00:00")
    assert set(manifest["urls"]) == set(SDN_FILES) and "redirect/" in manifest["urls"]["comments"]
    assert sorted(p.name for p in sdn.path.iterdir()) == sorted(
        [*SDN_FILES.values(), "snapshot.json"]
    )
    assert json.loads((un.path / "snapshot.json").read_text())["published"] == "2026-02-27"
    assert_no_staging(data_dir)
    shown = json.loads(json.dumps([r.__dict__ for r in results], default=str))  # as the CLI does
    assert shown[1]["status"] == "activated" and shown[1]["path"] == str(sdn.path)

    catalog = load_catalog(data_dir, data_dir / ".cache")
    assert catalog.errors == []
    assert {k: v.active.entity_count for k, v in catalog.lists.items()} == {
        "us_ofac_sdn": SDN_2021,
        "un_sc": UN_COUNT,
    }
    assert catalog.lists["us_ofac_sdn"].active.from_cache  # the update filled the parse cache
    assert catalog.entity("us_ofac_sdn:306").name  # a real SDN entry is screenable


def test_identical_update_is_unchanged_then_newer_list_activates(
    server: ListServer,
    data_dir: Path,
    baseline: tuple[Path, list[UpdateResult]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = tree(data_dir)
    again = run_update(settings_for(data_dir), definitions=defs(sdn_def(server), un_def(server)))
    assert [(r.status, r.entity_count, r.previous_count) for r in again] == [
        ("unchanged", UN_COUNT, UN_COUNT),
        ("unchanged", SDN_2021, SDN_2021),
    ]
    assert tree(data_dir) == before

    old_sdn = {r.list_id: r for r in baseline[1]}["us_ofac_sdn"]
    monkeypatch.setattr(update, "_today", lambda: old_sdn.version)  # no flake at midnight UTC
    newer = sdn_def(server, roles=("main",), main="files/wl/us_ofac_sdn_2024-05-03/sdn.csv")
    [result] = run_update(settings_for(data_dir), definitions=defs(newer))
    assert (result.status, result.entity_count, result.previous_count) == (
        "activated",
        SDN_2024,
        SDN_2021,
    )
    assert [p.name for p in snapshot_dirs(data_dir, "us_ofac_sdn")] == sorted(
        [old_sdn.path.name, result.path.name]
    )
    catalog = load_catalog(data_dir, data_dir / ".cache")
    versions = catalog.lists["us_ofac_sdn"]
    assert (
        versions.active.entity_count == SDN_2024
        and versions.active.content_hash == result.content_hash
    )
    assert [(s.entity_count, s.content_hash) for s in versions.history] == [
        (SDN_2021, old_sdn.content_hash)
    ]
    assert catalog.lists["un_sc"].active.entity_count == UN_COUNT

    # the 2021 set again: 40% fewer entries is refused; allowed, it is already stored (history)
    before = tree(data_dir)
    [back] = run_update(settings_for(data_dir), definitions=defs(sdn_def(server)))
    assert back.status == "refused" and "from 14,965" in back.reason and "to 8,976" in back.reason
    lax = settings_for(data_dir, max_count_drop=1.0)
    [back] = run_update(lax, definitions=defs(sdn_def(server)))
    assert back.status == "unchanged" and "not the active one" in back.reason
    assert back.path is not None and back.path.name == old_sdn.path.name
    assert tree(data_dir) == before


# --- broken downloads -----------------------------------------------------------------------


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/consolidated.xml"


def _make(kind: str, paths: dict[str, str]) -> Callable[[ListServer], ListDefinition]:
    """A definition factory: the SDN 2021 set (or main only: "sdn1") or UN, some roles moved."""
    paths = {r: (_closed_port_url() if p == "CLOSED" else p) for r, p in paths.items()}
    if kind == "un":
        return lambda s: un_def(s, paths["main"])
    roles = ("main",) if kind == "sdn1" else tuple(SDN_FILES)
    return lambda s: sdn_def(s, roles, **paths)


T, G = f"wl/{UN_FILE}", "files/gen"
#: id, list, role -> served path, settings, status, "|"-separated fragments of the reason
# fmt: off
BROKEN = [
    ("html_200", "sdn", {"main": f"{G}/error.html"}, {}, "failed", "sdn.csv|HTML page|error.html"),
    ("http_404", "sdn", {"alt": "status/404"}, {}, "failed", "HTTP 404|status/404"),
    ("http_500", "un", {"main": "status/500"}, {}, "failed", "HTTP 500"),
    ("truncated_body", "un", {"main": f"truncated/{T}"}, {}, "failed", "truncated"),
    ("truncated_file", "un", {"main": f"{G}/un_truncated.xml"}, {}, "failed",
     "consolidated.xml|truncated|un_truncated.xml"),
    ("xml_bomb", "un", {"main": f"{G}/bomb.xml"}, {}, "failed", "DTD|bomb.xml"),
    ("wrong_list", "sdn", {"main": f"files/{T}"}, {}, "failed", "un_sc file|not us_ofac_sdn"),
    ("wrong_role", "sdn", {"alt": f"files/wl/{SDN_DIR}/add.csv"}, {}, "failed",
     "'add' file|'alt' file"),
    ("garbage", "un", {"main": f"{G}/garbage.bin"}, {}, "failed", "not a recognised list file"),
    ("empty_body", "un", {"main": f"{G}/empty.xml"}, {}, "failed", "empty response body"),
    ("no_entries", "un", {"main": f"{G}/un_no_entries.xml"}, {}, "refused", "no entities"),
    ("half_the_rows", "sdn1", {"main": f"{G}/half/sdn.csv"}, {}, "refused",
     "from 8,976|to 4,488|max_count_drop"),
    ("older_than_active", "un", {"main": f"{G}/un_older.xml"}, {}, "refused",
     "dated 2025-01-01|older|2026-02-27"),
    ("slow_server", "un", {"main": f"slow/3/{T}"}, {"download_timeout": 0.3}, "failed",
     "timed out"),
    ("trickling_server", "un", {"main": f"trickle/{T}"}, {"download_timeout": 0.1}, "failed",
     "too slow"),
    ("oversize", "sdn", {}, {"max_download_bytes": 100_000}, "failed",
     "max_download_bytes|add.csv"),
    ("gzip_bomb", "un", {"main": "gzip/gen/zeros.bin"}, {"max_download_bytes": 1_000_000},
     "failed", "exceeds|max_download_bytes"),
    ("connection_refused", "un", {"main": "CLOSED"}, {}, "failed", "ConnectError"),
]
# fmt: on


@pytest.mark.parametrize(
    ("kind", "paths", "overrides", "status", "fragments"),
    [b[1:] for b in BROKEN],
    ids=[b[0] for b in BROKEN],
)
def test_broken_download_leaves_data_dir_untouched(
    server: ListServer,
    data_dir: Path,
    kind: str,
    paths: dict[str, str],
    overrides: dict[str, object],
    status: str,
    fragments: str,
) -> None:
    definition = _make(kind, paths)(server)
    before = tree(data_dir)
    [result] = run_update(settings_for(data_dir, **overrides), definitions=defs(definition))
    assert result.status == status, result
    for fragment in fragments.split("|"):
        assert fragment in result.reason, result.reason
    if status == "failed":  # the reason names where it came from
        assert "http://127.0.0.1:" in result.reason, result.reason
    assert result.previous_count == (SDN_2021 if definition.id == "us_ofac_sdn" else UN_COUNT)
    assert tree(data_dir) == before  # active snapshot, history and cache byte-identical
    assert_no_staging(data_dir)


# --- one list's failure, selection, locking -------------------------------------------------


def test_a_failing_list_does_not_stop_the_next(server: ListServer, tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh"
    results = run_update(
        settings_for(data_dir), definitions=defs(sdn_def(server, main="status/404"), un_def(server))
    )
    assert [(r.list_id, r.status) for r in results] == [
        ("un_sc", "activated"),
        ("us_ofac_sdn", "failed"),
    ]
    assert not (data_dir / "us_ofac_sdn").exists()
    assert len(snapshot_dirs(data_dir, "un_sc")) == 1
    assert_no_staging(data_dir)


def test_selection_enabled_and_named(server: ListServer, data_dir: Path) -> None:
    disabled = un_def(server).model_copy(update={"enabled": False})
    both = defs(sdn_def(server), disabled)
    assert [r.list_id for r in run_update(settings_for(data_dir), definitions=both)] == [
        "us_ofac_sdn"
    ]
    named = run_update(settings_for(data_dir), ["un_sc"], definitions=both)
    assert [(r.list_id, r.status) for r in named] == [("un_sc", "unchanged")]
    with pytest.raises(UnknownListError, match="eu_fsf"):
        run_update(settings_for(data_dir), ["eu_fsf"], definitions=both)


def test_data_dir_is_required(server: ListServer) -> None:
    with pytest.raises(UpdateConfigError, match="data directory"):
        run_update(settings_for(None), definitions=defs(un_def(server)))


def test_a_held_lock_refuses_a_second_update(server: ListServer, data_dir: Path) -> None:
    before = tree(data_dir)
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(UpdateInProgressError, match="another update is running"):
            run_update(settings_for(data_dir), definitions=defs(un_def(server)))
    finally:
        os.close(fd)
    assert tree(data_dir) == before


def test_two_updates_at_once(server: ListServer, tmp_path: Path) -> None:
    """The second update fails at once; the first, held at the server, then completes."""
    data_dir = tmp_path / "fresh"
    gated = un_def(server, f"gate/wl/{UN_FILE}")
    out: list[UpdateResult] = []
    first = threading.Thread(
        target=lambda: out.extend(run_update(settings_for(data_dir), definitions=defs(gated)))
    )
    server.gate.clear()
    server.waiting.clear()
    first.start()
    try:
        assert server.waiting.wait(10)
        with pytest.raises(UpdateInProgressError, match="another update is running"):
            run_update(settings_for(data_dir), definitions=defs(un_def(server)))
    finally:
        server.gate.set()
        first.join(20)
    assert [(r.status, r.entity_count) for r in out] == [("activated", UN_COUNT)]
    assert len(snapshot_dirs(data_dir, "un_sc")) == 1
    assert_no_staging(data_dir)


def test_staging_left_by_a_crash_is_cleared(server: ListServer, data_dir: Path) -> None:
    leftover = data_dir / STAGING_DIR / "un_sc-crashed"
    leftover.mkdir(parents=True)
    (leftover / "consolidated.xml").write_bytes(b"<CONSOLIDATED_LIST>")
    [result] = run_update(settings_for(data_dir), definitions=defs(un_def(server)))
    assert result.status == "unchanged"
    assert not (data_dir / STAGING_DIR).exists()
    catalog = load_catalog(data_dir, data_dir / ".cache")
    assert catalog.errors == [] and catalog.lists["un_sc"].active.entity_count == UN_COUNT


def test_gzip_transfer_is_stored_decoded(
    server: ListServer, tmp_path: Path, watchlists_dir: Path
) -> None:
    data_dir = tmp_path / "fresh"
    [result] = run_update(
        settings_for(data_dir), definitions=defs(un_def(server, f"gzip/wl/{UN_FILE}"))
    )
    assert result.status == "activated"
    assert (result.path / "consolidated.xml").read_bytes() == (
        watchlists_dir / UN_FILE
    ).read_bytes()


def test_an_active_snapshot_without_manifest_is_found(
    server: ListServer, tmp_path: Path, watchlists_dir: Path
) -> None:
    """Files dropped in by hand (no snapshot.json) count as the active snapshot too."""
    data_dir = tmp_path / "manual"
    shutil.copytree(watchlists_dir / SDN_DIR, data_dir / "sdn_by_hand")
    before = tree(data_dir)
    [same] = run_update(
        settings_for(data_dir, cache_dir=tmp_path / "cache"), definitions=defs(sdn_def(server))
    )
    assert (same.status, same.previous_count) == ("unchanged", SDN_2021)
    assert same.path == data_dir / "sdn_by_hand"
    half = sdn_def(server, ("main",), main="files/gen/half/sdn.csv")
    [fewer] = run_update(
        settings_for(data_dir, cache_dir=tmp_path / "cache"), definitions=defs(half)
    )
    assert fewer.status == "refused" and "from 8,976" in fewer.reason
    assert tree(data_dir) == before


def _snapshot(entities: list[Entity]) -> Snapshot:
    return Snapshot("un_sc", "un_sc_xml", "2026-01-01", "file", "0" * 64, {}, entities,
                    len(entities), sum(len(e.names) for e in entities))  # fmt: skip


def test_check_snapshot_refuses_bad_entities() -> None:
    def person(key: str, name: str = "JOHN DOE") -> Entity:
        return Entity(f"un_sc:{key}", "un_sc", Schema.PERSON, [Name(name)])

    check_snapshot(_snapshot([person("1"), person("2")]), "un_sc")
    cases = [
        ([], "no entities"),
        ([person("1"), person("1")], "1 duplicate entity ids, e.g. un_sc:1"),
        ([person("1"), person("2", " ")], "entities without a primary name, e.g. un_sc:2"),
        ([Entity("un_sc:3", "un_sc", "pirate", [Name("X")])], "without a valid schema"),  # type: ignore[arg-type]
    ]
    for entities, message in cases:
        with pytest.raises(SnapshotCheckError, match=message):
            check_snapshot(_snapshot(entities), "un_sc")
    with pytest.raises(SnapshotCheckError, match="expected us_ofac_sdn"):
        check_snapshot(_snapshot([person("1")]), "us_ofac_sdn")


def test_unknown_list_names_the_known_ones(tmp_path: Path) -> None:
    """Without explicit definitions the shipped watchlists/sources/*.yaml are used."""
    with pytest.raises(UnknownListError, match=r"'nope'.*un_sc.*us_ofac_sdn"):
        run_update(settings_for(tmp_path / "data"), ["nope"])
