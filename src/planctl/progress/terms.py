"""The ledger's words and the one rule of which entries count, free of pydantic.

A ledger answered from the validated-plan cache (`planctl.repository.cache`) is Records
(`planctl.plan.record`), not the model of `planctl.progress.model`: what the queries and the
measures need of it at run time lives here, so a cached `due` or `status` imports neither
pydantic nor the YAML reader, and the model and its Records count entries by one rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

STATUSES = ("辦理中", "已完成", "停辦")
"""In progress, done, stopped: the three words a 管制表 uses."""
DONE, STOPPED = "已完成", "停辦"
DECISIONS = ("解除列管", "繼續列管")
"""What 研考 decides: release the item from control (done), or keep controlling it."""


class Written(Protocol):
    """What `effective` reads of an entry: the model's Entry and its Record alike."""

    @property
    def id(self) -> str: ...

    @property
    def replaces(self) -> str | None: ...


E = TypeVar("E", bound=Written)


def effective(entries: Sequence[E]) -> list[E]:
    """The entries that count, in file order: those no other entry replaces. One pass,
    never a walk along `replaces`: a chain of corrections costs what its length does, and
    entries that replace each other in a cycle (PC709) are all replaced, none counts."""
    replaced = {entry.replaces for entry in entries if entry.replaces}
    return [entry for entry in entries if entry.id not in replaced]
