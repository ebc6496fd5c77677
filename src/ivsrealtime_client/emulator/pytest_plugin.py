"""Pytest plugin that provides a running IVS Real-Time emulator as fixtures."""
