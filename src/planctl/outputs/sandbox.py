"""Running templates an office wrote, safely: jinja2's sandbox plus limits of time and memory.

A `--templates` folder is input like a plan file, and must not be able to do more than fill a
page. jinja2's `SandboxedEnvironment` stops templates from reaching Python's internals
(`cycler.__init__.__globals__.os`), from calling functions marked unsafe and from building a
range of more than 100,000 numbers. It does not stop a template from running for ever or
exhausting memory, so rendering also runs under limits:

- `*` and `**` refuse results larger than MAX_TEXT characters, MAX_ITEMS items or MAX_BITS
  bits before building them (one such operation is a single step Python cannot interrupt);
- the output stops at MAX_OUTPUT characters;
- the whole render (compiling included) gets TIME_LIMIT seconds (a SIGALRM timer, where the
  platform has one) and MEMORY_LIMIT bytes more address space than planctl already uses
  (RLIMIT_AS, restored afterwards);
- a macro or template that calls itself without end stops at Python's recursion limit.

Each limit turns into one line naming the template file and line that was running.
"""

from __future__ import annotations

import operator
import signal
import sys
import threading
import types
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from planctl.errors import Position, UsageError

T = TypeVar("T")

TIME_LIMIT = 20.0
"""Seconds a render may take; the bundled plan renders in well under one."""
MEMORY_LIMIT = 1024 * 1024 * 1024
"""Bytes of address space a render may add to what planctl uses before it starts."""
MAX_TEXT = 10_000_000
"""Longest text `*` may build (the whole bundled document is about 60,000 characters)."""
MAX_ITEMS = 1_000_000
"""Longest list or tuple `*` may build."""
MAX_BITS = 100_000
"""Largest whole number `*` and `**` may build (about 30,000 digits)."""
MAX_OUTPUT = 50_000_000
"""Most characters a render may write (the bundled document is about 60,000)."""


class TemplateLimit(Exception):
    """A template went past one of the limits in this module."""


class LimitedEnvironment(SandboxedEnvironment):
    """The sandbox, with `*` and `**` checked before they run."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: jinja2.runtime.Context, op: str, left: Any, right: Any) -> Any:
        if op == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
            if type(left) is int and type(right) is int:
                _check_bits(left.bit_length() + right.bit_length())
            return operator.mul(left, right)
        if type(left) is int and type(right) is int and abs(left) > 1 and right > 0:
            _check_bits(left.bit_length() * right)
        return operator.pow(left, right)


def _check_repeat(sequence: Any, times: Any) -> None:
    """`"x" * 10**10` would take 10 GB in one step: refuse it before it starts."""
    if not isinstance(times, int) or not isinstance(sequence, str | list | tuple | bytes):
        return
    size = len(sequence) * times
    if isinstance(sequence, str | bytes) and size > MAX_TEXT:
        raise TemplateLimit(f"text of {size:,} characters (at most {MAX_TEXT:,})")
    if isinstance(sequence, list | tuple) and size > MAX_ITEMS:
        raise TemplateLimit(f"a list of {size:,} items (at most {MAX_ITEMS:,})")


def _check_bits(bits: int) -> None:
    """`10**10**10` would compute for hours in one step: refuse it before it starts."""
    if bits > MAX_BITS:
        raise TemplateLimit(f"a number of about {bits:,} bits (at most {MAX_BITS:,})")


def render_capped(template: jinja2.Template, **variables: Any) -> str:
    """The template's text, stopped at MAX_OUTPUT characters. The limit is raised inside the
    template's own code (`throw`), so that the error names the line that was writing."""
    chunks: list[str] = []
    pieces: list[str] = []
    size = 0
    stream = cast(Generator[str, None, None], template.generate(**variables))
    for piece in stream:
        size += len(piece)
        if size > MAX_OUTPUT:
            stream.throw(TemplateLimit(f"more than {MAX_OUTPUT:,} characters of output"))
        pieces.append(piece)
        if len(pieces) == 10_000:  # millions of tiny pieces would take more memory than text
            chunks.append("".join(pieces))
            pieces.clear()
    return "".join(chunks) + "".join(pieces)


def run_limited(work: Callable[[], T]) -> T:
    """`work()` (compiling and rendering templates) under the limits, its failures as one
    UsageError line pointing into the template that was running."""
    try:
        with _time_limit(), _memory_limit():
            return work()
    except TemplateLimit as error:
        raise _located(error, f"template went past a limit: {error}") from None
    except MemoryError as error:
        raise _located(error, "template used too much memory") from None
    except RecursionError as error:
        raise _located(error, "template calls itself without end (recursion too deep)") from None
    except jinja2.TemplateSyntaxError as error:
        where = Position(error.filename or error.name or "template", error.lineno, 1)
        raise UsageError(f"template syntax error: {error.message}", where) from None
    except jinja2.TemplateNotFound as error:
        raise UsageError(f"template not found: {error.name}") from None
    except jinja2.UndefinedError as error:
        raise _located(error, f"template error: {error.message}") from None
    except jinja2.exceptions.SecurityError as error:
        raise _located(error, f"template not allowed: {error}") from None
    except Exception as error:
        if _template_frame(error) is None:
            raise  # not the template's doing: a bug of planctl's
        raise _located(error, f"template error: {type(error).__name__}: {error}") from None


def _located(error: BaseException, message: str) -> UsageError:
    frame = _template_frame(error)
    where = Position(frame[0], frame[1], 1) if frame else None
    return UsageError(message, where)


def _template_frame(error: BaseException) -> tuple[str, int] | None:
    """The file and line of the innermost template frame of the traceback: jinja2 rewrites
    the frames of compiled templates to name the template's own file and line."""
    found = None
    trace: types.TracebackType | None = error.__traceback__
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if not name.endswith(".py") and not name.startswith("<"):
            found = (name, trace.tb_lineno)
        trace = trace.tb_next
    return found


@contextmanager
def _time_limit() -> Iterator[None]:
    """SIGALRM after TIME_LIMIT seconds raises TemplateLimit inside the template's code.
    Only the main thread receives signals; elsewhere the other limits still hold."""
    main = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "setitimer") or not main:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TemplateLimit(f"still running after {TIME_LIMIT:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _memory_limit() -> Iterator[None]:
    """Lower the soft address-space limit to what is in use plus MEMORY_LIMIT, and put the old
    one back afterwards (a soft limit may be raised again up to the hard one)."""
    in_use = _address_space()
    if in_use == 0:
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = in_use + MEMORY_LIMIT
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        yield  # already limited more tightly
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int:
    """This process's virtual memory size in bytes (Linux), or 0 where it cannot be read."""
    if not sys.platform.startswith("linux"):
        return 0
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            pages = int(stream.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()
