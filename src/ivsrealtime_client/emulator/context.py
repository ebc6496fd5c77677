"""The state and settings that the operation handlers share."""

from __future__ import annotations

from dataclasses import dataclass

from .identifiers import Clock
from .store import Store

# Defaults of the adjustable quotas, from the "IVS Service Quotas | Real-Time
# Streaming" page of the Amazon IVS user guide: 100 stages per region, 12
# publishers and 10,000 subscribers per stage.
DEFAULT_STAGE_QUOTA = 100
DEFAULT_PUBLISHER_QUOTA = 12
DEFAULT_SUBSCRIBER_QUOTA = 10_000


@dataclass(frozen=True)
class ServiceSettings:
    """Region, account id and quotas of the emulated account."""

    region: str = "us-east-1"
    account_id: str = "123456789012"
    stage_quota: int = DEFAULT_STAGE_QUOTA
    publisher_quota: int = DEFAULT_PUBLISHER_QUOTA
    subscriber_quota: int = DEFAULT_SUBSCRIBER_QUOTA


class ServiceContext:
    """Everything an operation handler needs: storage, clock, settings and keys."""

    def __init__(self, store: Store, clock: Clock, settings: ServiceSettings) -> None:
        self.store = store
        self.clock = clock
        self.settings = settings
        self.participant_token_key = store.secret("participant-token-key")
        self.page_token_key = store.secret("page-token-key")
