"""`toolyt-sync check`: one cheap request that tells whether the key and URL work."""

from __future__ import annotations

import dlt

from sources.toolyt.client import ToolytClient
from sources.toolyt.errors import ConfigError
from sources.toolyt.settings import COMPANY_PATH, DEFAULT_BASE_URL

from .accounts import SOURCE_SECTION, UNNAMED, Account, api_key_of


def check(base_url: str | None = None, account: Account = UNNAMED) -> str:
    """Ask Toolyt for the company's details with the account's configured key.

    Returns:
        A line naming the URL and the company the key belongs to.

    Raises:
        ConfigError: no key is configured.
        AuthError: Toolyt rejected the key.
        ApiError: the URL does not answer like Toolyt.
    """
    if account.name is None:
        api_key = dlt.secrets.get(f"{account.section}.api_key", str)
        if not api_key:
            raise ConfigError(
                "no API key: set `api_key` under [sources.toolyt] in .dlt/secrets.toml "
                "or the environment variable SOURCES__TOOLYT__API_KEY"
            )
    else:
        api_key = api_key_of(account)
    url = (
        base_url
        or dlt.config.get(f"{account.section}.base_url", str)
        or dlt.config.get(f"{SOURCE_SECTION}.base_url", str)
        or DEFAULT_BASE_URL
    )
    client = ToolytClient(url, api_key, max_attempts=2, timeout_s=15)
    try:
        body = client.call(COMPANY_PATH, label="check")
    finally:
        client.close()
    company = (body.get("company") or {}).get("company_name") or "(unnamed)"
    return f"OK: {url} accepted the key (company: {company})"
