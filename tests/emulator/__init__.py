"""Tests of the local IVS Real-Time emulator."""
