"""The import plan on disk: one JSON line per planned row, beside the uploaded file (0600).

The plan of a file of any length never lives in memory or in the session: ``plan.py``
writes each checked batch of rows here, and the preview and the write step read them back
as a stream, a batch at a time. The plan's totals, issues and new organisations are kept
in a small JSON beside it (``<token>.plan.json``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from crm.files import open_private
from crm.imports.records import OrganisationRef


def row_to_json(row) -> str:
    data = dict(row.__dict__)  # flat: dataclasses.asdict deep-copies, ten times slower
    if row.organisation is not None:
        data["organisation"] = row.organisation.__dict__
    return json.dumps(data, default=str, ensure_ascii=False)


def row_from_json(line: str):
    from crm.imports.plan import PlannedRow

    data = json.loads(line)
    if data.get("organisation"):
        data["organisation"] = OrganisationRef(**data["organisation"])
    return PlannedRow(**data)


class RowFile:
    """Appends planned rows to a JSONL file, and reads them back in order."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def __enter__(self) -> RowFile:
        self._out = open_private(self.path)
        return self

    def __exit__(self, *exc) -> None:
        self._out.close()

    def append(self, rows: Iterable) -> None:
        self._out.write("".join(row_to_json(r) + "\n" for r in rows).encode("utf-8"))

    def read(self) -> Iterator:
        if not self.path.exists():
            return
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                yield row_from_json(line)
