"""Model keys the loader accepts, by where they appear in a JSON model.

A key outside these sets fails generation, so that a feature the generator does
not support is never dropped silently.
"""

from __future__ import annotations

# Keys that only matter to the XML and query protocols or to documentation; they
# are accepted and have no effect on a JSON protocol.
IGNORED_KEYS = frozenset(
    {
        "documentation",
        "deprecated",
        "deprecatedMessage",
        "box",
        "flattened",
        "xmlNamespace",
        "xmlAttribute",
        "xmlOrder",
        "queryName",
        "wrapper",
        "synthetic",
        "retryable",
        "contextParam",
        "requiresLength",
        "tags",
        "awsQueryError",
    }
)
SHAPE_KEYS = IGNORED_KEYS | {
    "location",
    "locationName",
    "type",
    "members",
    "member",
    "key",
    "value",
    "required",
    "enum",
    "min",
    "max",
    "pattern",
    "sensitive",
    "error",
    "exception",
    "fault",
    "timestampFormat",
    "payload",
    "document",
    "union",
    "streaming",
    "sparse",
}
MEMBER_KEYS = IGNORED_KEYS | {
    "location",
    "locationName",
    "shape",
    "jsonvalue",
    "idempotencyToken",
    "hostLabel",
    "timestampFormat",
    "streaming",
}
OPERATION_KEYS = frozenset(
    {
        "name",
        "http",
        "input",
        "output",
        "errors",
        "documentation",
        "documentationUrl",
        "idempotent",
        "endpoint",
        "httpChecksumRequired",
        "httpChecksum",
        "requestcompression",
        "deprecated",
        "deprecatedMessage",
        "authtype",
        "auth",
        "alias",
        "endpointdiscovery",
        "staticContextParams",
        "operationContextParams",
        "unsignedPayload",
    }
)
REFERENCE_KEYS = frozenset({"shape", "payload", "locationName", "documentation"})
"""Keys of an operation's input or output reference; ``locationName`` is XML-only."""
