"""Pydantic models of what the model is asked to return. Bounded on purpose: small models loop
or ramble without `maxItems`/`maxLength`, and grammar-constrained servers need flat schemas."""

from __future__ import annotations

import re
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from summarize.text.abbreviations import continues

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


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])")


class SummaryOut(BaseModel):
    """The digest of a backend not trusted with claims (profile `claims = false`).

    Asked for as plain text (`plain_text`: no response format): the 1.5B model, writing JSON,
    opened a quotation with `"` and so closed the string, cutting 3 of 5 seed summaries; in
    plain text a quotation mark is just a character (and is de-quoted later when the words are
    not verbatim). An answer that is JSON anyway is read for its summary, the rest ignored.
    """

    plain_text: ClassVar[bool] = True
    model_config = ConfigDict(extra="ignore")

    summary: Annotated[str, Field(max_length=400)]

    @field_validator("summary", mode="before")
    @classmethod
    def _two_sentences(cls, value: object) -> object:
        """The model is asked for one or two sentences and often writes four: keep the first
        two that fit in 400 characters (a prefix of what it wrote) instead of asking again."""
        if not isinstance(value, str):
            return value
        text = " ".join(value.split())
        sentences: list[str] = []
        for piece in _SENTENCE_END.split(text):  # "Gov." + "Tony Evers …" is one sentence
            if sentences and continues(sentences[-1], piece):
                sentences[-1] = f"{sentences[-1]} {piece}"
            else:
                sentences.append(piece)
        kept = ""
        for sentence in sentences[:2]:
            joined = f"{kept} {sentence}".strip()
            if len(joined) > 400:
                break
            kept = joined
        if not kept:  # one sentence over the bound: cut at a word, marked as cut
            kept = text[:398].rsplit(" ", 1)[0] + " …"
        return kept


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
