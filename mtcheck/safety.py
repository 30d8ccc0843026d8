"""Writing fixes back without ever losing a word.

``mtcheck fix`` rewrites people's files, possibly while an editor, a second ``mtcheck fix`` or
a Ctrl-C is in play. Three guards make every file end up either as it was or fully fixed:

* an advisory lock (``flock``) serialises mtcheck processes writing the same file;
* under the lock the file must still hold exactly the bytes that were read, so a change made
  meanwhile is never overwritten (a lost update), and an identical fix already written by
  another run is accepted as done;
* the atomic replace (temporary file, ``fsync``, rename) runs with SIGINT and SIGTERM held
  back, so an interrupt lands before or after it, never halfway, and leaves no temporary file.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from mtcheck.documents import InputError

try:  # POSIX only; elsewhere files are written without the lock.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_DEFERRED_SIGNALS = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s)


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back until the block is over, then deliver them.

    Only the main thread can set signal handlers; elsewhere the block runs unguarded.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def remember(signum: int, _frame: object) -> None:
        received.append(signum)

    previous: dict[int, Callable[..., object] | int | None] = {}
    try:
        for signum in _DEFERRED_SIGNALS:
            previous[signum] = signal.signal(signum, remember)
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if received:
            signal.raise_signal(received[0])  # the usual handler: KeyboardInterrupt for ^C


@contextmanager
def locked(path: str | Path) -> Iterator[BinaryIO]:
    """The file at ``path``, open for reading, under an exclusive advisory lock.

    A symbolic link is refused (it is never written through). If another process replaced
    the file while this one waited for the lock, the new file is locked instead.
    """
    while True:
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            if Path(path).is_symlink():
                raise InputError(f"{path}: is a symbolic link; not changed") from None
            raise InputError(f"{path}: cannot open ({exc.strerror}); not changed") from None
        handle = os.fdopen(descriptor, "rb")
        try:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            if _same_file(handle, path):
                break
        except BaseException:
            handle.close()
            raise
        handle.close()  # replaced while we waited: lock the file that is there now
    try:
        yield handle
    finally:
        handle.close()  # closing releases the lock


def _same_file(handle: BinaryIO, path: str | Path) -> bool:
    try:
        now = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(handle.fileno())
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)


def _hard_links(path: str | Path, links: int) -> InputError:
    # The replace makes a new file: the other names would keep the old text.
    return InputError(f"{path}: has {links} hard links (names); not changed, since the others "
                      "would keep the old text")


def read_only(path: str | Path) -> InputError:
    return InputError(f"{path}: file is read-only; not changed")


def symbolic_link(path: str | Path) -> InputError:
    return InputError(f"{path}: is a symbolic link; not changed")


def refuse_if_not_replaceable(path: str | Path) -> None:
    """Raise the :class:`InputError` that writing a fix to ``path`` would raise for what can
    be known before: a symbolic link, a read-only file, a file with other hard links. ``fix
    --interactive`` says so before its questions, not after them. A file gone meanwhile is
    left for the write to report."""
    try:
        info = os.lstat(path)
    except OSError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise symbolic_link(path)
    if not is_writable(path, info):
        raise read_only(path)
    if info.st_nlink > 1:
        raise _hard_links(path, info.st_nlink)


def is_writable(path: str | Path, info: os.stat_result) -> bool:
    """Mode bits, not os.access alone: root may write anything, but a read-only file says
    "don't"."""
    return bool(info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(
        path, os.W_OK)


def replace_if_unchanged(path: str | Path, original: bytes, data: bytes,
                         write: Callable[[str | Path, bytes], None]) -> bool:
    """Write ``data`` over the file at ``path`` if it still holds ``original``.

    ``write`` does the atomic replace. Returns False when the file already holds ``data``
    (another run wrote the same fix); raises :class:`InputError` when the file changed in
    some other way since it was read, leaving it as it is.
    """
    with locked(path) as handle:
        links = os.fstat(handle.fileno()).st_nlink
        if links > 1:
            raise _hard_links(path, links)
        current = handle.read(max(len(original), len(data)) + 1)
        if current == data:
            return False
        if current != original:
            raise InputError(f"{path}: changed by another program while mtcheck was fixing "
                             "it; not changed (run mtcheck fix again)")
        with deferred_signals():
            write(path, data)
    return True
