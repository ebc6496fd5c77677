"""Typed client for the Amazon IVS Real-Time API."""
