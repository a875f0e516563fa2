"""Two Toolyt accounts, two fake servers, one warehouse: own keys, own state, shared marts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from pipelines.accounts import Account, configured_accounts
from pipelines.cli import main
from pipelines.report import write_report
from pipelines.status import status
from pipelines.sync import SyncOptions, sync_accounts
from pipelines.transform import transform
from sources.toolyt.errors import ConfigError
from tests.conftest import FAKE_NOW, START_DATE
from tests.truth import query
from toolyt_fake import FakeToolyt

ACCOUNTS = ("north", "south")
KEYS = {"north": "north-key-7a1c", "south": "south-key-3e9d"}
SEEDS = {"north": 7, "south": 8}


@dataclass
class Group:
    """The fakes of a group of two accounts and the warehouse they sync into."""

    fakes: dict[str, FakeToolyt]
    warehouse: Path
    monkeypatch: pytest.MonkeyPatch

    def sync(self, accounts: list[str] | None = None) -> None:
        """Sync the accounts at their fakes' clocks, configured only through the environment."""
        for name, fake in self.fakes.items():
            self.monkeypatch.setenv(f"SOURCES__TOOLYT__{name.upper()}__NOW", fake.now)
        sync_accounts(SyncOptions(duckdb=self.warehouse), configured_accounts(accounts))


@pytest.fixture
def group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Group]:
    """Two fake accounts of different data, configured the dlt way through the environment."""
    with (
        FakeToolyt(seed=SEEDS["north"], scale=1, api_key=KEYS["north"], now=FAKE_NOW) as north,
        FakeToolyt(seed=SEEDS["south"], scale=1, api_key=KEYS["south"], now=FAKE_NOW) as south,
    ):
        fakes = {"north": north, "south": south}
        monkeypatch.setenv("SOURCES__TOOLYT__ACCOUNTS", ",".join(ACCOUNTS))
        monkeypatch.setenv("SOURCES__TOOLYT__START_DATE", START_DATE)
        for name, fake in fakes.items():
            monkeypatch.setenv(f"SOURCES__TOOLYT__{name.upper()}__API_KEY", KEYS[name])
            monkeypatch.setenv(f"SOURCES__TOOLYT__{name.upper()}__BASE_URL", fake.url)
        yield Group(fakes, tmp_path / "warehouse.duckdb", monkeypatch)


def funnel_of(truth: dict) -> dict[date, tuple[int, int, int, int]]:
    """leads_created, open_leads, converted and lost per IST cohort month of the truth."""
    counts: dict[date, Counter] = defaultdict(Counter)
    for stage, table, created in (
        ("open", "leads", "assigned_date"),
        ("converted", "customers", "created_date"),
        ("lost", "lost_leads", "created_date"),
    ):
        for prospect in truth[table]:
            counts[date.fromisoformat(prospect[created][:8] + "01")][stage] += 1
    return {
        month: (sum(c.values()), c["open"], c["converted"], c["lost"])
        for month, c in counts.items()
    }


def cursor_of(warehouse: Path, account: str) -> str:
    from dlt.common.versioned_state import decompress_state

    (state,) = query(
        warehouse,
        f"select state from toolyt_{account}._dlt_pipeline_state"
        f" where pipeline_name = 'toolyt_{account}' order by version desc limit 1",
    )[0]
    resources = decompress_state(state)["sources"][account]["resources"]
    return resources["leads_pages"]["cursor"]


def test_each_account_loads_its_own_dataset(group):
    group.sync()

    for name, fake in group.fakes.items():
        truth = fake.truth()
        for table, key in (("leads", "lead_id"), ("customers", "customer_id")):
            loaded = query(group.warehouse, f"select {key}, full_name from toolyt_{name}.{table}")
            assert sorted(loaded) == sorted((row[key], row["full_name"]) for row in truth[table])
        (company,) = query(group.warehouse, f"select company_name from toolyt_{name}.company")
        assert company == (truth["company"]["company_name"],)
    north, south = (
        set(query(group.warehouse, f"select lead_id, full_name from toolyt_{name}.leads"))
        for name in ACCOUNTS
    )
    assert north != south


def test_marts_carry_the_account_and_match_each_api(group):
    group.sync()
    built = transform(group.warehouse, date(2026, 6, 1))

    assert "marts.lead_funnel" in {model.name for model in built.models}
    rows = query(
        group.warehouse,
        "select account, cohort_month, leads_created, open_leads, converted, lost"
        " from marts.lead_funnel",
    )
    for name, fake in group.fakes.items():
        funnel = {row[1]: row[2:] for row in rows if row[0] == name}
        assert funnel == funnel_of(fake.truth()), name
    assert {row[0] for row in rows} == set(ACCOUNTS)

    balances = query(
        group.warehouse,
        "select account, sum(balance) from marts.customer_balances group by 1 order by 1",
    )
    own = [
        (name, query(group.warehouse, f"select sum(balance) from marts_{name}.customer_balances"))
        for name in sorted(ACCOUNTS)
    ]
    assert balances == [(name, rows[0][0]) for name, rows in own]


def test_each_account_keeps_its_own_cursor(group):
    group.sync()
    group.fakes["north"].advance(days=2)
    group.sync(["north"])

    assert cursor_of(group.warehouse, "north") == group.fakes["north"].now
    assert cursor_of(group.warehouse, "south") == FAKE_NOW
    north = {row[0] for row in query(group.warehouse, "select lead_id from toolyt_north.leads")}
    assert north == {lead["lead_id"] for lead in group.fakes["north"].truth()["leads"]}


def test_account_without_its_own_key_is_refused(group):
    group.monkeypatch.delenv("SOURCES__TOOLYT__SOUTH__API_KEY")
    group.monkeypatch.setenv("SOURCES__TOOLYT__API_KEY", KEYS["north"])

    with pytest.raises(ConfigError, match=r"account `south`.*\[sources\.toolyt\.south\]"):
        group.sync()
    assert not group.warehouse.exists() or not query(
        group.warehouse,
        "select * from information_schema.tables where table_schema like 'toolyt%'",
    )


def test_accounts_sharing_a_key_are_refused(group):
    group.monkeypatch.setenv("SOURCES__TOOLYT__SOUTH__API_KEY", KEYS["north"])

    with pytest.raises(ConfigError, match="`north` and `south` have the same API key"):
        group.sync()


def test_unknown_account_exits_2_listing_the_configured(group, capsys):
    code = main(["sync", "--duckdb", str(group.warehouse), "--accounts", "east"])

    assert code == 2
    err = capsys.readouterr().err
    assert "unknown account `east`" in err and "north, south" in err


def test_status_and_report_are_per_account(group, tmp_path, capsys):
    group.sync()

    for name in ACCOUNTS:
        result = status(group.warehouse, account=Account(name))
        assert result.exit_code == 0, result.lines()
        leads = next(item for item in result.resources if item.resource == "leads")
        assert leads.rows == len(group.fakes[name].truth()["leads"])

    assert main(["status", "--duckdb", str(group.warehouse)]) == 0
    out = capsys.readouterr().out
    assert "account north:" in out and "account south:" in out

    report = write_report(
        group.warehouse, tmp_path / "south.html", date(2026, 6, 1), Account("south")
    )
    truth = group.fakes["south"].truth()
    expected = funnel_of(truth)
    assert report.company == truth["company"]["company_name"]
    assert report.funnel
    for month in report.funnel:
        assert month.created == expected[month.cohort_month][0]

    unnamed = ["report", "--duckdb", str(group.warehouse), "--out", str(tmp_path / "r.html")]
    assert main(unnamed) == 2
    assert "name one with --account" in capsys.readouterr().err
