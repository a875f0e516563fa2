"""A fake Toolyt CRM API for tests, demos and benchmarks.

It serves Toolyt's read endpoints over real HTTP on loopback, faithful to the documented
answers and their quirks, from a deterministic World that a clock moves day by day. An admin
API under /__admin/ moves the clock, shows the ground truth and injects faults.
"""

from __future__ import annotations

from toolyt_fake.server import FakeToolyt, run_server
from toolyt_fake.world import World

__all__ = ["FakeToolyt", "World", "run_server"]
