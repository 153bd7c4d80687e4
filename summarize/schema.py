"""Pydantic models of what the model is asked to return. Bounded on purpose: small models loop
or ramble without `maxItems`/`maxLength`, and grammar-constrained servers need flat schemas."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

ShortText = Annotated[str, Field(max_length=300)]
Name = Annotated[str, Field(max_length=80)]


class ClaimOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claim: ShortText
    sentence: int = Field(ge=1, le=2000, description="S-number of the sentence stating the claim")


class DigestOut(BaseModel):
    """The per-article digest: the only call that reads the article's full text."""

    model_config = ConfigDict(extra="forbid")

    summary: Annotated[str, Field(max_length=600)]
    claims: list[ClaimOut] = Field(max_length=12)
    actors: list[Name] = Field(max_length=12)


class SummaryOut(BaseModel):
    """The digest of a backend not trusted with claims (profile `claims = false`)."""

    # Sentences are aligned by code, so nothing is copied back. The schema sent allows no other
    # key; an answer that adds one anyway (a server ignoring the schema, a claims-style answer)
    # is read for its summary and the rest ignored, never trusted.
    model_config = ConfigDict(extra="ignore", json_schema_extra={"additionalProperties": False})

    summary: Annotated[str, Field(max_length=400)]


class ConsensusSentenceOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, Field(max_length=400)]
    facts: list[Annotated[str, Field(max_length=8)]] = Field(max_length=8)


class ConsensusOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sentences: list[ConsensusSentenceOut] = Field(max_length=8)


class OutletFramingOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(max_length=8)]
    framing: Annotated[str, Field(max_length=500)]
    # the ids of the computed contrasts ("A1.2") the statement rests on
    # (omitted by a non-strict backend: the statement then names none and is rejected)
    contrasts: list[Annotated[str, Field(max_length=12)]] = Field(
        default_factory=list, max_length=6
    )


class FramingOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outlets: list[OutletFramingOut] = Field(max_length=16)
