"""Verification of AWS Signature Version 4 on incoming requests.

The verifier recomputes the signature from the request as received, with
botocore's SigV4 signer, and compares it with the one in the Authorization
header. Error codes and messages are the ones AWS returns for the same faults.
Only the Authorization header form is supported, not presigned query strings.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote

from botocore.auth import SigV4Auth
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials

from .errors import ServiceError
from .http_types import HttpRequest

ALGORITHM = "AWS4-HMAC-SHA256"
MAX_CLOCK_SKEW = timedelta(minutes=15)
AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"

# AWS appends this namespace to the error type of faults found while
# authenticating a request; clients strip everything after the colon.
AUTH_ERROR_NAMESPACE = "http://internal.amazon.com/coral/com.amazon.coral.service/"

SIGNATURE_MISMATCH_MESSAGE = (
    "The request signature we calculated does not match the signature you "
    "provided. Check your AWS Secret Access Key and signing method. Consult the "
    "service documentation for details."
)


def _auth_error(code: str, message: str, status: int = 403) -> ServiceError:
    return ServiceError(code, message, status, type_suffix=AUTH_ERROR_NAMESPACE)


def missing_token() -> ServiceError:
    return _auth_error(
        "MissingAuthenticationTokenException", "Missing Authentication Token"
    )


def incomplete(message: str) -> ServiceError:
    # The AWS common errors reference gives IncompleteSignature status 400,
    # unlike the other authentication errors.
    return _auth_error("IncompleteSignatureException", message, 400)


def invalid(message: str = SIGNATURE_MISMATCH_MESSAGE) -> ServiceError:
    return _auth_error("InvalidSignatureException", message)


def unrecognized_client() -> ServiceError:
    return _auth_error(
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
    )


@dataclass(frozen=True)
class AuthorizationHeader:
    """The parts of a SigV4 Authorization header."""

    access_key_id: str
    scope_date: str
    scope_region: str
    scope_service: str
    scope_terminator: str
    signed_headers: tuple[str, ...]
    signature: str


def parse_authorization(value: str) -> AuthorizationHeader:
    """Split an Authorization header into its SigV4 parts.

    Raises:
        ServiceError: IncompleteSignatureException naming the missing part.
    """
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise incomplete(
            f"Unsupported authorization algorithm {algorithm!r}; sign requests "
            f"with {ALGORITHM}."
        )
    fields: dict[str, str] = {}
    for part in rest.split(","):
        key, _, field_value = part.strip().partition("=")
        fields[key] = field_value
    missing = [
        f"Authorization header requires '{name}' parameter."
        for name in ("Credential", "Signature", "SignedHeaders")
        if not fields.get(name)
    ]
    if missing:
        raise incomplete(" ".join(missing))
    scope = fields["Credential"].split("/")
    if len(scope) != 5 or not all(scope):
        raise incomplete(
            "Authorization header has an invalid Credential parameter. Expected "
            "<access key id>/<yyyymmdd>/<region>/<service>/aws4_request."
        )
    return AuthorizationHeader(
        access_key_id=scope[0],
        scope_date=scope[1],
        scope_region=scope[2],
        scope_service=scope[3],
        scope_terminator=scope[4],
        signed_headers=tuple(fields["SignedHeaders"].split(";")),
        signature=fields["Signature"],
    )


class _ReceivedRequestSigner(SigV4Auth):  # type: ignore[misc]
    # botocore leaves out headers such as User-Agent that it never signs itself.
    # Other clients may sign them, so the verifier signs exactly the headers
    # that the client listed and that the request carries.
    def headers_to_sign(self, request: Any) -> Any:
        header_map = HTTPHeaders()
        for name, value in request.headers.items():
            header_map[name.lower()] = value
        return header_map


class SignatureVerifier:
    """Check SigV4 signatures against the one key pair the emulator accepts."""

    def __init__(
        self,
        access_key_id: str,
        secret_access_key: str,
        region: str,
        service: str,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self._credentials = Credentials(access_key_id, secret_access_key)
        self._access_key_id = access_key_id
        self._region = region
        self._service = service
        self._now = now or (lambda: datetime.now(timezone.utc))

    def verify(self, request: HttpRequest) -> None:
        """Return if the request is signed by the emulator's key, else raise.

        Raises:
            ServiceError: MissingAuthenticationTokenException,
                UnrecognizedClientException or InvalidSignatureException with
                status 403, IncompleteSignatureException with status 400.
        """
        value = request.header("Authorization")
        if value is None:
            raise missing_token()
        authorization = parse_authorization(value)
        amz_timestamp, date_header = self._request_timestamp(request)
        if authorization.access_key_id != self._access_key_id:
            raise unrecognized_client()
        self._check_scope(authorization, amz_timestamp)
        self._check_clock_skew(amz_timestamp)
        self._check_signed_headers(authorization, date_header)
        self._check_payload_hash(request)

        expected = self._expected_signature(request, authorization, amz_timestamp)
        if not hmac.compare_digest(expected, authorization.signature):
            raise invalid()

    def _request_timestamp(self, request: HttpRequest) -> tuple[str, str]:
        amz_date = request.header("X-Amz-Date")
        if amz_date is not None:
            try:
                datetime.strptime(amz_date, AMZ_DATE_FORMAT)
            except ValueError:
                raise incomplete(
                    "X-Amz-Date must be in ISO 8601 basic format "
                    f"(yyyyMMddTHHmmssZ), got '{amz_date}'."
                ) from None
            return amz_date, "x-amz-date"
        date = request.header("Date")
        if date is None:
            raise incomplete(
                "Authorization header requires existence of either a 'X-Amz-Date' "
                "or a 'Date' header."
            )
        try:
            parsed = parsedate_to_datetime(date)
        except (TypeError, ValueError):
            raise incomplete(f"The Date header '{date}' is not an HTTP date.") from None
        utc = parsed.astimezone(timezone.utc) if parsed.tzinfo else parsed
        return utc.strftime(AMZ_DATE_FORMAT), "date"

    def _check_scope(self, authorization: AuthorizationHeader, timestamp: str) -> None:
        if authorization.scope_date != timestamp[:8]:
            raise invalid(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                f"version of date from HTTP: '{authorization.scope_date}' != "
                f"'{timestamp[:8]}', from '{timestamp}'."
            )
        if authorization.scope_region != self._region:
            raise invalid(
                "Credential should be scoped to a valid region, not "
                f"'{authorization.scope_region}'. "
            )
        if authorization.scope_service != self._service:
            raise invalid(
                f"Credential should be scoped to correct service: '{self._service}'. "
            )
        if authorization.scope_terminator != "aws4_request":
            raise invalid(
                "Credential should be scoped with a valid terminator: "
                f"'aws4_request', not '{authorization.scope_terminator}'. "
            )

    def _check_clock_skew(self, timestamp: str) -> None:
        signed_at = datetime.strptime(timestamp, AMZ_DATE_FORMAT).replace(
            tzinfo=timezone.utc
        )
        now = self._now()
        earliest = now - MAX_CLOCK_SKEW
        latest = now + MAX_CLOCK_SKEW
        if signed_at < earliest:
            raise invalid(
                f"Signature expired: {timestamp} is now earlier than "
                f"{earliest.strftime(AMZ_DATE_FORMAT)} "
                f"({now.strftime(AMZ_DATE_FORMAT)} - 15 min.)"
            )
        if signed_at > latest:
            raise invalid(
                f"Signature not yet current: {timestamp} is still later than "
                f"{latest.strftime(AMZ_DATE_FORMAT)} "
                f"({now.strftime(AMZ_DATE_FORMAT)} + 15 min.)"
            )

    def _check_signed_headers(
        self, authorization: AuthorizationHeader, date_header: str
    ) -> None:
        signed = authorization.signed_headers
        if "host" not in signed:
            raise invalid(
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS "
                "Authorization."
            )
        if date_header not in signed:
            raise invalid(
                f"'{date_header}' must be a 'SignedHeader' in the AWS Authorization."
            )

    def _check_payload_hash(self, request: HttpRequest) -> None:
        claimed = request.header("X-Amz-Content-SHA256")
        actual = hashlib.sha256(request.body).hexdigest()
        if claimed is not None and claimed != actual:
            raise invalid(
                "The provided 'x-amz-content-sha256' header does not match what "
                "was computed."
            )

    def _expected_signature(
        self, request: HttpRequest, authorization: AuthorizationHeader, timestamp: str
    ) -> str:
        # Imported here because building the request pulls in more of botocore
        # than the other checks need.
        from botocore.awsrequest import AWSRequest

        host = request.header("Host") or ""
        query = "&".join(
            f"{quote(key, safe='-_.~')}={quote(value, safe='-_.~')}"
            for key, value in request.query_params()
        )
        url = f"http://{host}{request.raw_path}" + (f"?{query}" if query else "")
        received = AWSRequest(method=request.method, url=url, data=request.body)
        for name in authorization.signed_headers:
            for value in request.header_values(name):
                received.headers[name] = value
        received.context["timestamp"] = timestamp

        signer = _ReceivedRequestSigner(self._credentials, self._service, self._region)
        canonical_request = signer.canonical_request(received)
        string_to_sign = signer.string_to_sign(received, canonical_request)
        return str(signer.signature(string_to_sign, received))
