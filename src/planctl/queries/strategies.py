"""The strategy table (執行策略與方法) as rows: one per method, spans for 要領 and 策略."""

from __future__ import annotations

from planctl.plan.model import Method, Principle, Strategy


def strategy_rows(strategy: Strategy) -> list[Method | None]:
    """The table rows of a strategy: one per method, or one for a strategy without methods."""
    return list(strategy.methods) or [None]


def principle_strategies(principle: Principle) -> list[Strategy | None]:
    """A 實施要領's strategies, or one empty row for one without strategies (its text must
    still be printed)."""
    return list(principle.strategies) or [None]


def principle_rows(principle: Principle) -> int:
    """How many table rows a 實施要領 cell spans."""
    return sum(len(strategy_rows(s)) if s else 1 for s in principle_strategies(principle))
