"""Fixtures: a started stand-in and a plain HTTP client for it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest_asyncio

from .client import RawClient
from .standin import BotAPIStandIn


@pytest_asyncio.fixture
async def api() -> AsyncIterator[BotAPIStandIn]:
    async with BotAPIStandIn() as standin:
        yield standin


@pytest_asyncio.fixture
async def tg(api: BotAPIStandIn) -> AsyncIterator[RawClient]:
    async with aiohttp.ClientSession() as session:
        yield RawClient(api, session)
