"""Client context resolution compared with what a botocore client resolves."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import botocore
import botocore.session
import pytest

import ivsrealtime_client
from ivsrealtime_client.runtime.config import Config
from ivsrealtime_client.runtime.errors import ConfigurationError
from ivsrealtime_client.runtime.session import ClientContext, resolve_client_context
from ivsrealtime_client.runtime.transport import Timeouts
from ivsrealtime_client.runtime.urllib3_transport import Urllib3Transport

from .conftest import (
    FAKE_ACCESS_KEY_ID,
    FAKE_SECRET_ACCESS_KEY,
    FAKE_SESSION_TOKEN,
    AwsFiles,
)

# A service that botocore ships with an endpoint rule set; creating a botocore
# client for it makes no network call.
SERVICE = "ivs-realtime"
SIGNING_NAME = "ivs"
ENDPOINT_PREFIX = "ivsrealtime"
SERVICE_ENVIRONMENT_VARIABLE = "AWS_ENDPOINT_URL_IVS_REALTIME"


def resolve(**kwargs: Any) -> ClientContext:
    arguments: dict[str, Any] = {
        "service_name": SERVICE,
        "signing_name": SIGNING_NAME,
        "endpoint_prefix": ENDPOINT_PREFIX,
    }
    arguments.update(kwargs)
    return resolve_client_context(**arguments)


def botocore_endpoint(region_name: str | None = None, **kwargs: Any) -> str:
    client = botocore.session.get_session().create_client(
        SERVICE, region_name=region_name, **kwargs
    )
    return str(client.meta.endpoint_url)


@pytest.mark.parametrize(
    "region",
    ["us-east-1", "eu-west-1", "ap-northeast-2", "cn-north-1", "us-gov-west-1"],
)
def test_endpoint_equals_botocore(region: str) -> None:
    context = resolve(region_name=region)

    assert context.endpoint_url == botocore_endpoint(region)
    assert context.region_name == region
    assert context.signing_region == region


def test_signing_name_equals_botocore() -> None:
    client = botocore.session.get_session().create_client(
        SERVICE, region_name="us-west-2"
    )

    assert resolve(region_name="us-west-2").signing_name == (
        client.meta.service_model.signing_name
    )


def test_fips_from_config_file(aws_files: AwsFiles) -> None:
    aws_files.write_config("[default]\nuse_fips_endpoint = true\n")

    context = resolve(region_name="us-west-2")

    assert context.endpoint_url == botocore_endpoint("us-west-2")
    assert "fips" in context.endpoint_url


def test_dual_stack_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_USE_DUALSTACK_ENDPOINT", "true")

    context = resolve(region_name="eu-west-1")

    assert context.endpoint_url == botocore_endpoint("eu-west-1")
    assert context.endpoint_url.endswith(".api.aws")


def test_fips_and_dual_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_USE_DUALSTACK_ENDPOINT", "true")
    monkeypatch.setenv("AWS_USE_FIPS_ENDPOINT", "true")

    context = resolve(region_name="us-east-1")

    assert context.endpoint_url == botocore_endpoint("us-east-1")


ENDPOINT_CONFIG = """\
[default]
endpoint_url = http://127.0.0.1:5003
services = local

[services local]
ivs_realtime =
  endpoint_url = http://127.0.0.1:5002
"""


def test_endpoint_precedence_all_set(
    aws_files: AwsFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws_files.write_config(ENDPOINT_CONFIG)
    monkeypatch.setenv(SERVICE_ENVIRONMENT_VARIABLE, "http://127.0.0.1:5000")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5001")

    assert resolve(region_name="us-west-2").endpoint_url == "http://127.0.0.1:5000"
    assert botocore_endpoint("us-west-2") == "http://127.0.0.1:5000"


def test_endpoint_precedence_global_variable(
    aws_files: AwsFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws_files.write_config(ENDPOINT_CONFIG)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5001")

    assert resolve(region_name="us-west-2").endpoint_url == "http://127.0.0.1:5001"
    assert botocore_endpoint("us-west-2") == "http://127.0.0.1:5001"


def test_endpoint_precedence_services_section(aws_files: AwsFiles) -> None:
    aws_files.write_config(ENDPOINT_CONFIG)

    assert resolve(region_name="us-west-2").endpoint_url == "http://127.0.0.1:5002"
    assert botocore_endpoint("us-west-2") == "http://127.0.0.1:5002"


def test_endpoint_precedence_profile(aws_files: AwsFiles) -> None:
    aws_files.write_config("[default]\nendpoint_url = http://127.0.0.1:5003\n")

    assert resolve(region_name="us-west-2").endpoint_url == "http://127.0.0.1:5003"
    assert botocore_endpoint("us-west-2") == "http://127.0.0.1:5003"


def test_explicit_endpoint_beats_configured(
    aws_files: AwsFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws_files.write_config(ENDPOINT_CONFIG)
    monkeypatch.setenv(SERVICE_ENVIRONMENT_VARIABLE, "http://127.0.0.1:5000")
    explicit = "http://127.0.0.1:6000"

    context = resolve(region_name="us-west-2", endpoint_url=explicit)

    assert context.endpoint_url == explicit
    assert botocore_endpoint("us-west-2", endpoint_url=explicit) == explicit


def test_ignore_configured_endpoints(
    aws_files: AwsFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws_files.write_config(ENDPOINT_CONFIG)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5001")
    monkeypatch.setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")

    context = resolve(region_name="us-west-2")

    assert context.endpoint_url == botocore_endpoint("us-west-2")
    assert context.endpoint_url.startswith("https://")


def test_explicit_endpoint_disables_fips(aws_files: AwsFiles) -> None:
    aws_files.write_config("[default]\nuse_fips_endpoint = true\n")
    explicit = "http://127.0.0.1:6000"

    context = resolve(region_name="us-west-2", endpoint_url=explicit)

    assert context.endpoint_url == explicit
    assert botocore_endpoint("us-west-2", endpoint_url=explicit) == explicit


def test_endpoint_url_normalized() -> None:
    context = resolve(
        region_name="us-west-2", endpoint_url="http://127.0.0.1:6000/base/path/"
    )

    assert context.endpoint_url == "http://127.0.0.1:6000/base/path"


@pytest.mark.parametrize(
    "url",
    [
        "127.0.0.1:6000",
        "ftp://127.0.0.1/",
        "http://",
        "http://127.0.0.1:99999",
        "http://127.0.0.1:6000/?a=1",
        "http://127.0.0.1:6000/#part",
    ],
)
def test_invalid_endpoint_url(url: str) -> None:
    with pytest.raises(ConfigurationError, match="invalid endpoint URL"):
        resolve(region_name="us-west-2", endpoint_url=url)


def test_endpoint_url_with_password_not_echoed() -> None:
    with pytest.raises(ConfigurationError, match="user information") as caught:
        resolve(region_name="us-west-2", endpoint_url="http://me:hunter2@127.0.0.1/")

    assert "hunter2" not in str(caught.value)


def write_rule_set(data_path: Path, service: str, rule_set: dict[str, Any]) -> None:
    version_directory = data_path / service / "2024-01-01"
    version_directory.mkdir(parents=True)
    (version_directory / "endpoint-rule-set-1.json").write_text(json.dumps(rule_set))


def rule_set_with_auth_schemes(auth_schemes: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "version": "1.0",
        "parameters": {
            "Region": {"builtIn": "AWS::Region", "required": True, "type": "String"},
            "Endpoint": {
                "builtIn": "SDK::Endpoint",
                "required": False,
                "type": "String",
            },
        },
        "rules": [
            {
                "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
                "endpoint": {"url": {"ref": "Endpoint"}, "properties": {}},
                "type": "endpoint",
            },
            {
                "conditions": [],
                "endpoint": {
                    "url": "https://api.{Region}.example.test",
                    "properties": {"authSchemes": auth_schemes},
                },
                "type": "endpoint",
            },
        ],
    }


def test_rule_set_overrides_signing_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schemes = [
        {"name": "sigv4a", "signingName": "ignored"},
        {"name": "sigv4", "signingName": "other-name", "signingRegion": "us-east-1"},
    ]
    write_rule_set(tmp_path, "example-service", rule_set_with_auth_schemes(schemes))
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))

    context = resolve(service_name="example-service", region_name="eu-west-1")

    assert context.endpoint_url == "https://api.eu-west-1.example.test"
    assert context.signing_name == "other-name"
    assert context.signing_region == "us-east-1"
    assert context.region_name == "eu-west-1"


def test_rule_set_without_sigv4_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schemes = [{"name": "sigv4a", "signingName": "x"}]
    write_rule_set(tmp_path, "example-service", rule_set_with_auth_schemes(schemes))
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))

    with pytest.raises(ConfigurationError, match="sigv4a"):
        resolve(service_name="example-service", region_name="eu-west-1")


def test_rule_set_error_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rule_set = {
        "version": "1.0",
        "parameters": {
            "Region": {"builtIn": "AWS::Region", "required": True, "type": "String"}
        },
        "rules": [
            {"conditions": [], "error": "Region is not served here", "type": "error"}
        ],
    }
    write_rule_set(tmp_path, "example-service", rule_set)
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))

    with pytest.raises(ConfigurationError, match="Region is not served here"):
        resolve(service_name="example-service", region_name="eu-west-1")


def test_no_rule_set_requires_endpoint() -> None:
    with pytest.raises(ConfigurationError, match="pass endpoint_url") as caught:
        resolve(service_name="example-without-rules", region_name="us-west-2")

    assert "example-without-rules" in str(caught.value)


def test_no_rule_set_uses_endpoint() -> None:
    context = resolve(
        service_name="example-without-rules",
        region_name="us-west-2",
        endpoint_url="http://127.0.0.1:7000",
    )

    assert context.endpoint_url == "http://127.0.0.1:7000"
    assert context.signing_name == SIGNING_NAME
    assert context.signing_region == "us-west-2"


def test_no_rule_set_uses_environment_endpoint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:7001")

    context = resolve(service_name="example-without-rules", region_name="us-west-2")

    assert context.endpoint_url == "http://127.0.0.1:7001"


def test_missing_region() -> None:
    with pytest.raises(ConfigurationError, match="AWS_DEFAULT_REGION"):
        resolve()


def test_region_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")

    assert resolve().region_name == "ap-south-1"


def test_region_argument_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")

    assert resolve(region_name="sa-east-1").region_name == "sa-east-1"


def test_region_from_profile(aws_files: AwsFiles) -> None:
    # botocore skips the environment keys when a profile is named explicitly.
    aws_files.write_config(
        "[profile dev]\nregion = eu-north-1\naws_access_key_id = AKIDDEV\n"
        "aws_secret_access_key = dev-secret\n"
    )

    assert resolve(profile_name="dev").region_name == "eu-north-1"


@pytest.mark.parametrize("region", ["us west 2", "-bad", "a/b"])
def test_invalid_region(region: str) -> None:
    with pytest.raises(ConfigurationError, match="invalid region"):
        resolve(region_name=region)


def test_credentials_from_environment() -> None:
    context = resolve(region_name="us-west-2")
    frozen = context.credentials.get_frozen_credentials()

    assert frozen.access_key == FAKE_ACCESS_KEY_ID
    assert frozen.secret_key == FAKE_SECRET_ACCESS_KEY
    assert frozen.token is None


def test_credentials_explicit() -> None:
    context = resolve(
        region_name="us-west-2",
        aws_access_key_id="AKIDEXPLICIT",
        aws_secret_access_key="explicit-secret",
        aws_session_token="explicit-token",
    )
    frozen = context.credentials.get_frozen_credentials()

    assert frozen.access_key == "AKIDEXPLICIT"
    assert frozen.secret_key == "explicit-secret"
    assert frozen.token == "explicit-token"


@pytest.mark.parametrize(
    "arguments",
    [
        {"aws_access_key_id": "AKIDONLY"},
        {"aws_secret_access_key": "secret-only"},
        {"aws_access_key_id": "", "aws_secret_access_key": "secret"},
    ],
)
def test_credentials_partial(arguments: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError, match="must be given together") as caught:
        resolve(region_name="us-west-2", **arguments)

    assert "secret" not in str(caught.value).replace("secret_access_key", "")


def test_session_token_alone_rejected() -> None:
    with pytest.raises(ConfigurationError, match="aws_session_token"):
        resolve(region_name="us-west-2", aws_session_token=FAKE_SESSION_TOKEN)


def test_credentials_from_profile(
    aws_files: AwsFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    aws_files.write_credentials(
        "[dev]\naws_access_key_id = AKIDPROFILE\n"
        "aws_secret_access_key = profile-secret\n"
    )
    aws_files.write_config("[profile dev]\nregion = eu-west-3\n")

    context = resolve(profile_name="dev")
    frozen = context.credentials.get_frozen_credentials()

    assert frozen.access_key == "AKIDPROFILE"
    assert context.region_name == "eu-west-3"


def test_missing_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")

    with pytest.raises(ConfigurationError, match="no credentials found") as caught:
        resolve(region_name="us-west-2")

    assert "AWS_ACCESS_KEY_ID" in str(caught.value)


def test_missing_profile() -> None:
    with pytest.raises(ConfigurationError, match="'nowhere' was not found"):
        resolve(region_name="us-west-2", profile_name="nowhere")


def test_missing_services_section(aws_files: AwsFiles) -> None:
    aws_files.write_config("[default]\nservices = absent\n")

    with pytest.raises(ConfigurationError, match="absent"):
        resolve(region_name="us-west-2")


def test_user_agent() -> None:
    distribution = ivsrealtime_client.__name__.replace("_", "-")
    pattern = (
        rf"{re.escape(distribution)}/\S+ botocore/{re.escape(botocore.__version__)} "
        r"Python/\d+\.\d+\.\d+"
    )

    plain = resolve(region_name="us-west-2").user_agent
    suffixed = resolve(
        region_name="us-west-2", config=Config(user_agent_suffix="app/2.0")
    ).user_agent

    assert re.fullmatch(pattern, plain)
    assert suffixed == f"{plain} app/2.0"


def test_config_values_applied() -> None:
    config = Config(connect_timeout=1.5, read_timeout=7.0, max_attempts=6)

    context = resolve(region_name="us-west-2", config=config)

    assert context.timeouts == Timeouts(connect=1.5, read=7.0)
    assert context.retry_policy.max_attempts == 6
    assert isinstance(context.transport, Urllib3Transport)
    assert context.config is config


def test_config_transport_used() -> None:
    transport = Urllib3Transport()

    context = resolve(region_name="us-west-2", config=Config(transport=transport))

    assert context.transport is transport


def test_retry_settings_from_profile(aws_files: AwsFiles) -> None:
    aws_files.write_config(
        "[profile dev]\nmax_attempts = 8\naws_access_key_id = AKIDDEV\n"
        "aws_secret_access_key = dev-secret\n"
    )

    context = resolve(region_name="us-west-2", profile_name="dev")

    assert context.retry_policy.max_attempts == 8


def test_context_repr_has_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    context = resolve(
        region_name="us-west-2",
        aws_access_key_id=FAKE_ACCESS_KEY_ID,
        aws_secret_access_key=FAKE_SECRET_ACCESS_KEY,
        aws_session_token=FAKE_SESSION_TOKEN,
    )

    for text in [repr(context), caplog.text]:
        assert FAKE_SECRET_ACCESS_KEY not in text
        assert FAKE_SESSION_TOKEN not in text
