"""Files in and out: every read bounded in bytes, every write all or nothing.

A read takes at most its limit plus one byte, whatever the file says of its
size, so ``/dev/zero`` or a growing file is refused, not read. A command's
outputs are made in memory first, each written to a temporary file beside
its target and renamed over it only when every one is written: a failure
leaves no output behind and no target half-written. A target that is not a
regular file (a link such as ``/dev/stdout``, a device, a pipe) is written
through, in place, after the others are staged, and a failed write
(``/dev/full``) is still an error.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence

from ._dims import shown
from .errors import OptionError

__all__ = ["CONFIG_LIMIT", "FORMULA_FILE_LIMIT", "read_text", "write_files"]

#: The largest config.json read, in bytes: the largest real ones are a few tens of kilobytes.
CONFIG_LIMIT = 10 * 2**20
#: The largest formula file ``symcount check --file`` reads: ten times the longest formula it checks.
FORMULA_FILE_LIMIT = 2**20


def read_text(path: object, what: str, limit: int) -> str:
    """The UTF-8 text of the file at ``path``, refused past ``limit`` bytes."""
    if not isinstance(path, (str, os.PathLike)):
        raise OptionError(f"{what} is {shown(path)}: expected a path")
    name = shown(os.fspath(path))
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as err:
        raise OptionError(f"cannot read the {what} {name}: {err.strerror or err}") from None
    except ValueError as err:  # a NUL in the path
        raise OptionError(f"cannot read the {what} {name}: {err}") from None
    if len(data) > limit:
        size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit} bytes"
        raise OptionError(f"the {what} {name} is larger than {size}: not a {what} symcount reads")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise OptionError(f"cannot read the {what} {name}: not UTF-8 text ({err.reason} at byte {err.start})") from None


def _in_place(path: str) -> bool:
    """Whether ``path`` is written through rather than replaced: anything but a missing path or a plain regular file.

    A symbolic link (``/dev/stdout``), a device or a pipe is written through:
    replacing it would replace the link or the device node, not write to what
    it names.
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode)


def write_files(outputs: Sequence[tuple[str, bytes]]) -> None:
    """Write each ``(path, data)``: all of them, or none and an OptionError naming the path that failed."""
    staged: list[tuple[str, str]] = []  # (temporary, target)
    try:
        for path, _ in outputs:
            if not isinstance(path, str) or not path or "\0" in path:
                raise OptionError(f"output path is {shown(path)}: expected a file name")
            if os.path.isdir(path):
                raise OptionError(f"cannot write {shown(path)}: it is a directory")
        for path, data in outputs:
            if _in_place(path):
                continue
            folder = os.path.dirname(os.path.abspath(path))
            try:
                # As mkstemp, but with the mode a plain open() gives (0666 less the umask), not 0600.
                temporary = os.path.join(folder, f".symcount-{os.urandom(8).hex()}.part")
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except OSError as err:
                raise OptionError(f"cannot write {shown(path)}: {err.strerror or err}") from None
            staged.append((temporary, path))
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
            except OSError as err:
                raise OptionError(f"cannot write {shown(path)}: {err.strerror or err}") from None
        for path, data in outputs:
            if _in_place(path):
                try:
                    with open(path, "wb") as f:
                        f.write(data)
                except OSError as err:
                    raise OptionError(f"cannot write {shown(path)}: {err.strerror or err}") from None
        for temporary, path in staged:
            os.replace(temporary, path)
        staged.clear()
    finally:
        for temporary, _ in staged:
            try:
                os.unlink(temporary)
            except OSError:
                pass

