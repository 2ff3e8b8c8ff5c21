"""Request and response models of the REST API (pydantic v2); they make the OpenAPI schema."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from service.api.limits import (
    MAX_ID_LENGTH,
    MAX_IDENTIFIERS,
    MAX_LIMIT,
    MAX_LISTS,
    MAX_NAME_LENGTH,
    MAX_QUERIES,
    check_birth_date,
    check_country,
    check_name,
    check_text,
)
from service.model import IdType

Text = Annotated[str, AfterValidator(check_text)]
SchemaName = Literal["person", "organization", "vessel", "aircraft", "any"]
IdTypeName = Literal[tuple(t.value for t in IdType)]  # type: ignore[valid-type]
_STRICT = ConfigDict(extra="forbid", allow_inf_nan=False)


class IdentifierIn(BaseModel):
    model_config = _STRICT
    type: IdTypeName | None = Field(default=None, description="passport, imo, tax_id, ...")
    value: Annotated[Text, StringConstraints(min_length=1, max_length=MAX_ID_LENGTH)]


class QueryIn(BaseModel):
    """One party to screen: a name, and optionally facts that confirm or rule out hits."""

    model_config = _STRICT
    id: Annotated[Text, StringConstraints(max_length=MAX_ID_LENGTH)] | None = Field(
        default=None, description="Your own reference, echoed back."
    )
    name: Annotated[
        str, StringConstraints(min_length=1, max_length=MAX_NAME_LENGTH), AfterValidator(check_name)
    ]
    type: SchemaName | None = Field(default=None, description="Entity type; any by default.")
    birth_date: Annotated[str, AfterValidator(check_birth_date)] | None = Field(
        default=None, description="YYYY, YYYY-MM or YYYY-MM-DD", examples=["1960-09-07"]
    )
    country: (
        Annotated[str, StringConstraints(max_length=100), AfterValidator(check_country)] | None
    ) = Field(default=None, description="ISO 3166 alpha-2/alpha-3 code or English country name.")
    identifiers: list[IdentifierIn] = Field(default_factory=list, max_length=MAX_IDENTIFIERS)


class ScreenRequest(BaseModel):
    model_config = _STRICT
    queries: list[QueryIn] = Field(min_length=1, max_length=MAX_QUERIES)
    threshold: float | None = Field(
        default=None, ge=0, le=1, description="Alert threshold; the server default if unset."
    )
    limit: int = Field(default=10, ge=1, le=MAX_LIMIT, description="Hits per query, at most.")
    min_score: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Leave out hits scoring below this (never above the threshold); the "
        "server default (0.5: below it the names differ) if unset; 0 returns every hit.",
    )
    lists: list[Annotated[Text, StringConstraints(min_length=1, max_length=100)]] | None = Field(
        default=None, max_length=MAX_LISTS, description="Only these list ids (all by default)."
    )


class IdentifierOut(BaseModel):
    type: str
    value: str
    country: str | None = None


class PartOut(BaseModel):
    query: str | None
    candidate: str | None
    similarity: float
    weight: float
    kind: str


class QualifierOut(BaseModel):
    feature: str
    effect: float
    outcome: str
    detail: str


class Explanation(BaseModel):
    matched_name: str
    matched_name_kind: str
    query_form: str
    candidate_form: str
    name_score: float
    parts: list[PartOut]
    name_reasons: list[str]
    qualifiers: list[QualifierOut]
    summary: str


class HitOut(BaseModel):
    entity_id: str
    list_id: str
    schema_: str = Field(alias="schema")
    name: str
    matched_name: str
    score: float
    alert: bool
    programs: list[str]
    listed_on: str | None
    countries: list[str]
    birth_dates: list[str]
    identifiers: list[IdentifierOut]
    source_url: str | None
    explanation: Explanation


class QueryResult(BaseModel):
    index: int = Field(description="Position of the query in the request.")
    id: str | None
    name: str
    alert: bool = Field(description="Whether any hit alerts.")
    hits: list[HitOut] = Field(description="Best first.")


class ListUsed(BaseModel):
    list_id: str
    version: str
    published: str | None
    content_hash: str
    entity_count: int
    format: str


class ReceiptSettings(BaseModel):
    limit: int
    min_score: float = 0.0
    lists: list[str] | None
    default_threshold: float
    candidates: int


class ReceiptOut(BaseModel):
    receipt_id: str
    created_at: str
    format: int
    engine_version: str
    threshold: float
    settings: ReceiptSettings
    lists: list[ListUsed]
    query_count: int
    queries_sha256: str
    results_sha256: str
    alert_count: int
    digest: str = Field(description="SHA-256 of the receipt without receipt_id/created_at.")


class ScreenResponse(BaseModel):
    results: list[QueryResult]
    receipt: ReceiptOut


class RelationOut(BaseModel):
    kind: str
    target_name: str
    target_id: str | None
    target_primary_name: str | None
    target_list_id: str | None


class EntityOut(BaseModel):
    """The whole record as loaded (see service/model.py), relations resolved."""

    model_config = ConfigDict(extra="allow")
    id: str
    list_id: str
    schema_: str = Field(alias="schema")
    names: list[dict[str, Any]]
    relations: list[RelationOut]
    list_version: str | None


class ListOut(BaseModel):
    list_id: str
    title: str | None
    format: str
    version: str
    version_source: str
    published: str | None
    fetched_at: str | None
    content_hash: str
    entity_count: int
    name_count: int
    stated_count: int | None
    cadence_days: int | None
    age_days: int | None
    stale: bool | None = Field(description="Older than its expected update cadence.")


class ListsOut(BaseModel):
    lists: list[ListOut]
    generation: int
    errors: list[str]


class AuditOut(BaseModel):
    receipt_id: str
    created_at: str
    key_name: str | None
    engine_version: str
    threshold: float
    query_count: int
    hit_count: int
    alert_count: int
    digest: str
    queries: list[dict[str, Any]]
    hits: list[list[dict[str, Any]]]
    lists: list[dict[str, Any]]
    receipt: dict[str, Any]


class ReloadOut(BaseModel):
    status: str
    generation: int
    lists: list[dict[str, Any]]
    error: str | None


class Status(BaseModel):
    status: str
    detail: str | None = None


class ErrorOut(BaseModel):
    detail: str
    errors: list[dict[str, Any]] | None = None
