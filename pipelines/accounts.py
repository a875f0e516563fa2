"""Several Toolyt accounts in one warehouse: a group of companies, a distributor network.

Each account is named under `[sources.toolyt]` and has a section of its own holding its
key, and any setting that differs from the shared ones above it:

    [sources.toolyt]                # .dlt/config.toml
    accounts = ["north", "south"]

    [sources.toolyt.north]          # .dlt/secrets.toml (env SOURCES__TOOLYT__NORTH__API_KEY)
    api_key = "..."

An account is a dlt pipeline of its own (`toolyt_north`), so it keeps its own state and
cursors, loading into its own dataset (`toolyt_north`). The transforms build its models
into `staging_north` and `marts_north`, and `marts` holds every account's marts together,
with an `account` column first. With no accounts named, the one account syncs into
`toolyt` and its marts into `marts`, without an `account` column.

Every named account must have its own key: dlt would otherwise fall back to the shared
`[sources.toolyt]` key, and two names would quietly copy the same account twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import dlt

from sources.toolyt.errors import ConfigError
from transforms.settings import MARTS_SCHEMA, RAW_SCHEMAS, STAGING_SCHEMA, account_schemas

SOURCE_SECTION = "sources.toolyt"
SOURCE_NAME = "toolyt"
PIPELINE_NAME = "toolyt"
DATASET = RAW_SCHEMAS[0]

# Account names become parts of schema and pipeline names: keep them plain.
ACCOUNT_NAME = re.compile(r"[a-z][a-z0-9_]{0,29}")


@dataclass(frozen=True)
class Account:
    """One Toolyt account and where it lives in the warehouse.

    Attributes:
        name: the account's name; None for the single unnamed account.
    """

    name: str | None = None

    @property
    def source_name(self) -> str:
        """The dlt source's name: it names the schema, keys the state and, below
        `sources.toolyt`, the configuration section."""
        return SOURCE_NAME if self.name is None else self.name

    @property
    def pipeline_name(self) -> str:
        return PIPELINE_NAME if self.name is None else f"{PIPELINE_NAME}_{self.name}"

    @property
    def dataset(self) -> str:
        """The schema of the account's raw tables."""
        return self.schemas.get(DATASET, DATASET)

    @property
    def marts_schema(self) -> str:
        """The schema of the account's own marts (for several, `marts` holds them all)."""
        return self.schemas.get(MARTS_SCHEMA, MARTS_SCHEMA)

    @property
    def staging_schema(self) -> str:
        return self.schemas.get(STAGING_SCHEMA, STAGING_SCHEMA)

    @property
    def schemas(self) -> dict[str, str]:
        """Where each schema the models name is for this account; empty for the unnamed."""
        return {} if self.name is None else account_schemas(self.name)

    @property
    def section(self) -> str:
        """The configuration section the account's own settings are in."""
        return SOURCE_SECTION if self.name is None else f"{SOURCE_SECTION}.{self.name}"

    @property
    def env_prefix(self) -> str:
        return self.section.upper().replace(".", "__")

    def describe(self, text: str) -> str:
        """`text` prefixed with the account's name, when it has one."""
        return text if self.name is None else f"account `{self.name}`: {text}"


UNNAMED = Account()


def configured_accounts(selected: list[str] | None = None) -> list[Account]:
    """The accounts to work on: those named in `selected`, else every configured one.

    Args:
        selected: account names given on the command line; None for all.

    Returns:
        The accounts in configuration order, or the unnamed account when none is
        configured.

    Raises:
        ConfigError: a name is malformed, named twice, or not configured.
    """
    names = read_account_names()
    if selected:
        unknown = [name for name in selected if name not in names]
        if unknown:
            configured = ", ".join(names) if names else "none"
            raise ConfigError(
                f"unknown account `{unknown[0]}`; configured in `accounts` under "
                f"[{SOURCE_SECTION}]: {configured}"
            )
        names = [name for name in names if name in selected]
    return [Account(name) for name in names] or [UNNAMED]


def read_account_names() -> list[str]:
    """The `accounts` setting, as a checked list of names (a TOML list or `a,b`)."""
    value: Any = dlt.config.get(f"{SOURCE_SECTION}.accounts")
    if value is None or value == "":
        return []
    names = [part.strip() for part in value.split(",")] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise ConfigError(
            f"`accounts` under [{SOURCE_SECTION}] must be a list of names, such as "
            f'["north", "south"]; got `{value!r}`'
        )
    for name in names:
        if not ACCOUNT_NAME.fullmatch(name):
            raise ConfigError(
                f"account name `{name}` must be lowercase letters, digits and `_`, starting "
                "with a letter, at most 30 characters"
            )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ConfigError(f"account `{repeated[0]}` is named twice in `accounts`")
    return names


def api_key_of(account: Account) -> str:
    """The account's API key, from its own section only.

    Raises:
        ConfigError: the account has no key of its own.
    """
    key = dlt.secrets.get(f"{account.section}.api_key", str)
    if not key:
        raise ConfigError(
            account.describe(
                f"no API key: set `api_key` under [{account.section}] in .dlt/secrets.toml "
                f"or the environment variable {account.env_prefix}__API_KEY"
            )
        )
    return key


def check_own_keys(accounts: list[Account]) -> None:
    """Refuse named accounts that lack a key of their own or share one.

    Raises:
        ConfigError: naming the account and where its key goes.
    """
    if accounts == [UNNAMED]:
        return
    owners: dict[str, str] = {}
    for account in accounts:
        key = api_key_of(account)
        if key in owners:
            raise ConfigError(
                f"accounts `{owners[key]}` and `{account.name}` have the same API key: "
                "each account needs its own, or they would copy the same data twice"
            )
        owners[key] = account.name or ""


def report_account(name: str | None) -> Account:
    """The account a report is about: the one named, or the only one configured.

    Raises:
        ConfigError: several accounts are configured and none is named, or the name is
            not configured.
    """
    if name is not None:
        return configured_accounts([name])[0]
    accounts = configured_accounts()
    if len(accounts) > 1:
        names = ", ".join(account.name or "" for account in accounts)
        raise ConfigError(f"several accounts are configured; name one with --account ({names})")
    return accounts[0]
