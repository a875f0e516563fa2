"""The fake CRM's state: every record, the sorted indexes the lists page through, a clock that
moves by whole days, and the rendered JSON each record answers with.

A World is deterministic from (seed, scale, start clock) and the calls made on it: advancing
two days equals advancing one day twice. All access goes through one re-entrant lock, so the
HTTP server's threads can share it.
"""

from __future__ import annotations

import json
import random
import threading
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterator
from typing import Any

from toolyt_fake import activity, shapes
from toolyt_fake.clock import format_datetime, parse_datetime
from toolyt_fake.records import FormField, Prospect, initial_form
from toolyt_fake.settings import (
    DEFAULT_NOW,
    DEFAULT_SCALE,
    DEFAULT_SEED,
    DETAIL_LISTS,
    FIRST_IDS,
    LIST_KINDS,
)

_LAST_ID = 1 << 62
CUSTOM_FIELD_ENTITIES = ("leads", "customers", "lost_leads", "products")
# Where a drift "move" sends a record already served from each prospect list.
DRIFT_MOVES = {"leads": "customers", "customers": "lost_leads", "lost_leads": "leads"}


class SortedIndex:
    """(created, id) pairs in ascending order: the stable order every Toolyt list pages in."""

    __slots__ = ("keys",)

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, created: int, record_id: int) -> None:
        key = (created, record_id)
        if not self.keys or key > self.keys[-1]:
            self.keys.append(key)
        else:
            insort(self.keys, key)

    def remove(self, created: int, record_id: int) -> None:
        del self.keys[bisect_left(self.keys, (created, record_id))]

    def span(self, lo: int | None, hi: int | None) -> tuple[int, int]:
        """Positions of the keys created within [lo, hi], both ends inclusive."""
        start = 0 if lo is None else bisect_left(self.keys, (lo, -1))
        end = len(self.keys) if hi is None else bisect_right(self.keys, (hi, _LAST_ID))
        return start, max(start, end)


class World:
    """Every record of one fake Toolyt account, and the account's clock.

    Args:
        seed: Seeds every random draw; the same seed gives the same account.
        scale: Multiplies the number of records (users grow with its square root).
        now: The clock, a naive IST `yyyy-mm-dd hh:mm:ss` string.
    """

    def __init__(
        self, seed: int = DEFAULT_SEED, scale: float = DEFAULT_SCALE, now: str | None = None
    ) -> None:
        self.lock = threading.RLock()
        self.seed = seed
        self.scale = scale
        self.clock = parse_datetime(now or DEFAULT_NOW)
        self.origin = self.clock
        self.days_lived = 0

        self.records: dict[str, dict[int, Any]] = {kind: {} for kind in FIRST_IDS}
        self.indexes = {name: SortedIndex() for name in LIST_KINDS}
        self.all_prospects = SortedIndex()
        self.next_ids = dict(FIRST_IDS)
        self.form: list[FormField] = initial_form()
        self.extra_fields: dict[str, dict[str, str]] = {}

        # Work life still owes: visits whose schedule has not come, visits checked in but not
        # out, sign-ins whose sign-out lies after the clock.
        self.pending_visits: list[int] = []
        self.pending_checkouts: list[int] = []
        self.pending_signouts: list[int] = []
        self.attendance_keys: set[tuple[int, int]] = set()
        self.drift_count = 0

        self.memo: dict[tuple[str, int], Any] = {}
        self._rows: dict[tuple[str, int], bytes] = {}
        self._details: dict[tuple[str, int], bytes] = {}
        self._contacts: dict[str, list[int]] | None = None

        activity.populate(self)

    # --- clock -------------------------------------------------------------------------------

    @property
    def now(self) -> str:
        return format_datetime(self.clock)

    def advance(self, days: int = 1) -> str:
        """Live `days` whole days: new records of every kind and changes to old ones.

        Returns:
            The new clock.
        """
        if days < 0:
            raise ValueError(f"`days` must be 0 or more; got `{days}`")
        with self.lock:
            for _ in range(days):
                activity.live_day(self, self.days_lived + 1)
                self.days_lived += 1
            return self.now

    # --- records -----------------------------------------------------------------------------

    def rng(self, *parts: object) -> random.Random:
        """A random stream that depends only on the seed and `parts`."""
        return random.Random(":".join(map(str, (self.seed, *parts))))

    def new_id(self, kind: str, rng: random.Random) -> int:
        record_id = self.next_ids[kind]
        # Deleted rows leave gaps in Toolyt's ids.
        gap = rng.random()
        self.next_ids[kind] = record_id + 1 + (int(gap * 30) + 1 if gap < 0.1 else 0)
        return record_id

    def add(self, kind: str, record: Any) -> None:
        self.records[kind][record.id] = record
        if kind == "prospects":
            self.indexes[record.stage].add(record.created, record.id)
            self.all_prospects.add(record.created, record.id)
            self._contacts = None
        else:
            self.indexes[kind].add(record.created, record.id)

    def move(self, prospect: Prospect, stage: str, lead_status: str) -> None:
        """Move a prospect to another stage: it leaves one list, keeping its id and creation."""
        self.indexes[prospect.stage].remove(prospect.created, prospect.id)
        self.indexes[stage].add(prospect.created, prospect.id)
        prospect.stage = stage
        prospect.lead_status = lead_status
        self.touch("prospects", prospect.id)

    def touch(self, kind: str, record_id: int) -> None:
        """Forget a record's rendered JSON after it changed."""
        for name, list_kind in LIST_KINDS.items():
            if list_kind == kind:
                self._rows.pop((name, record_id), None)
                self._details.pop((name, record_id), None)

    def forget_details(self, names: tuple[str, ...]) -> None:
        """Forget the rendered details of whole lists, after a change to all of them."""
        self._details = {key: value for key, value in self._details.items() if key[0] not in names}

    def ids_in(self, name: str, lo: int | None = None, hi: int | None = None) -> list[int]:
        index = self.indexes[name]
        start, end = index.span(lo, hi)
        return [record_id for _, record_id in index.keys[start:end]]

    def pick_user(self, rng: random.Random, at: int) -> int:
        """A user who had joined by `at`."""
        index = self.indexes["users"]
        _, end = index.span(None, at)
        return index.keys[int(rng.random() * (end or len(index)))][1]

    def pick_prospect(self, rng: random.Random, at: int, stage: str | None = None) -> int:
        """A prospect that existed at `at`, preferring the given stage when it has one."""
        for index in ([self.indexes[stage]] if stage else []) + [self.all_prospects]:
            _, end = index.span(None, at)
            if end:
                return index.keys[int(rng.random() * end)][1]
        return self.all_prospects.keys[0][1]

    def pick_products(self, rng: random.Random, at: int, count: int) -> list[int]:
        """Up to `count` different products that were in the catalogue at `at`."""
        keys = self.indexes["products"].keys
        _, end = self.indexes["products"].span(None, at)
        chosen = rng.sample(range(end or len(keys)), min(count, end or len(keys)))
        return [keys[position][1] for position in chosen]

    # --- reading -----------------------------------------------------------------------------

    def page(
        self,
        name: str,
        page: int,
        size: int,
        lo: int | None = None,
        hi: int | None = None,
        keep: Callable[[Any], bool] | None = None,
    ) -> tuple[int, list[int]]:
        """The total of a list within [lo, hi] and the ids on one page of it."""
        with self.lock:
            index = self.indexes[name]
            start, end = index.span(lo, hi)
            if keep is None:
                first = start + (page - 1) * size
                keys = index.keys[first : min(end, first + size)]
                return end - start, [record_id for _, record_id in keys]
            records = self.records[LIST_KINDS[name]]
            ids = [key[1] for key in index.keys[start:end] if keep(records[key[1]])]
            return len(ids), ids[(page - 1) * size : page * size]

    def row_json(self, name: str, record_id: int) -> bytes:
        key = (name, record_id)
        cached = self._rows.get(key)
        if cached is None:
            with self.lock:
                record = self.records[LIST_KINDS[name]][record_id]
                cached = self._rows[key] = _dump(shapes.ROWS[name](self, record))
        return cached

    def detail_json(self, name: str, record_id: int) -> bytes | None:
        """The detail object of a record in list `name`, or None if that list lacks it."""
        key = (name, record_id)
        cached = self._details.get(key)
        if cached is None:
            with self.lock:
                record = self.records[LIST_KINDS[name]].get(record_id)
                if record is None or getattr(record, "stage", name) != name:
                    return None
                cached = self._details[key] = _dump(shapes.DETAILS[name](self, record))
        return cached

    def search(self, stage: str, email: str | None, phone: str | None) -> list[int]:
        """Ids of prospects in `stage` whose email, or any of whose phones, match exactly."""
        with self.lock:
            if self._contacts is None:
                self._contacts = {}
                for prospect in self.records["prospects"].values():
                    for contact in shapes.prospect_contacts(self, prospect):
                        self._contacts.setdefault(contact, []).append(prospect.id)
            found: set[int] = set()
            if email:
                found.update(self._contacts.get(email.strip().lower(), ()))
            if phone:
                found.update(self._contacts.get(phone.strip(), ()))
            prospects = self.records["prospects"]
            matches = [prospects[i] for i in found if prospects[i].stage == stage]
            return [p.id for p in sorted(matches, key=lambda p: (p.created, p.id))]

    def company(self) -> dict[str, Any]:
        with self.lock:
            return shapes.company(self)

    def customer_form(self) -> list[dict[str, Any]]:
        with self.lock:
            return shapes.customer_form(self)

    def visible_form(self, name: str) -> Iterator[FormField]:
        """The custom fields a detail of list `name` shows. Toolyt's documented lost-lead
        detail carries the customer fields, so lost leads show those too."""
        audience = "lead" if name == "leads" else "customer"
        for form_field in self.form:
            if form_field.applies_to in (audience, "both"):
                yield form_field

    # --- admin -------------------------------------------------------------------------------

    def add_custom_field(self, entity: str, key: str, value: str) -> None:
        """Add `key: value` to every detail of `entity` (leads, customers, lost_leads,
        products), to test schema drift."""
        if entity not in CUSTOM_FIELD_ENTITIES:
            raise ValueError(f"`entity` must be one of {', '.join(CUSTOM_FIELD_ENTITIES)}")
        with self.lock:
            self.extra_fields.setdefault(entity, {})[key] = value
            self.forget_details((entity,))

    def drift(self, effect: str, name: str, lo: int | None, hi: int | None) -> None:
        """Change list `name` while a client pages through its window [lo, hi], having read
        its first page at least. `insert` adds a record that sorts before the rows served,
        `move` sends the first row served to another stage (prospect lists only)."""
        with self.lock:
            index = self.indexes[name]
            start, end = index.span(lo, hi)
            if start == end:
                return
            first_created, first_id = index.keys[start]
            self.drift_count += 1
            rng = self.rng("drift", self.drift_count)
            if effect == "insert":
                created = first_created - 1 if lo is None or first_created > lo else lo
                activity.create(self, name, rng, created)
            elif effect == "move" and name in DRIFT_MOVES:
                prospect = self.records["prospects"][first_id]
                target = DRIFT_MOVES[name]
                activity.restage(self, rng, prospect, target)

    def truth(self) -> dict[str, Any]:
        """What every endpoint would answer now, as the API's JSON would decode."""
        with self.lock:
            lists = {
                name: [json.loads(self.row_json(name, i)) for i in self.ids_in(name)]
                for name in LIST_KINDS
            }
            details = {
                name: [json.loads(self.detail_json(name, i) or b"null") for i in self.ids_in(name)]
                for name in DETAIL_LISTS
            }
            return {
                "now": self.now,
                "company": self.company(),
                "customer_form": self.customer_form(),
                **details,
                "visits": lists["visits"],
                "orders": lists["orders"],
                "attendance": lists["attendance"],
                "lists": lists,
            }


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
