"""Code generator: JSON service model to a typed Python client package."""
