"""Run the emulator with ``python -m ivsrealtime_client.emulator``."""

import sys

from .cli import main

sys.exit(main())
