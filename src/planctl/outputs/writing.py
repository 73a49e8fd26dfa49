"""Writing output files so that a reader never sees half a file and no plan is overwritten."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from planctl.errors import UsageError


def refuse_inputs(output: Path, inputs: Iterable[Path]) -> None:
    """`-o plans/2015.yaml` would destroy the plan being rendered: refuse it."""
    target = output.resolve()
    for path in inputs:
        if path.resolve() == target:
            raise UsageError(f"{output}: is an input plan file; choose another output file")


def write_atomic(output: Path, data: bytes, replace: bool = True) -> None:
    """Write `data` to a temporary file beside `output`, then rename it into place: an
    interrupted write leaves the old file (or none), never a truncated one. With
    `replace=False` an existing `output` is never touched (linked, not renamed, into place:
    no window in which another writer's file could be overwritten)."""
    directory = output.parent if str(output.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{output.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise UsageError(f"{output}: cannot write here ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; use the usual mode
        if replace:
            os.replace(temporary, output)
        else:
            os.link(temporary, output)
            Path(temporary).unlink()
    except FileExistsError:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"{output}: already exists; not overwritten") from None
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"{output}: cannot write ({error.strerror})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
