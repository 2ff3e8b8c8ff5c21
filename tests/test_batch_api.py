"""``/v1/batches`` through the app: upload (202), status, results in three formats, refusals
(422 not a table / bad options, 413 too large, 409 not finished, 404 other key's job)."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from service.api.app import create_app
from service.batch.config import get_batch_settings
from service.batch.router import build_router
from service.db.keys import create_key
from service.db.session import Database
from service.engine.loader import load_engine
from service.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


@pytest.fixture(scope="module")
def demo_engine():
    return load_engine(Settings(data_dir=None))


@pytest.fixture()
def make_client(tmp_path: Path, demo_engine, monkeypatch) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(auth: bool = False, **batch: str) -> TestClient:
        env = {"WORKERS": "0", "POLL_SECONDS": "0.1", "CHUNK_ROWS": "50", **batch}
        for key, value in env.items():
            monkeypatch.setenv(f"SANCTIONS_BATCH_{key}", value)
        get_batch_settings.cache_clear()
        settings = Settings(auth=auth, state_dir=tmp_path, reload_interval=0,
                            database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")  # fmt: skip
        app = create_app(settings, engine=demo_engine, watch=False)
        if "/v1/batches" not in app.openapi()["paths"]:  # until the app includes it itself
            app.include_router(build_router(app.state.service))
            app.openapi_schema = None
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
    get_batch_settings.cache_clear()


def upload(client: TestClient, name: str, data: bytes | None = None, headers=None, **form):
    content = data if data is not None else (FIXTURES / name).read_bytes()
    return client.post("/v1/batches", files={"file": (name, content)}, data=form,
                       headers=headers or {})  # fmt: skip


def wait_done(client: TestClient, job_id: str, headers=None, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"/v1/batches/{job_id}", headers=headers or {}).json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"batch {job_id} not finished within {timeout} s")


def test_upload_poll_and_results(make_client) -> None:
    client = make_client()
    answer = upload(client, "customers_bom.csv")
    assert answer.status_code == 202
    job = answer.json()
    assert answer.headers["location"] == f"/v1/batches/{job['id']}"
    assert job["status"] == "queued" and job["format"]["encoding"] == "utf-8-sig"
    assert job["mapping"]["name"] == "Full Name"
    status = wait_done(client, job["id"])
    assert (status["rows_total"], status["rows_done"], status["alerts"], status["errors"]) == (
        6, 6, 3, 0)  # fmt: skip
    receipt = status["receipt"]
    assert receipt["lists"][0]["list_id"] == "demo" and receipt["batch"]["rows"] == 6

    result = client.get(f"/v1/batches/{job['id']}/results")
    assert result.status_code == 200 and result.headers["content-type"].startswith("text/csv")
    assert result.headers["x-receipt-id"] == receipt["receipt_id"]
    assert result.headers["x-receipt-lists"] == "demo@2026-11-01"
    rows = list(csv.DictReader(io.StringIO(result.content.decode("utf-8-sig"))))
    assert [r["Customer ID"] for r in rows] == ["C001", "C002", "C003", "C004", "C005", "C006"]
    assert rows[0]["best_entity_id"] == "demo:putin" and rows[0]["alert"] == "true"
    assert rows[3]["Full Name"] == '\'=HYPERLINK("http://evil.example")'  # neutralised
    assert rows[4]["best_entity_id"] == "demo:sechin"  # Cyrillic input
    assert json.loads(rows[2]["hits"])[0]["name"] == "PJSC Rosneft Oil Company"

    doc = client.get(f"/v1/batches/{job['id']}/results?format=json&alerts_only=true").json()
    assert [r["row"] for r in doc["rows"]] == [1, 3, 5]
    assert doc["receipt"]["digest"] == receipt["digest"] and doc["alerts_only"] is True
    assert doc["rows"][0]["input"]["Full Name"] == "Vladimir Putin"

    xlsx = client.get(f"/v1/batches/{job['id']}/results?format=xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    assert len(list(book["results"].iter_rows())) == 7 and "receipt" in book.sheetnames

    audit = client.get(f"/v1/receipts/{receipt['receipt_id']}")
    assert audit.status_code == 200 and audit.json()["receipt"]["digest"] == receipt["digest"]
    listed = client.get("/v1/batches").json()["jobs"]
    assert [j["id"] for j in listed] == [job["id"]]


def test_other_inputs_through_the_api(make_client) -> None:
    client = make_client()
    jobs = {name: upload(client, name).json()["id"] for name in
            ("kunden_utf16.csv", "suppliers.xlsx", "malformed.csv")}  # fmt: skip
    done = {name: wait_done(client, job_id) for name, job_id in jobs.items()}
    assert done["kunden_utf16.csv"]["alerts"] == 2
    assert done["suppliers.xlsx"]["alerts"] == 2 and done["suppliers.xlsx"]["rows_done"] == 4
    renamed = upload(client, "export.dat", (FIXTURES / "suppliers.xlsx").read_bytes())
    assert renamed.json()["format"]["kind"] == "xlsx"  # the content decides, not the name
    malformed = done["malformed.csv"]
    assert malformed["status"] == "done" and malformed["errors"] == 4
    assert [e["row"] for e in malformed["error_rows"]] == [2, 3, 5, 8]


@pytest.mark.parametrize(
    ("name", "form", "reason"),
    [
        ("not_a_table.pdf", {}, "PDF document"),
        ("not_a_table.html", {}, "HTML page"),
        ("not_a_table.bin", {}, "binary content"),
        ("customers_bom.csv", {"mapping": "{nope"}, "mapping: not valid JSON"),
        ("customers_bom.csv", {"mapping": '{"name": "Nope"}'}, "'Nope' is not in the header"),
        ("customers_bom.csv", {"threshold": "1.5"}, "threshold: must be between 0 and 1"),
        ("customers_bom.csv", {"limit": "many"}, "limit: not a int"),
        ("customers_bom.csv", {"lists": "nowhere"}, "unknown list id(s) 'nowhere'"),
        ("customers_bom.csv", {"sheet": "x", "encoding": "klingon"}, "unknown encoding"),
    ],
)
def test_refusals(make_client, name: str, form: dict, reason: str) -> None:
    answer = upload(make_client(), name, **form)
    assert answer.status_code == 422 and reason in answer.json()["detail"], answer.json()


def test_no_file_and_not_multipart(make_client) -> None:
    client = make_client()
    answer = client.post("/v1/batches", data={"limit": "3"},
                         files={"other": ("x.csv", b"name\nA\n")})  # fmt: skip
    assert answer.status_code == 422 and "'file'" in answer.json()["detail"]
    answer = client.post("/v1/batches", json={"name": "x"})
    assert answer.status_code == 422 and "multipart/form-data" in answer.json()["detail"]


def test_upload_size_limit(make_client) -> None:
    client = make_client(MAX_UPLOAD_BYTES="2000")
    big = b"name\n" + b"Anna Keller\n" * 20000
    answer = upload(client, "big.csv", big)
    assert answer.status_code == 413 and "2000" in answer.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit applies as it streams
        boundary = b"--xyz\r\n"
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="b.csv"\r\n\r\n'
        for _ in range(200):
            yield b"Anna Keller\n" * 100
        yield b"\r\n--xyz--\r\n"

    answer = client.post(
        "/v1/batches",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert answer.status_code == 413
    assert upload(client, "small.csv", b"name\nAnna Keller\n").status_code == 202


def test_results_before_done_and_unknown_jobs(make_client) -> None:
    client = make_client()
    client.app.state.batch_worker.stop()  # nothing runs: the job stays queued
    job = upload(client, "customers_bom.csv").json()
    answer = client.get(f"/v1/batches/{job['id']}/results")
    assert answer.status_code == 409 and "queued (0 of ? rows done)" in answer.json()["detail"]
    assert client.get("/v1/batches/bnope").status_code == 404
    client.app.state.batch_worker.start()
    assert wait_done(client, job["id"])["status"] == "done"


def test_jobs_belong_to_their_key(make_client, tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    alice, bob = create_key(db, "alice"), create_key(db, "bob")
    admin = create_key(db, "root", admin=True)
    db.close()
    client = make_client(auth=True)
    assert upload(client, "russian.csv").status_code == 401
    job = upload(client, "russian.csv", headers={"X-API-Key": alice}).json()
    status = wait_done(client, job["id"], headers={"X-API-Key": alice})
    assert status["alerts"] == 1
    assert client.get(f"/v1/batches/{job['id']}", headers={"X-API-Key": bob}).status_code == 404
    assert (
        client.get(
            f"/v1/batches/{job['id']}/results", headers={"Authorization": f"Bearer {bob}"}
        ).status_code
        == 404
    )
    assert (
        client.get(f"/v1/batches/{job['id']}/results", headers={"X-API-Key": admin}).status_code
        == 200
    )
    assert client.get("/v1/batches", headers={"X-API-Key": bob}).json()["jobs"] == []


def test_openapi_documents_the_upload(make_client) -> None:
    spec = make_client().get("/openapi.json").json()
    body = spec["paths"]["/v1/batches"]["post"]["requestBody"]["content"]
    assert "file" in body["multipart/form-data"]["schema"]["properties"]
    assert "/v1/batches/{job_id}/results" in spec["paths"]
