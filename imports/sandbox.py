"""Reading a workbook (xlsx, xls, ods) in a child process, within a memory and time budget.

python-calamine builds the used rectangle of a sheet as one dense block before anything can look
at it, and when an allocation fails it aborts the process (SIGABRT, not an exception): a valid
xlsx whose header row is followed by one cell at XFD1048576 asks for 512 GiB; an 800-byte ods
whose rows and columns are "repeated" fills 4 GB. The old binary xls goes through calamine too,
and its records can ask for as much. So the web worker never calls it: `read_sheet` hands the
file to imports/sheet_child.py in a fresh interpreter with an address-space, CPU-time and
wall-time limit, which measures the sheet before calamine reads it; the worker gets back the
grid, or why the file was refused, and survives whatever happens in the child.
"""

import io
import json
import logging
import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

from imports.sheet_child import OUT_OF_MEMORY_EXIT, REASONS, Limits, Refused

__all__ = ["Limits", "Refused", "read_sheet"]

logger = logging.getLogger(__name__)

CHILD = Path(__file__).resolve().with_name("sheet_child.py")


def read_sheet(data: bytes, limits: Limits):
    """The first sheet of an xlsx, xls or ods file as a list of rows, read in a child process
    within `limits`; raises Refused."""
    command = [sys.executable, "-I", str(CHILD), json.dumps(limits._asdict())]
    # A Rust panic or failed allocation is one line on stderr; a backtrace would bury it.
    environment = {**os.environ, "RUST_BACKTRACE": "0"}
    try:
        # The command is the child script run by this interpreter; the upload goes to its stdin.
        done = subprocess.run(  # noqa: S603
            command,
            input=data,
            capture_output=True,
            timeout=limits.seconds,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired:
        logger.warning("Spreadsheet reader stopped after %s s of wall time", limits.seconds)
        raise Refused("time") from None
    status = done.returncode
    if status == 0:
        try:
            answer = _GridUnpickler(io.BytesIO(done.stdout)).load()
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as exc:
            raise Refused("unreadable", error=f"the reader's answer is damaged: {exc}") from None
        match answer:
            case ("grid", list() as grid):
                return grid
            case ("refused", str() as reason, dict() as details) if reason in REASONS:
                raise Refused(reason, **details)
        raise Refused("unreadable", error="the reader's answer is damaged")
    stderr = done.stderr[:2000].decode("utf-8", "replace").strip()
    logger.warning("Spreadsheet reader ended with status %s: %s", status, stderr)
    if status in (-signal.SIGXCPU, -signal.SIGKILL):
        raise Refused("time")
    # Rust reports a failed allocation on stderr, then aborts.
    if status == OUT_OF_MEMORY_EXIT or (
        status == -signal.SIGABRT and "memory allocation" in stderr
    ):
        raise Refused("memory")
    raise Refused("unreadable", error=f"the reader stopped with status {status}")


class _GridUnpickler(pickle.Unpickler):
    """Only what a grid is made of: containers, numbers, text and the datetime types."""

    allowed = frozenset({"date", "datetime", "time", "timedelta"})

    def find_class(self, module, name):
        if module == "datetime" and name in self.allowed:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")
