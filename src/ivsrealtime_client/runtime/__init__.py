"""Service-agnostic runtime used by the generated client."""
