"""`toolyt-sync check`: one cheap request that tells whether the key and URL work."""

from __future__ import annotations

import dlt

from sources.toolyt.client import ToolytClient
from sources.toolyt.errors import ConfigError
from sources.toolyt.settings import COMPANY_PATH, DEFAULT_BASE_URL


def check(base_url: str | None = None) -> str:
    """Ask Toolyt for the company's details with the configured key.

    Returns:
        A line naming the URL and the company the key belongs to.

    Raises:
        ConfigError: no key is configured.
        AuthError: Toolyt rejected the key.
        ApiError: the URL does not answer like Toolyt.
    """
    api_key = dlt.secrets.get("sources.toolyt.api_key", str)
    if not api_key:
        raise ConfigError(
            "no API key: set `api_key` under [sources.toolyt] in .dlt/secrets.toml "
            "or the environment variable SOURCES__TOOLYT__API_KEY"
        )
    url = base_url or dlt.config.get("sources.toolyt.base_url", str) or DEFAULT_BASE_URL
    client = ToolytClient(url, api_key, max_attempts=2, timeout_s=15)
    try:
        body = client.call(COMPANY_PATH, label="check")
    finally:
        client.close()
    company = (body.get("company") or {}).get("company_name") or "(unnamed)"
    return f"OK: {url} accepted the key (company: {company})"
