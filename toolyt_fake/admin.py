"""The admin API under /__admin/: clock, ground truth, stats, faults and schema drift.

It needs no key, answers loopback clients only, and its calls are not counted in the stats.

    GET    /__admin/clock          {"now": "2026-06-01 10:00:00"}
    POST   /__admin/advance        {"days": 2} -> {"now": ...}
    GET    /__admin/truth          what every endpoint would answer now
    GET    /__admin/stats          {"requests": {"get-leads": 12, ...}, "total": N}
    DELETE /__admin/stats          reset the counts
    GET    /__admin/faults         the faults in force, with how often each rule fired
    PUT    /__admin/faults         replace them (see `toolyt_fake.faults`)
    DELETE /__admin/faults         clear them
    POST   /__admin/custom-field   {"entity": "leads", "key": "no_of_beds", "value": "7"}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from toolyt_fake.routes import Reply, error_body
from toolyt_fake.settings import ADMIN_PREFIX

if TYPE_CHECKING:
    from toolyt_fake.server import FakeToolyt

AdminHandler = Callable[["FakeToolyt", Any], Any]


def answer_admin(fake: FakeToolyt, method: str, path: str, body: bytes) -> Reply:
    name = path[len(ADMIN_PREFIX) :].strip("/")
    handlers = ADMIN_ROUTES.get(name)
    if handlers is None:
        return _error(404, f"No admin endpoint `{path}`; try {', '.join(ADMIN_ROUTES)}")
    handler = handlers.get(method)
    if handler is None:
        reply = _error(405, f"`{path}` takes {', '.join(handlers)}, not {method}")
        reply.headers["Allow"] = ", ".join(handlers)
        return reply
    try:
        data = json.loads(body) if body.strip() else {}
        result = handler(fake, data)
    except (ValueError, TypeError, KeyError) as error:
        return _error(400, f"Bad admin call to `{path}`: {error}")
    return Reply(200, json.dumps(result, ensure_ascii=False).encode())


def _error(status: int, message: str) -> Reply:
    return Reply(status, error_body(status, message))


def _clock(fake: FakeToolyt, data: Any) -> dict[str, str]:
    return {"now": fake.now}


def _advance(fake: FakeToolyt, data: Any) -> dict[str, str]:
    days = data.get("days", 1)
    if isinstance(days, bool) or not isinstance(days, int):
        raise ValueError(f"`days` must be a whole number; got `{days}`")
    return {"now": fake.advance(days)}


def _custom_field(fake: FakeToolyt, data: Any) -> dict[str, Any]:
    fake.add_custom_field(str(data["entity"]), str(data["key"]), data.get("value", ""))
    return {"entity": data["entity"], "key": data["key"], "value": data.get("value", "")}


def _set_faults(fake: FakeToolyt, data: Any) -> dict[str, Any]:
    fake.set_faults(data)
    return fake.faults.as_json()


def _clear_faults(fake: FakeToolyt, data: Any) -> dict[str, Any]:
    fake.clear_faults()
    return fake.faults.as_json()


def _reset_stats(fake: FakeToolyt, data: Any) -> dict[str, Any]:
    fake.reset_stats()
    return fake.stats()


ADMIN_ROUTES: dict[str, dict[str, AdminHandler]] = {
    "clock": {"GET": _clock},
    "advance": {"POST": _advance},
    "truth": {"GET": lambda fake, data: fake.truth()},
    "stats": {"GET": lambda fake, data: fake.stats(), "DELETE": _reset_stats},
    "faults": {
        "GET": lambda fake, data: fake.faults.as_json(),
        "PUT": _set_faults,
        "DELETE": _clear_faults,
    },
    "custom-field": {"POST": _custom_field},
}
