"""A platform the operator has not configured: every call says which settings it needs."""

from __future__ import annotations

from datetime import datetime

from scoring.channel_data import Account, ChannelData
from scoring.sources.base import FetchState
from scoring.sources.errors import NotConfigured


class UnconfiguredSource:
    """Stands in for a platform whose operator key is missing, naming what to set."""

    def __init__(self, platform: str, settings: str) -> None:
        self.platform = platform
        self.settings = settings

    def resolve(self, query: str) -> Account:
        raise NotConfigured(self.settings)

    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        raise NotConfigured(self.settings)
