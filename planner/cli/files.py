"""What every command shares: the user it acts as, and reading and writing the files it is given."""
from __future__ import annotations

import getpass
from pathlib import Path

from planner import config
from planner.access import Actor, Role
from planner.errors import PlannerError


def cli_actor() -> Actor:
    """The command line runs on the server, with the administrator's rights, audited under the system user's name."""
    return Actor(email=f"cli:{getpass.getuser()}", role=Role.admin, name="Command line")


def read_input(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise PlannerError(f"There is no file '{path}'.")
    if file.stat().st_size > config.MAX_UPLOAD_BYTES:
        raise PlannerError(f"'{path}' is larger than {config.MAX_UPLOAD_MB} MB; split it into several files.")
    try:
        return file.read_bytes()
    except OSError as error:
        raise PlannerError(f"Could not read '{path}': {error.strerror or error}.") from None


def write_output(path: str, content: bytes) -> None:
    target = Path(path)
    try:
        target.write_bytes(content)
    except OSError as error:
        raise PlannerError(f"Could not write '{path}': {error.strerror or error}.") from None
    print(f"Wrote {target} ({len(content):,} bytes).")


def require_output(path: str, *suffixes: str) -> None:
    """Check `--out` before any work: a file name with the right ending, in a folder that exists."""
    target = Path(path)
    if target.is_dir():
        raise PlannerError(f"'{path}' is a folder; give a file name in it, e.g. {target / ('export' + suffixes[0])}.")
    if target.suffix.lower() not in suffixes:
        raise PlannerError(f"'{path}': the file name must end in {' or '.join(suffixes)}.")
    if not target.parent.is_dir():
        raise PlannerError(f"The folder '{target.parent}' does not exist.")
