"""Synthetic data for benchmarks: many applications through the real core commands."""

from __future__ import annotations

import random

from rung.core.commands.applications import add_application, move_stage
from rung.core.stages import STAGES
from rung.core.store import Store

COMPANIES = [
    f"{a}{b}"
    for a in (
        "North",
        "Blue",
        "Quant",
        "Cedar",
        "Atlas",
        "Lumen",
        "Orbit",
        "Harbor",
        "Signal",
        "Vertex",
    )
    for b in (
        "wind",
        "stack",
        "forge",
        "works",
        "labs",
        "data",
        "cloud",
        "bank",
        "health",
        "systems",
    )
]
TITLES = [
    "Engineering Manager",
    "Senior Engineering Manager",
    "Director of Engineering",
    "VP Engineering",
    "Head of Platform",
    "Team Lead",
    "CTO",
    "IT Director",
    "Engineering Manager, Payments",
    "Director, Data Platform",
]


def seed_applications(store: Store, n: int, *, seed: int = 1) -> None:
    """``n`` applications over 3 years, a third of them moved one stage on."""
    rng = random.Random(seed)
    with store.transaction():
        for i in range(n):
            day = f"20{24 + rng.randint(0, 2)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            app = add_application(
                store,
                company=f"{rng.choice(COMPANIES)} {i % 400}",
                title=rng.choice(TITLES),
                applied_on=day,
                at=day,
                location=rng.choice(["Berlin", "Remote", "London"]),
            )
            if i % 3 == 0:
                move_stage(store, app.id, rng.choice(STAGES[2:]), at=day)
