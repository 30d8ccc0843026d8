"""The library API: check a string, fix a string, check and fix files.

    >>> import mtcheck
    >>> [f.code for f in mtcheck.check("Iraq needs foreign forces Including the American.")]
    ['MT101']
    >>> mtcheck.fix("Iraq needs foreign forces Including the American.").text
    'Iraq needs foreign forces including the American.'

The command line is built on these functions.
"""

from __future__ import annotations

import numbers
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from mtcheck.documents import InputError, decode, format_for_path, parse
from mtcheck.engine import CheckOptions, Verifier, check_document
from mtcheck.fixer import Chooser, FixResult, fix_text
from mtcheck.model import Edit, Finding
from mtcheck.structure import markdown_blocks_removed, markdown_structure

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
FORMATS = ("text", "markdown")
# Read this much at a time, so that memory follows the file's size, not the size limit.
READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """A decoded file: its text and what is needed to write it back byte for byte."""

    path: str
    text: str
    format: str
    bom: bool = False


@dataclass(frozen=True)
class FileReport:
    """The findings of one file (``text`` is kept for printing context)."""

    path: str
    text: str
    findings: tuple[Finding, ...]
    format: str = "text"


def check(text: str, *, format: str = "text", options: CheckOptions | None = None,
          path: str = "<string>") -> list[Finding]:
    """Findings in ``text`` (``format`` is ``text`` or ``markdown``).

    Suppression comments in the text are honoured (see :class:`CheckOptions`). A wrong type
    raises TypeError, an unknown format ValueError.
    """
    _check_arguments(text, format, options)
    return check_document(parse(text, format, path), options)


def _check_arguments(text: object, format: object, options: object) -> None:
    """Refuse wrong arguments here, with a message that says what was expected, rather than
    with a puzzling error from deep inside the parser or the engine."""
    if isinstance(text, (bytes, bytearray)):
        raise TypeError("text must be a str, not bytes; decode it first "
                        "(mtcheck.check_file reads and decodes a file)")
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if format not in FORMATS:
        raise ValueError(f"format must be 'text' or 'markdown', not {format!r}")
    _check_options(options)


def _check_options(options: object) -> None:
    if options is not None and not isinstance(options, CheckOptions):
        raise TypeError(f"options must be a CheckOptions, not {type(options).__name__} "
                        "(e.g. CheckOptions(select=('MT1',)))")


def fix(text: str, *, format: str = "text", options: CheckOptions | None = None,
        unsafe: bool = False, path: str = "<string>", choose: Chooser | None = None,
        on_pass: Callable[[str, list[Edit]], None] | None = None) -> FixResult:
    """Apply the safe fixes (and the unsafe ones if ``unsafe``) until the text is stable.

    ``path`` is the file the text comes from, as for :func:`check`: options that depend on
    it (a configuration's per-file ignores) apply to the fixes as to the findings.
    ``choose(text, finding)``, when given, decides instead of ``unsafe``: it is called with
    each finding that has fixes (and the text its offsets point into) and returns one of
    ``finding.fixes`` to apply, or None. Markdown structure is kept whatever it returns.
    ``on_pass(text, edits)``, when given, is told after each pass the text it read and the
    edits it made, by which a chooser that remembers its answers can follow the findings.
    """
    _check_arguments(text, format, options)
    if not isinstance(unsafe, bool):
        # "unsafe='no'" must not apply the unsafe fixes.
        raise TypeError(f"unsafe must be True or False, not {type(unsafe).__name__}")
    if choose is not None and not callable(choose):
        raise TypeError(f"choose must be a function or None, not {type(choose).__name__}")
    markdown = format == "markdown"
    return fix_text(text, lambda t: check(t, format=format, options=options, path=path), unsafe,
                    markdown_structure if markdown else None,
                    markdown_blocks_removed if markdown else None, choose, on_pass)


def read_error(name: str, exc: OSError | EOFError) -> InputError:
    """The one-line :class:`InputError` for a failure to read the file ``name``."""
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{name}: no such file or directory")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{name}: is a directory")
    if isinstance(exc, PermissionError):
        return InputError(f"{name}: permission denied")
    return InputError(f"{name}: cannot read ({getattr(exc, 'strerror', None) or exc})")


def read_source(path: str | bytes | os.PathLike[str],
                max_size: float | None = DEFAULT_MAX_FILE_SIZE) -> SourceFile:
    """Read and decode a file, raising :class:`InputError` with a one-line reason.

    ``path`` is a str, bytes or os.PathLike; ``max_size`` is a number of bytes (None: no
    limit). Wrong types raise TypeError.
    """
    name = _path_name(path)
    if max_size is not None and (not isinstance(max_size, numbers.Real)
                                 or isinstance(max_size, bool)):
        raise TypeError(f"max_size must be a number of bytes or None, not "
                        f"{type(max_size).__name__}")
    if max_size is not None and not max_size >= 0:  # NaN is no limit nor a number of bytes
        raise ValueError(f"max_size must be a number of bytes (0 or more) or None, not "
                         f"{max_size!r}")
    if not name:
        raise InputError("'': not a valid path (empty)")
    if "\0" in name:  # os.stat would raise ValueError, not the InputError callers expect
        raise InputError(f"{name!r}: not a valid path (contains a NUL character)")
    try:
        info = os.stat(name)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a directory")
        if not stat.S_ISREG(info.st_mode):
            # A pipe with no writer would block for ever; a device may never end.
            raise InputError(f"{name}: not a regular file (a pipe or a device); use - to "
                             "read standard input")
        check_size(name, info.st_size, max_size)
        with open(name, "rb") as handle:
            data = read_limited(handle, name, max_size)  # the file may grow as we read it
    except OSError as exc:
        raise read_error(name, exc) from None
    text, bom = decode(data, name)
    return SourceFile(name, text, format_for_path(name), bom)


def read_limited(stream: BinaryIO, name: str, max_size: float | None) -> bytes:
    """All of ``stream``, raising :class:`InputError` once it passes ``max_size`` bytes.

    In chunks, not ``read(max_size + 1)``, which allocates the whole limit up front: memory
    follows the size of the input, however high the limit.
    """
    chunks, size = [], 0
    while chunk := stream.read(READ_CHUNK):
        size += len(chunk)
        check_size(name, size, max_size, read=True)
        chunks.append(chunk)
    return b"".join(chunks)


def _path_name(path: object) -> str:
    """``path`` as a str; an int would be taken for a file descriptor, so it is refused."""
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"path must be a str, bytes or os.PathLike, not {type(path).__name__}")
    return os.fsdecode(path)


def check_size(name: str, size: int, max_size: float | None, *, read: bool = False) -> None:
    """Refuse input over ``max_size`` bytes (``read``: ``size`` is what was read, not all)."""
    if max_size is not None and size > max_size:
        amount = "more than " + f"{max_size:,}" if read else f"{size:,}"
        raise InputError(f"{name}: file is {amount} bytes, over the {max_size:,}-byte limit"
                         " (--max-file-size)")


def check_file(path: str | bytes | os.PathLike[str], options: CheckOptions | None = None,
               max_size: float | None = DEFAULT_MAX_FILE_SIZE, format: str | None = None
               ) -> FileReport:
    """Read, decode and check a file, as ``format`` (``text`` or ``markdown``; by default
    Markdown by its suffix); see :func:`read_source`."""
    _check_options(options)  # before reading: a wrong argument is the first error reported
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown document format {format!r}")
    source = read_source(path, max_size)
    format = format or source.format
    findings = check(source.text, format=format, options=options, path=source.path)
    return FileReport(source.path, source.text, tuple(findings), format)


def finding_dicts(text: str, findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """``findings`` of ``text`` as the JSON report writes them (schema version 1: offsets,
    1-based line and column, fixes with their edits), ready for ``json.dumps``."""
    from mtcheck.formatters.json_format import finding_to_dict
    from mtcheck.locate import LineIndex

    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    index = LineIndex(text)
    return [finding_to_dict(finding, index) for finding in findings]


def configured_options(path: str | os.PathLike[str] = ".", *,
                       verifier: Verifier | None = None) -> CheckOptions:
    """The options the command line uses for files at ``path`` (a file or a folder): those of
    the nearest configuration at or above it (``.mtcheck.toml``, ``mtcheck.toml`` or
    ``pyproject.toml``'s ``[tool.mtcheck]``), or the defaults if there is none. Pass each
    file's own ``path=`` to :func:`check` or :func:`fix` for its per-file ignores. The
    configuration's ``lm`` and ``model`` keys are the command line's: give ``verifier`` (see
    :func:`mtcheck.lm.default_verifier`) to use the model here. A configuration that cannot
    be used raises :class:`InputError`."""
    from mtcheck.config import Config, find_config, load_config

    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
    found = find_config(Path(path))
    config = load_config(found) if found else Config()
    return config.check_options(verifier)


def encode(text: str, bom: bool) -> bytes:
    return ("\ufeff" + text if bom else text).encode("utf-8")


def write_fixed(path: str | Path, original: bytes, data: bytes) -> bool:
    """Replace the file's ``original`` bytes with ``data``, atomically and under a lock.

    Returns False if the file already held ``data``; raises :class:`InputError` (and changes
    nothing) if it is read-only, a symbolic link, or changed since it was read.
    """
    from mtcheck.safety import replace_if_unchanged

    return replace_if_unchanged(path, original, data, write_atomic)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Replace a file's contents all at once (temporary file + rename), keeping its mode.

    A symbolic link is never written through: the link target is replaced only when it is
    the file itself, which callers check before.
    """
    from mtcheck.safety import is_writable, read_only

    target = Path(path)
    info = target.stat()
    mode = info.st_mode & 0o7777
    if not is_writable(target, info):
        raise read_only(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".mtcheck",
                                             dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        _keep_owner(temporary, info, path)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def _keep_owner(temporary: str, original: os.stat_result, path: str | Path) -> None:
    """Give the new file the old one's owner and group: the replace makes a new file, owned by
    whoever runs mtcheck (root in many CI containers), which with a mode like 640 would lock
    the real owner out. Where that cannot be done, the file is not changed."""
    created = os.stat(temporary)
    if (created.st_uid, created.st_gid) == (original.st_uid, original.st_gid):
        return
    try:
        os.chown(temporary, original.st_uid, original.st_gid)
    except OSError:
        raise InputError(f"{path}: its owner or group cannot be kept by a rewrite; not "
                         "changed") from None
