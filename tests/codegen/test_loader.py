"""Loading models: supported features, clear errors, reviewed overrides."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from codegen.__main__ import DEFAULT_MODEL, DEFAULT_OVERRIDES
from codegen.loader import ModelError, build_service
from codegen.overrides import OverrideError, apply_overrides


def small_model() -> dict[str, Any]:
    return {
        "metadata": {"protocol": "rest-json", "serviceId": "Tiny", "apiVersion": "1"},
        "operations": {
            "GetThing": {
                "name": "GetThing",
                "http": {"method": "GET", "requestUri": "/things/{id}"},
                "input": {"shape": "GetThingRequest"},
                "output": {"shape": "GetThingResponse"},
            }
        },
        "shapes": {
            "GetThingRequest": {
                "type": "structure",
                "required": ["id"],
                "members": {
                    "id": {"shape": "Id", "location": "uri", "locationName": "id"}
                },
            },
            "GetThingResponse": {
                "type": "structure",
                "members": {"from": {"shape": "Id"}, "type": {"shape": "Id"}},
            },
            "Id": {"type": "string", "min": 1, "max": 8},
        },
    }


def test_small_model_builds() -> None:
    service = build_service(small_model(), "tiny.json")
    operation = service.operations[0]
    assert service.client_class == "TinyClient"
    assert operation.python_name == "get_thing"
    member = service.shape("GetThingRequest").members[0]
    assert member.location == "uri"
    assert member.required


def test_keyword_member_is_renamed() -> None:
    service = build_service(small_model(), "tiny.json")
    names = [m.python_name for m in service.shape("GetThingResponse").members]
    assert names == ["from_", "type"]


def test_unknown_shape_key_names_shape_and_feature() -> None:
    model = small_model()
    model["shapes"]["Id"]["eventstream"] = True
    with pytest.raises(ModelError, match=r"shape 'Id'.*eventstream"):
        build_service(model, "tiny.json")


def test_unknown_member_key_names_member() -> None:
    model = small_model()
    model["shapes"]["GetThingResponse"]["members"]["from"]["eventpayload"] = True
    with pytest.raises(ModelError, match=r"GetThingResponse\.from.*eventpayload"):
        build_service(model, "tiny.json")


def test_unknown_shape_type_is_rejected() -> None:
    model = small_model()
    model["shapes"]["Id"]["type"] = "quaternion"
    with pytest.raises(ModelError, match="unsupported type 'quaternion'"):
        build_service(model, "tiny.json")


def test_missing_target_shape_is_rejected() -> None:
    model = small_model()
    model["shapes"]["GetThingResponse"]["members"]["from"]["shape"] = "Nowhere"
    with pytest.raises(ModelError, match="missing shape 'Nowhere'"):
        build_service(model, "tiny.json")


def test_other_protocol_is_rejected() -> None:
    model = small_model()
    model["metadata"]["protocol"] = "query"
    with pytest.raises(ModelError, match="protocol 'query'"):
        build_service(model, "tiny.json")


def test_colliding_operation_names_are_rejected() -> None:
    model = small_model()
    model["operations"]["GetTHING"] = copy.deepcopy(model["operations"]["GetThing"])
    with pytest.raises(ModelError, match="get_thing"):
        build_service(model, "tiny.json")


def test_override_replaces_reviewed_value() -> None:
    model = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    overrides = json.loads(DEFAULT_OVERRIDES.read_text(encoding="utf-8"))
    corrected = apply_overrides(model, overrides)
    expected = overrides["shapes"]["ResourceArn"]["pattern"]["value"]
    assert corrected["shapes"]["ResourceArn"]["pattern"] == expected
    assert model["shapes"]["ResourceArn"]["pattern"] != expected


def test_override_fails_when_model_changed() -> None:
    model = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    model["shapes"]["ResourceArn"]["pattern"] = "^arn:.*$"
    overrides = json.loads(DEFAULT_OVERRIDES.read_text(encoding="utf-8"))
    with pytest.raises(OverrideError, match="review the override again"):
        apply_overrides(model, overrides)


def test_override_without_reason_is_rejected() -> None:
    overrides = {"shapes": {"Id": {"max": {"expected": [8], "value": 9}}}}
    with pytest.raises(OverrideError, match="missing 'reason'"):
        apply_overrides(small_model(), overrides)
