"""Running templates an office wrote, safely: jinja2's sandbox, a jail and walls of time and memory.

A `--templates` folder is input like a plan file, and must not be able to do more than fill a
page. jinja2's `ImmutableSandboxedEnvironment` stops templates from reaching Python's internals
(`cycler.__init__.__globals__.os`), from calling functions marked unsafe, from changing a list
or dict (`append`, `clear`, `update`) and from building a range of more than 100,000 numbers;
what templates are given are plain read-only values (planctl.outputs.documents.template_values). The
folder is a jail (`FolderLoader`): a template whose real path is outside it (a symbolic link
to /etc/hostname, a linked subfolder) is refused. The sandbox does not stop a template from
running for ever or exhausting memory, so rendering also runs under limits:

- `*` and `**` refuse results larger than MAX_TEXT characters, MAX_ITEMS items or MAX_BITS
  bits before building them (one such operation is a single step Python cannot interrupt);
- the output stops at MAX_OUTPUT characters;
- the whole render (compiling included) runs in a process of its own (forked) that is killed
  TIME_LIMIT (+ KILL_GRACE) seconds after it started, even in the middle of one long builtin
  call (`sum` of lists), and may use MEMORY_LIMIT bytes more address space than planctl used
  when it started (RLIMIT_AS). A SIGALRM in that process at TIME_LIMIT stops a template
  running Python code first, so that the message can name its line; KILL_GRACE is the time
  it has to say so. Its CPU time is limited too, so that it ends even if planctl is killed;
- a macro or template that calls itself without end stops at Python's recursion limit.

Each limit turns into one line naming the template file and line that was running (a
process killed in a builtin call cannot say where it was: its line names the limit only).
Where the system cannot fork (Windows), the render runs in planctl's own process: the limits
on `*`, `**`, output and recursion still hold, and the time and memory limits only where the
system has SIGALRM and RLIMIT_AS (it has neither).
"""

from __future__ import annotations

import json
import math
import operator
import os
import signal
import stat
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from planctl.errors import Position, UsageError

T = TypeVar("T")

TIME_LIMIT = 20.0
"""Seconds a render may take; the bundled plan renders in well under one. (Tests lower it by
setting this attribute: the render's process is forked, so it sees the value.)"""
KILL_GRACE = 1.0
"""Seconds past TIME_LIMIT before the render's process is killed: the time a template that
SIGALRM stopped has to report the line it was on."""
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


class TemplateRefused(Exception):
    """A template file that is not read: outside the template folder, or unreadable."""


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox that changes no list or dict, with `*` and `**` checked before they run."""

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


def run_limited(work: Callable[[], str]) -> str:
    """`work()` (compiling and rendering templates into the page's text) under the limits,
    its failures as one UsageError line pointing into the template that was running: in a
    process of its own, killed at the time limit, where the system can fork."""
    if not hasattr(os, "fork"):
        return _run_here(work)
    reading, writing = os.pipe()
    try:
        child = os.fork()
    except OSError as error:
        os.close(reading)
        os.close(writing)
        raise UsageError(f"cannot start a process to render in ({error.strerror})") from None
    if child == 0:
        os.close(reading)
        _render_and_exit(work, writing)
    os.close(writing)
    try:
        data = _answer(reading, child)
        ended = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
    finally:
        os.close(reading)
        _reap(child)
    if ended != 0 or not data:  # killed (out of memory) or ended midway: no page, or half
        how = f"killed by {signal.Signals(-ended).name}" if ended < 0 else f"exit status {ended}"
        raise UsageError(f"the render's process ended without an answer ({how})")
    kind, body = data[:1], data[1:].decode("utf-8", "surrogatepass")
    if kind == b"T":
        return body
    if kind == b"E":
        raise _error_from(body)
    found = json.loads(body)
    crash = RuntimeError(f"{found['type']}: {found['message']} (in the render's process)")
    crash.add_note(found["traceback"])
    raise crash


def _render_and_exit(work: Callable[[], str], writing: int) -> NoReturn:
    """The forked process: render, write the answer to the pipe — T and the page's text, E
    and a UsageError, B and a bug of planctl's — and end without running the parent's exit
    handlers. Any other end (exit status 1) is no answer, even after some text was sent."""
    code = 0
    try:
        _limit_cpu()
        try:
            kind, body = "T", _run_here(work)
        except UsageError as error:
            kind, body = "E", _error_text(error)
        except Exception as error:
            kind, body = "B", _bug_text(error)
        _write_all(writing, kind)
        _write_all(writing, body)
    except BaseException:  # Ctrl-C, or no one left to read the answer
        code = 1
    finally:
        os._exit(code)


def _limit_cpu() -> None:
    """CPU seconds the render's process may use: a wall even if planctl itself is killed and
    no one is left to kill it (CPU time starts at 0 in a new process; a lower limit is kept).
    At the limit the kernel kills it (SIGKILL: SIGXCPU, which would dump core, is ignored)."""
    import resource

    limits = resource.getrlimit(resource.RLIMIT_CPU)
    kept = [limit for limit in limits if limit != resource.RLIM_INFINITY]
    seconds = min([math.ceil(TIME_LIMIT + KILL_GRACE) + 1, *kept])
    signal.signal(signal.SIGXCPU, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))


def _write_all(writing: int, text: str) -> None:
    """The text into the pipe, a million characters at a time (not one more copy of a page
    of 50 million characters)."""
    step = 1 << 20
    for start in range(0, len(text), step):
        data = memoryview(text[start : start + step].encode("utf-8", "surrogatepass"))
        while data:
            data = data[os.write(writing, data) :]


def _answer(reading: int, child: int) -> bytes:
    """Everything the child writes, until it closes the pipe; it is killed (and the render
    refused) at TIME_LIMIT + KILL_GRACE."""
    import selectors

    deadline = time.monotonic() + TIME_LIMIT + KILL_GRACE
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector:
        selector.register(reading, selectors.EVENT_READ)
        while chunk := _next_chunk(selector, reading, deadline):
            chunks.append(chunk)
    if chunk is None:
        os.kill(child, signal.SIGKILL)
        raise UsageError(f"template went past a limit: {_over_time()}")
    return b"".join(chunks)


def _next_chunk(selector: Any, reading: int, deadline: float) -> bytes | None:
    """The next piece of the answer; b"" at its end, None at the deadline."""
    while (left := deadline - time.monotonic()) > 0:
        if selector.select(left):
            return os.read(reading, 1 << 20)
    return None


def _reap(child: int) -> None:
    """Kill the child if it still runs (Ctrl-C, the time limit) and collect it."""
    try:
        if os.waitpid(child, os.WNOHANG) == (0, 0):
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
    except ChildProcessError:
        pass  # already collected


def _bug_text(error: Exception) -> str:
    """A bug of planctl's in the render's process, for the parent to raise as one."""
    found = {"type": type(error).__name__, "message": str(error)}
    return json.dumps({**found, "traceback": traceback.format_exc()})


def _error_text(error: UsageError) -> str:
    where = error.position
    return json.dumps(
        {
            "message": error.message,
            "hint": error.hint,
            "where": [where.file, where.line, where.column] if where else None,
        }
    )


def _error_from(text: str) -> UsageError:
    found = json.loads(text)
    where = Position(*found["where"]) if found["where"] else None
    return UsageError(found["message"], where, hint=found["hint"])


def _run_here(work: Callable[[], T]) -> T:
    """`work()` in this process under the limits it can set for itself (SIGALRM, RLIMIT_AS),
    its failures as one UsageError line."""
    try:
        with _time_limit(), _memory_limit():
            return work()
    except TemplateRefused as error:
        raise UsageError(str(error)) from None
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


def _over_time() -> TemplateLimit:
    return TemplateLimit(f"still running after {TIME_LIMIT:g} s")


@contextmanager
def _time_limit() -> Iterator[None]:
    """SIGALRM after TIME_LIMIT seconds raises TemplateLimit inside the template's code.
    Only the main thread receives signals; elsewhere the other limits still hold."""
    main = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "setitimer") or not main:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _over_time()

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


class FolderLoader(jinja2.BaseLoader):
    """The templates of an office's folder, and nothing outside it: a template's path is
    resolved (symbolic links, a linked subfolder, `..`) and one whose real path leaves the
    folder is refused, as is one that cannot be read as UTF-8 text. Files are named as the
    user wrote the folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.real = os.path.realpath(folder)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        named = os.path.join(self.folder, *template.split("/"))
        real = os.path.realpath(named)
        if os.path.commonpath([real, self.real]) != self.real:
            raise TemplateRefused(
                f"{named}: template is outside the template folder {self.folder} "
                f"(it leads to {real})"
            )
        path = os.path.join(self.folder, *split_template_path(template))  # jinja2's own rules
        try:
            found = os.stat(real)
        except (FileNotFoundError, NotADirectoryError):
            raise jinja2.TemplateNotFound(template) from None
        except OSError as error:
            raise TemplateRefused(f"{path}: cannot read the template ({error.strerror})") from None
        if stat.S_ISDIR(found.st_mode):
            raise jinja2.TemplateNotFound(template)
        return _read(path, real, found), path, lambda: _unchanged(real, found.st_mtime_ns)


def _read(path: str, real: str, found: os.stat_result) -> str:
    """The template's text; a pipe or device is never opened (it could block for ever)."""
    if not stat.S_ISREG(found.st_mode):
        raise TemplateRefused(f"{path}: cannot read the template (not a regular file)")
    try:
        with open(real, "rb") as stream:
            return stream.read().decode("utf-8")
    except OSError as error:
        raise TemplateRefused(f"{path}: cannot read the template ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise TemplateRefused(
            f"{path}: cannot read the template (not UTF-8: byte {error.start})"
        ) from None


def _unchanged(real: str, mtime_ns: int) -> bool:
    """jinja2's `uptodate`: may a compiled template still be used?"""
    try:
        return os.stat(real).st_mtime_ns == mtime_ns
    except OSError:
        return False
