"""Config checks its values when created and names the field that is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from ivsrealtime_client import Config
from ivsrealtime_client.errors import ConfigurationError


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("read_timeout", 0),
        ("read_timeout", -1.0),
        ("connect_timeout", float("nan")),
        ("connect_timeout", float("inf")),
        ("connect_timeout", "10"),
        ("max_attempts", 0),
        ("max_attempts", "3"),
        ("max_attempts", True),
        ("max_pool_connections", 0),
        ("retry_mode", "adaptive"),
        ("validate", "yes"),
        ("user_agent_suffix", "app/1.0\r\nX-Injected: 1"),
        ("transport", "urllib3"),
        ("connect_timeout", 10**400),
        ("read_timeout", 9.3e9),
        ("max_pool_connections", 10**9),
        ("user_agent_suffix", "app/\u4e2d\u6587"),
    ],
)
def test_invalid_value_names_field(field: str, value: Any) -> None:
    with pytest.raises(ConfigurationError) as raised:
        Config(**{field: value})

    assert f"invalid {field}" in str(raised.value)


def test_valid_values_are_kept() -> None:
    config = Config(
        max_attempts=5,
        retry_mode="standard",
        connect_timeout=0.5,
        read_timeout=2,
        validate=False,
        user_agent_suffix="app/1.0",
        max_pool_connections=4,
    )

    assert config.max_attempts == 5
    assert config.read_timeout == 2
    assert config.validate is False
    assert config.user_agent_suffix == "app/1.0"
