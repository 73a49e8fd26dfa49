"""Checking many files in worker processes, and never hanging or leaving a worker behind.

A CI run over a repository of many plans uses every core. But a process limit
(`ulimit -u`, `prlimit --nproc`) can refuse the pool its processes or threads, and Ctrl-C
reaches every process of the terminal: this module falls back to checking in this process
when the system gives no workers, and stops every worker whatever happens.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TypeVar

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")


def in_workers(
    work: Callable[[list[Item]], list[Outcome]],
    items: Sequence[Item],
    workers: int,
    chunk: int,
    advance: Callable[[], None],
) -> list[Outcome] | None:
    """`work` done on `items` in chunks by a pool of worker processes, in order, calling
    `advance` after each item; None when the system will not give us processes or threads:
    then the caller does the work here, one by one. Whatever happens (Ctrl-C too), no worker
    is left behind: a worker that waits for work would keep planctl from ever exiting."""
    if not _room_for(workers + 4):
        return None
    pool = ProcessPoolExecutor(workers, initializer=_ignore_interrupts)
    chunks = [list(items[start : start + chunk]) for start in range(0, len(items), chunk)]
    outcomes: list[Outcome] = []
    try:
        # Not `pool.map`: it cancels the work left when interrupted, and Python 3.11's pool
        # then fails with a traceback of its own when the workers are ended.
        with _interrupts_held():
            futures = [pool.submit(work, part) for part in chunks]
        for future in futures:
            for outcome in future.result():
                outcomes.append(outcome)
                advance()
    except (OSError, RuntimeError, BrokenProcessPool):
        _stop(pool)
        return None
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    return outcomes


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the pool's workers now (a worker started before the next could not be waits for
    work for ever); the pool then fails what was not done, which no one waits for."""
    # No public way to reach the workers before Python 3.14 (`terminate_workers`).
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join()
    pool.shutdown(wait=False)  # its manager thread may never have started: nothing to wait for


def _room_for(tasks: int) -> bool:
    """Can this user start `tasks` more processes and threads? A pool that gets some and not
    all can hang inside Python (a thread of its own fails to start), so a tight process limit
    (`ulimit -u`, `prlimit --nproc`) is checked before starting one: it counts every thread of
    every process of the user."""
    try:
        import resource
    except ImportError:  # not a Unix: no such limit
        return True
    limit = resource.getrlimit(resource.RLIMIT_NPROC)[0]
    if limit == resource.RLIM_INFINITY or os.geteuid() == 0:  # root is not held to it
        return True
    return _threads_of_user(limit) + tasks <= limit


def _threads_of_user(enough: int) -> int:
    """Threads of the processes this user runs, from /proc, counted up to `enough`; where
    there is no /proc to read, `enough` (no room)."""
    uid, total = str(os.getuid()), 0
    try:
        entries = [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return enough
    for entry in entries:
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue  # ended meanwhile
        if fields.get("Uid", "").split()[:1] == [uid]:
            total += int(fields.get("Threads", "1").strip() or 1)
        if total >= enough:
            break
    return total


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C back while the workers are started: a worker interrupted before it ignores
    SIGINT would print a traceback of its own. Held back, not lost: it arrives afterwards."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _ignore_interrupts() -> None:
    """Ctrl-C reaches every process of the terminal: the workers leave it to planctl itself,
    which stops them, instead of each printing a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
