"""Tagging the stage ARNs the emulator returns, through the typed client."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlsplit

import pytest

from ivsrealtime_client import IVSRealTimeClient
from ivsrealtime_client.errors import ResourceNotFoundException

from .support import RecordingTransport

# Keys with characters that URL query encoding must escape.
RESERVED_CHARACTER_KEYS = [
    "team/name",
    "a&b",
    "x=y",
    "with space",
    "plus+sign",
    "ünï",
    "50%",
]


def create_stage_arn(client: IVSRealTimeClient, **tags: str) -> str:
    stage = client.create_stage(tags=tags).stage
    assert stage is not None
    return stage.arn


def test_tags_follow_tag_and_untag(recorded_client: IVSRealTimeClient) -> None:
    arn = create_stage_arn(recorded_client, env="dev")

    recorded_client.tag_resource(resource_arn=arn, tags={"env": "prod", "team": "av"})
    after_tag = recorded_client.list_tags_for_resource(resource_arn=arn).tags
    recorded_client.untag_resource(resource_arn=arn, tag_keys=["team"])
    after_untag = recorded_client.list_tags_for_resource(resource_arn=arn).tags

    assert after_tag == {"env": "prod", "team": "av"}
    assert after_untag == {"env": "prod"}
    stage = recorded_client.get_stage(arn=arn).stage
    assert stage is not None
    assert stage.tags == {"env": "prod"}


def test_listed_stage_arns_are_taggable(recorded_client: IVSRealTimeClient) -> None:
    for index in range(3):
        create_stage_arn(recorded_client, index=str(index))

    for summary in recorded_client.paginate_list_stages(max_results=2).items():
        recorded_client.tag_resource(resource_arn=summary.arn, tags={"seen": "yes"})

    for summary in recorded_client.list_stages().stages:
        assert summary.tags is not None
        assert summary.tags["seen"] == "yes"
        assert set(summary.tags) == {"index", "seen"}


def test_untag_sends_repeated_query_keys(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    arn = create_stage_arn(recorded_client, a="1", b="2", c="3", d="4")

    recorded_client.untag_resource(resource_arn=arn, tag_keys=["a", "c", "d"])

    request = transport.exchanges[-1].request
    url = urlsplit(request.url)
    assert request.method == "DELETE"
    assert url.path == "/tags/" + quote(arn, safe="")
    assert parse_qsl(url.query) == [
        ("tagKeys", "a"),
        ("tagKeys", "c"),
        ("tagKeys", "d"),
    ]
    assert recorded_client.list_tags_for_resource(resource_arn=arn).tags == {"b": "2"}


def test_untag_keys_with_reserved_characters(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    tags = {key: f"value of {key}" for key in RESERVED_CHARACTER_KEYS}
    arn = create_stage_arn(recorded_client)
    recorded_client.tag_resource(resource_arn=arn, tags=tags)
    assert recorded_client.list_tags_for_resource(resource_arn=arn).tags == tags

    removed = RESERVED_CHARACTER_KEYS[:-1]
    recorded_client.untag_resource(resource_arn=arn, tag_keys=removed)

    query = urlsplit(transport.exchanges[-1].request.url).query
    assert parse_qsl(query) == [("tagKeys", key) for key in removed]
    remaining = recorded_client.list_tags_for_resource(resource_arn=arn).tags
    assert remaining == {"50%": "value of 50%"}


def test_untag_missing_key_is_accepted(recorded_client: IVSRealTimeClient) -> None:
    arn = create_stage_arn(recorded_client, kept="yes")

    recorded_client.untag_resource(resource_arn=arn, tag_keys=["absent", "other"])

    assert recorded_client.list_tags_for_resource(resource_arn=arn).tags == {
        "kept": "yes"
    }


def test_deleted_stage_tags_not_found(recorded_client: IVSRealTimeClient) -> None:
    arn = create_stage_arn(recorded_client, gone="soon")
    recorded_client.delete_stage(arn=arn)

    with pytest.raises(ResourceNotFoundException) as listed:
        recorded_client.list_tags_for_resource(resource_arn=arn)
    with pytest.raises(ResourceNotFoundException) as tagged:
        recorded_client.tag_resource(resource_arn=arn, tags={"k": "v"})
    with pytest.raises(ResourceNotFoundException) as untagged:
        recorded_client.untag_resource(resource_arn=arn, tag_keys=["gone"])

    assert arn in listed.value.message
    assert tagged.value.status_code == 404
    assert untagged.value.code == "ResourceNotFoundException"
