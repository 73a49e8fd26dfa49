"""How many rows the strategy table (執行策略與方法) gives a 實施要領: the rowspan of its cell
in HTML and ODT. The renders run in a process of their own, so mutation testing needs these
answers asked in-process (docs/testing.md)."""

from __future__ import annotations

from planctl.plan.model import Method, Principle, Strategy
from planctl.queries.strategies import principle_rows, principle_strategies, strategy_rows

ONE = Strategy(text="簡化申辦流程", units=["登記課"])
"""A strategy without methods: one row of its own."""
THREE = Strategy(text="提升服務效能", methods=[Method(text=t) for t in ("甲", "乙", "丙")])


def test_a_row_per_method_and_one_for_a_strategy_without() -> None:
    assert principle_rows(Principle(text="便民", strategies=[ONE, THREE])) == 4
    assert strategy_rows(THREE) == THREE.methods
    assert strategy_rows(ONE) == [None]


def test_a_principle_without_strategies_still_has_its_row() -> None:
    empty = Principle(text="持續檢討", strategies=[])
    assert principle_strategies(empty) == [None]
    assert principle_rows(empty) == 1
