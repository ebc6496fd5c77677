"""Resolve once per client what every call needs: region, credentials, endpoint.

botocore does the resolving, as it does for its own clients: a
``botocore.session.Session`` reads the profile, the environment and the shared
files, runs the credential chain and loads the service's endpoint rule set.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import platform
from typing import Any
from urllib.parse import urlsplit

import attrs
import botocore
import botocore.session
from botocore.configprovider import ConfiguredEndpointProvider
from botocore.credentials import Credentials
from botocore.endpoint_provider import EndpointProvider
from botocore.exceptions import (
    BotoCoreError,
    DataNotFoundError,
    EndpointResolutionError,
    InvalidRegionError,
    ProfileNotFound,
)
from botocore.utils import validate_region_name

from .config import Config
from .errors import ConfigurationError
from .retries import RetryPolicy, resolve_retry_policy
from .transport import Timeouts, Transport
from .urllib3_transport import Urllib3Transport

logger = logging.getLogger(__name__)

_RULE_SET_TYPE = "endpoint-rule-set-1"


@attrs.frozen(kw_only=True)
class ClientContext:
    """Everything a client resolved once and reuses on every call."""

    service_name: str
    """botocore's name of the service, such as ``ivs-realtime``."""

    region_name: str
    endpoint_url: str
    """``scheme://host[:port][/base path]`` with no trailing slash."""

    signing_name: str
    signing_region: str
    credentials: Any = attrs.field(repr=False)
    """A botocore credentials object, which ``RequestSigner`` reads on each call."""

    user_agent: str
    timeouts: Timeouts
    transport: Transport
    retry_policy: RetryPolicy
    config: Config


@attrs.frozen
class ResolvedEndpoint:
    """An endpoint URL and the signing values its rule set sets, if any."""

    url: str
    signing_name: str | None = None
    signing_region: str | None = None


def resolve_client_context(
    *,
    service_name: str,
    signing_name: str,
    endpoint_prefix: str,
    region_name: str | None = None,
    endpoint_url: str | None = None,
    aws_access_key_id: str | None = None,
    aws_secret_access_key: str | None = None,
    aws_session_token: str | None = None,
    profile_name: str | None = None,
    config: Config | None = None,
) -> ClientContext:
    """Resolve the settings of a new client the way botocore resolves its own.

    ``service_name`` is botocore's name of the service, used to load its endpoint
    rule set and to read ``AWS_ENDPOINT_URL_<SERVICE>``. ``signing_name`` and
    ``endpoint_prefix`` come from the service model's metadata, and a rule set may
    override the signing name. The remaining arguments are the client's own.

    Raises:
        ConfigurationError: the profile, region, credentials, endpoint or retry
            settings are missing or invalid. The message names what to set.
    """
    config = Config() if config is None else config
    session = _create_session(profile_name)
    region = _resolve_region(session, region_name)
    credentials = _resolve_credentials(
        session, aws_access_key_id, aws_secret_access_key, aws_session_token
    )
    endpoint = resolve_endpoint(
        session,
        service_name=service_name,
        endpoint_prefix=endpoint_prefix,
        region_name=region,
        endpoint_url=endpoint_url,
    )
    retry_policy = resolve_retry_policy(config, session)

    transport = config.transport
    if transport is None:
        transport = Urllib3Transport(
            config.max_pool_connections,
            ca_bundle=_config_variable(session, "ca_bundle"),
        )

    context = ClientContext(
        service_name=service_name,
        region_name=region,
        endpoint_url=endpoint.url,
        signing_name=endpoint.signing_name or signing_name,
        signing_region=endpoint.signing_region or region,
        credentials=credentials,
        user_agent=_user_agent(config.user_agent_suffix),
        timeouts=Timeouts(connect=config.connect_timeout, read=config.read_timeout),
        transport=transport,
        retry_policy=retry_policy,
        config=config,
    )
    logger.debug(
        "resolved %s: endpoint %s, region %s, signing name %s, signing region %s, "
        "%d max attempts",
        service_name,
        context.endpoint_url,
        context.region_name,
        context.signing_name,
        context.signing_region,
        retry_policy.max_attempts,
    )
    return context


def _create_session(profile_name: str | None) -> Any:
    session = botocore.session.Session(profile=profile_name)
    try:
        # Reading the profile's section now reports a missing profile here,
        # instead of at the first call.
        session.get_scoped_config()
    except ProfileNotFound as exc:
        raise ConfigurationError(
            f"profile {exc.kwargs.get('profile')!r} was not found in the shared "
            "config or credentials file. Check profile_name, AWS_PROFILE, "
            "AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE"
        ) from exc
    except BotoCoreError as exc:
        raise ConfigurationError(
            f"could not read the shared config file: {exc}"
        ) from exc
    return session


def _config_variable(session: Any, name: str) -> Any:
    try:
        return session.get_config_variable(name)
    except (BotoCoreError, ValueError) as exc:
        raise ConfigurationError(f"invalid setting {name}: {exc}") from exc


def _resolve_region(session: Any, region_name: str | None) -> str:
    region = (
        region_name if region_name is not None else _config_variable(session, "region")
    )
    if not region:
        raise ConfigurationError(
            "no region is set. Pass region_name, set AWS_DEFAULT_REGION, or set "
            "region in the profile of the shared config file"
        )
    try:
        validate_region_name(region)
    except InvalidRegionError as exc:
        raise ConfigurationError(
            f"invalid region {region!r}: a region is a host label such as us-west-2"
        ) from exc
    return str(region)


def _resolve_credentials(
    session: Any,
    access_key_id: str | None,
    secret_access_key: str | None,
    session_token: str | None,
) -> Any:
    if access_key_id is not None or secret_access_key is not None:
        if not access_key_id or not secret_access_key:
            raise ConfigurationError(
                "aws_access_key_id and aws_secret_access_key must be given together"
            )
        return Credentials(access_key_id, secret_access_key, session_token)
    if session_token is not None:
        raise ConfigurationError(
            "aws_session_token was given without aws_access_key_id and "
            "aws_secret_access_key. Pass all three or none"
        )

    try:
        credentials = session.get_credentials()
    except BotoCoreError as exc:
        raise ConfigurationError(f"could not load credentials: {exc}") from exc
    if credentials is None:
        raise ConfigurationError(
            "no credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
            "pass aws_access_key_id and aws_secret_access_key, or configure a "
            "profile in the shared config or credentials file"
        )
    return credentials


def resolve_endpoint(
    session: Any,
    *,
    service_name: str,
    endpoint_prefix: str,
    region_name: str,
    endpoint_url: str | None = None,
) -> ResolvedEndpoint:
    """Resolve the endpoint URL and the signing values of the service.

    A URL passed as ``endpoint_url`` wins. Otherwise a URL configured for the
    service or for all services is used, as botocore orders them: the
    ``AWS_ENDPOINT_URL_<SERVICE>`` then ``AWS_ENDPOINT_URL`` variables, then
    ``endpoint_url`` in the profile's services section and in the profile itself.
    ``AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`` or ``ignore_configured_endpoint_urls``
    turn the configured URLs off. The URL, or the region when no URL is set, then
    goes through the service's endpoint rule set, which applies partitions, FIPS
    and dual-stack settings.

    Raises:
        ConfigurationError: the URL is invalid, the rule set rejects the settings,
            or the service has no rule set and no URL is set.
    """
    given_url = endpoint_url
    if given_url is None:
        given_url = _configured_endpoint_url(session, service_name)

    rule_set = _load_rule_set(session, service_name)
    if rule_set is None:
        if given_url is None:
            raise ConfigurationError(
                f"no endpoint URL for {service_name!r}, whose endpoint prefix is "
                f"{endpoint_prefix!r}: botocore has no endpoint rule set for it, so "
                "pass endpoint_url or set AWS_ENDPOINT_URL"
            )
        return ResolvedEndpoint(url=_normalize_endpoint_url(given_url))

    ruleset_data, partition_data = rule_set
    return _evaluate_rule_set(
        session, service_name, ruleset_data, partition_data, region_name, given_url
    )


def _configured_endpoint_url(session: Any, service_name: str) -> str | None:
    if _config_variable(session, "ignore_configured_endpoint_urls"):
        logger.debug("configured endpoint URLs are ignored")
        return None
    try:
        provider = ConfiguredEndpointProvider(
            full_config=session.full_config,
            scoped_config=session.get_scoped_config(),
            client_name=service_name,
        )
        url = provider.provide()
    except BotoCoreError as exc:
        raise ConfigurationError(
            f"invalid endpoint_url configuration for {service_name!r}: {exc}"
        ) from exc
    return str(url) if url else None


def _load_rule_set(session: Any, service_name: str) -> tuple[Any, Any] | None:
    loader = session.get_component("data_loader")
    try:
        ruleset_data = loader.load_service_model(service_name, _RULE_SET_TYPE)
    except DataNotFoundError:
        logger.debug("botocore has no endpoint rule set for %r", service_name)
        return None
    return ruleset_data, loader.load_data("partitions")


def _evaluate_rule_set(
    session: Any,
    service_name: str,
    ruleset_data: Any,
    partition_data: Any,
    region_name: str,
    given_url: str | None,
) -> ResolvedEndpoint:
    # botocore turns FIPS and dual-stack off when a URL is given, because rule sets
    # reject a custom URL combined with either flag.
    use_variants = given_url is None
    builtin_values: dict[str, Any] = {
        "AWS::Region": region_name,
        "AWS::UseFIPS": use_variants
        and bool(_config_variable(session, "use_fips_endpoint")),
        "AWS::UseDualStack": use_variants
        and bool(_config_variable(session, "use_dualstack_endpoint")),
        "SDK::Endpoint": given_url,
    }

    # NOTE: only the builtins above are supplied. Parameters bound to operation
    # input or to client context are left to their defaults, because the endpoint
    # is resolved once per client and not per call.
    parameters: dict[str, Any] = {}
    for name, spec in ruleset_data.get("parameters", {}).items():
        value = builtin_values.get(spec.get("builtIn"))
        if value is not None:
            parameters[name] = value

    try:
        endpoint = EndpointProvider(ruleset_data, partition_data).resolve_endpoint(
            **parameters
        )
    except EndpointResolutionError as exc:
        raise ConfigurationError(
            f"could not resolve the endpoint of {service_name!r} in region "
            f"{region_name!r}: {exc}"
        ) from exc

    signing_name, signing_region = _sigv4_signing_values(
        service_name, endpoint.properties
    )
    return ResolvedEndpoint(
        url=_normalize_endpoint_url(endpoint.url),
        signing_name=signing_name,
        signing_region=signing_region,
    )


def _sigv4_signing_values(
    service_name: str, properties: dict[str, Any]
) -> tuple[str | None, str | None]:
    """Return the signing name and region that the endpoint's sigv4 scheme sets."""
    schemes = properties.get("authSchemes") or []
    for scheme in schemes:
        if scheme.get("name") == "sigv4":
            return scheme.get("signingName"), scheme.get("signingRegion")
    if schemes:
        names = ", ".join(str(scheme.get("name")) for scheme in schemes)
        raise ConfigurationError(
            f"the endpoint of {service_name!r} requires the auth schemes {names}, "
            "but only sigv4 is supported"
        )
    return None, None


def _normalize_endpoint_url(url: str) -> str:
    """Return ``url`` as ``scheme://host[:port][/base path]``."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading the port validates it
    except ValueError as exc:
        redacted_url = url.split("?", 1)[0]
        raise ConfigurationError(
            f"invalid endpoint URL {redacted_url!r}: {exc}"
        ) from exc

    # The URL is not repeated here because user information may hold a password.
    if parts.username is not None or parts.password is not None:
        raise ConfigurationError(
            "invalid endpoint URL: it must not contain user information"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            f"invalid endpoint URL {url!r}: it must start with http:// or https:// "
            "and name a host"
        )
    if parts.query or parts.fragment:
        # The query is left out of the message, because it may carry a secret.
        redacted_url = f"{parts.scheme}://{parts.netloc}{parts.path}"
        raise ConfigurationError(
            f"invalid endpoint URL {redacted_url!r}?...: it must not contain a "
            "query or a fragment"
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


@functools.cache
def _sdk_user_agent() -> str:
    # The distribution is named after the top-level package, with hyphens.
    distribution = __name__.split(".", 1)[0].replace("_", "-")
    try:
        version = importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return (
        f"{distribution}/{version} botocore/{botocore.__version__} "
        f"Python/{platform.python_version()}"
    )


def _user_agent(suffix: str | None) -> str:
    base = _sdk_user_agent()
    return f"{base} {suffix}" if suffix else base
