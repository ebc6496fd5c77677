"""Members the model marks sensitive never show in ``repr``, ``str`` or logs."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from ivsrealtime_client import _schema
from ivsrealtime_client.models import (
    CreateParticipantTokenResponse,
    CreateStageResponse,
    ParticipantToken,
    Stage,
)
from ivsrealtime_client.runtime.schema import Member, Shape
from ivsrealtime_client.runtime.validate import collect_violations

from .conftest import ClientFactory
from .model_examples import CONVERTER, STAGE_ARN, STRUCTURE_SHAPES, valid_value

SECRET_TOKEN = "eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.eyJ3aG8iOiJ0ZXN0In0.c2VjcmV0LXNpZw"
OTHER_SECRET_TOKEN = "eyJhbGciOiJLTVMifQ.eyJ3aG8iOiJvdGhlciJ9.b3RoZXItc2Vjcg"


def _token(secret: str = SECRET_TOKEN) -> ParticipantToken:
    return ParticipantToken(
        participant_id="L0qVvbTmOKVN", token=secret, user_id="guest"
    )


def _sensitive_members() -> list[tuple[Shape, Member]]:
    return [
        (shape, member)
        for shape in STRUCTURE_SHAPES
        for member in shape.members
        if member.shape.sensitive
    ]


def test_model_has_sensitive_member() -> None:
    assert _sensitive_members() != []


@pytest.mark.parametrize(
    ("shape", "member"),
    _sensitive_members(),
    ids=[f"{s.name}.{m.attr}" for s, m in _sensitive_members()],
)
def test_sensitive_member_hidden_in_repr(shape: Shape, member: Member) -> None:
    instance = valid_value(shape)
    setattr(instance, member.attr, SECRET_TOKEN)
    assert SECRET_TOKEN not in repr(instance)


def test_token_hidden_in_repr() -> None:
    assert SECRET_TOKEN not in repr(_token())


def test_token_hidden_in_str() -> None:
    assert SECRET_TOKEN not in str(_token())


def test_repr_shows_token_is_hidden() -> None:
    assert "token=<hidden>" in repr(_token())


def test_repr_shows_unset_token_as_none() -> None:
    assert "token=None" in repr(ParticipantToken(participant_id="L0qVvbTmOKVN"))


def test_token_readable_as_attribute() -> None:
    assert _token().token == SECRET_TOKEN


def test_other_members_still_in_repr() -> None:
    assert "participant_id='L0qVvbTmOKVN'" in repr(_token())


def test_response_with_token_hides_it_in_repr() -> None:
    response = CreateParticipantTokenResponse(participant_token=_token())
    assert SECRET_TOKEN not in repr(response)


def test_response_with_token_hides_it_in_str() -> None:
    response = CreateParticipantTokenResponse(participant_token=_token())
    assert SECRET_TOKEN not in str(response)


def test_token_list_hides_every_token() -> None:
    response = CreateStageResponse(
        stage=Stage(arn=STAGE_ARN),
        participant_tokens=[_token(), _token(OTHER_SECRET_TOKEN)],
    )
    text = repr(response)
    assert [s for s in (SECRET_TOKEN, OTHER_SECRET_TOKEN) if s in text] == []


TOKEN_DOCUMENT: dict[str, Any] = {
    "participantToken": {
        "participantId": "L0qVvbTmOKVN",
        "token": SECRET_TOKEN,
        "capabilities": ["PUBLISH", "SUBSCRIBE"],
        "expirationTime": "2024-05-02T00:30:15Z",
    },
    "newSecret": OTHER_SECRET_TOKEN,
}


def _parsed_token_response() -> Any:
    return CONVERTER.from_json(TOKEN_DOCUMENT, _schema.S_CreateParticipantTokenResponse)


def test_parsed_response_hides_token() -> None:
    assert SECRET_TOKEN not in repr(_parsed_token_response())


def test_parsed_response_token_readable() -> None:
    assert _parsed_token_response().participant_token.token == SECRET_TOKEN


def test_new_fields_not_in_repr() -> None:
    # A member that a newer model marks sensitive arrives as a new field.
    assert OTHER_SECRET_TOKEN not in repr(_parsed_token_response())


def test_client_response_hides_token(canned_client: ClientFactory) -> None:
    client = canned_client(TOKEN_DOCUMENT)
    response = client.create_participant_token(stage_arn=STAGE_ARN)
    assert SECRET_TOKEN not in repr(response)


def test_client_debug_logs_hide_token(
    canned_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    client = canned_client(TOKEN_DOCUMENT)
    with caplog.at_level(logging.DEBUG):
        client.create_participant_token(stage_arn=STAGE_ARN, user_id="guest")
    assert [r.name for r in caplog.records if SECRET_TOKEN in r.getMessage()] == []


def test_client_debug_logs_not_empty(
    canned_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    # Makes sure the test above looks at real log records.
    client = canned_client(TOKEN_DOCUMENT)
    with caplog.at_level(logging.DEBUG):
        client.create_participant_token(stage_arn=STAGE_ARN, user_id="guest")
    assert caplog.records != []


# NOTE: no sensitive shape of this model has a pattern or an enum, so the case
# below uses a shape of its own, like the sensitive, patterned StreamKey of newer
# models of the service.
_SENSITIVE_PATTERNED = Shape(
    name="StreamKey",
    type="string",
    sensitive=True,
    pattern="^rt_[0-9]+_[a-z0-9-]+_[a-zA-Z0-9-]+_.+$",
)


def test_sensitive_value_hidden_in_pattern_violation() -> None:
    violations = collect_violations(SECRET_TOKEN, _SENSITIVE_PATTERNED, "stream_key")
    assert [v for v in violations if SECRET_TOKEN in v.message] == []
