"""Demo data (placeholder until the full seed lands)."""


def seed() -> dict:
    return {}
