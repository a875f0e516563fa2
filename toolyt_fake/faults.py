"""Faults the fake injects, as set by `PUT /__admin/faults`.

The configuration is `{"latency_ms": 40, "rules": [rule, ...]}`. Latency is slept in the
handler's own thread before every API call, so concurrent calls overlap as they would over a
slow network. A rule names the endpoint it `match`es (`"get-lead-details"`, or `"*"`), how many
times it fires (`count`, default 1, 0 for unlimited), optionally `every` Nth matching call, and
exactly one effect:

- `"status": 500` (or 429, 502, 503, 504...): that HTTP status in Toolyt's error envelope, with
  a `Retry-After` header when `"retry_after"` seconds are given;
- `"error_body": true`: HTTP 200 carrying `{"status": 500, "error": true, ...}`;
- `"truncate": true`: the real answer cut in half, with a matching Content-Length;
- `"disconnect": true`: the connection closed without an answer;
- `"delay_ms": N`: the real answer, N ms late;
- `"drift": "insert" | "move"` with `"after_page": P`: once page P of a list was served, a
  record is inserted that sorts before the rows served, or (prospect lists only) the first row
  served moves to another stage, so that later pages shift.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

EFFECTS = ("status", "error_body", "truncate", "disconnect", "delay_ms", "drift")
DRIFTS = ("insert", "move")
RULE_KEYS = {"match", "count", "every", "retry_after", "after_page", *EFFECTS}


@dataclass
class FaultRule:
    match: str
    effect: str
    count: int = 1
    every: int | None = None
    status: int = 500
    retry_after: float | None = None
    delay_ms: float = 0
    drift: str = ""
    after_page: int = 1
    seen: int = 0
    fired: int = 0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FaultRule:
        """Read one rule; ValueError names what is wrong with it."""
        if not isinstance(data, dict):
            raise ValueError("each rule must be a JSON object")
        unknown = set(data) - RULE_KEYS
        if unknown:
            raise ValueError(f"unknown rule fields: {', '.join(sorted(unknown))}")
        effects = [name for name in EFFECTS if data.get(name) not in (None, False)]
        if len(effects) != 1:
            raise ValueError(f"a rule needs exactly one of {', '.join(EFFECTS)}; got {effects}")
        rule = cls(match=str(data.get("match", "*")), effect=effects[0])
        rule.count = _number(data, "count", 1, minimum=0)
        rule.every = _number(data, "every", None, minimum=1)
        rule.after_page = _number(data, "after_page", 1, minimum=1)
        if rule.effect == "status":
            rule.status = _number(data, "status", 500, minimum=400)
            if rule.status > 599:
                raise ValueError("`status` must be an HTTP error status, 400 to 599")
            retry_after = data.get("retry_after")
            rule.retry_after = None if retry_after is None else float(retry_after)
        elif rule.effect == "delay_ms":
            rule.delay_ms = float(data["delay_ms"])
        elif rule.effect == "drift":
            rule.drift = str(data["drift"])
            if rule.drift not in DRIFTS:
                raise ValueError(f"`drift` must be one of {', '.join(DRIFTS)}")
        return rule

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"match": self.match, "count": self.count}
        if self.every:
            data["every"] = self.every
        value = {"status": self.status, "delay_ms": self.delay_ms, "drift": self.drift}
        data[self.effect] = value.get(self.effect, True)
        if self.effect == "status" and self.retry_after is not None:
            data["retry_after"] = self.retry_after
        if self.effect == "drift":
            data["after_page"] = self.after_page
        return {**data, "seen": self.seen, "fired": self.fired}


def _number(data: dict[str, Any], key: str, default: Any, minimum: int) -> Any:
    value = data.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"`{key}` must be a whole number of at least {minimum}; got `{value}`")
    return value


class FaultPlan:
    """The faults in force; shared by the server's threads."""

    def __init__(self, latency_ms: float = 0) -> None:
        self._lock = threading.Lock()
        self.latency_ms = float(latency_ms)
        self.rules: list[FaultRule] = []

    def replace(self, config: dict[str, Any]) -> None:
        """Put a new configuration in force; ValueError if it is malformed."""
        if not isinstance(config, dict):
            raise ValueError("the fault configuration must be a JSON object")
        latency = config.get("latency_ms", 0)
        if isinstance(latency, bool) or not isinstance(latency, int | float) or latency < 0:
            raise ValueError(f"`latency_ms` must be a number of 0 or more; got `{latency}`")
        rules = [FaultRule.from_json(rule) for rule in config.get("rules", [])]
        with self._lock:
            self.latency_ms = float(latency)
            self.rules = rules

    def clear(self) -> None:
        with self._lock:
            self.latency_ms = 0.0
            self.rules = []

    def as_json(self) -> dict[str, Any]:
        with self._lock:
            return {"latency_ms": self.latency_ms, "rules": [r.as_json() for r in self.rules]}

    def pick(self, endpoint: str, page: int | None = None, drift: bool = False) -> FaultRule | None:
        """The rule that fires on this call, if any. Drift rules are picked apart, after a
        list page was served, and only on the page they wait for."""
        chosen = None
        with self._lock:
            for rule in self.rules:
                if (rule.effect == "drift") != drift or rule.match not in ("*", endpoint):
                    continue
                if drift and page != rule.after_page:
                    continue
                rule.seen += 1
                due = rule.every is None or rule.seen % rule.every == 0
                left = rule.count == 0 or rule.fired < rule.count
                if chosen is None and due and left:
                    rule.fired += 1
                    chosen = rule
        return chosen
