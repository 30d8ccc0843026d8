"""Bad input: a one-line error naming the file and the reason with exit 2, or a correct
result; never a traceback, never a partial write.

``CASES`` is the table: each case builds a file tree and says what ``mtcheck check`` and
``mtcheck fix`` must do with it. The cases that need processes (two fixes at once, Ctrl-C,
memory, a reader without root's privileges) follow the table.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import mtcheck
from mtcheck.api import write_fixed
from mtcheck.cli import main
from mtcheck.documents import InputError
from mtcheck.safety import locked

BAD = "Iraq no longer needs foreign combat forces Including the American.\n"
FIXED = BAD.replace("Including", "including")
BASE = ["--no-lm", "--isolated"]
CHECK = ["check", *BASE, "--no-cache"]  # a cached result must not hide how a file is read


@dataclass(frozen=True)
class Case:
    """A bad input: ``build`` makes it under a directory and returns the path to pass.

    ``error`` is the reason the one-line message must give (exit 2), or None when the input
    must be handled correctly (exit 0 or 1, fixed exactly as the library fixes its text).
    """

    name: str
    build: Callable[[Path], Path]
    error: str | None = None
    command_line: tuple[str, ...] = ()


def _file(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        path = root / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path
    return build


def _read_only(root: Path) -> Path:
    path = _file("read-only.txt", BAD)(root)
    path.chmod(0o444)
    return path


def _symlink_loop_file(root: Path) -> Path:
    path = root / "loop.txt"
    path.symlink_to(path.name)
    return path


def _tree_with_symlink_loop(root: Path) -> Path:
    tree = root / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "a.md").write_text(BAD)
    (tree / "sub" / "back-up").symlink_to("..", target_is_directory=True)
    (tree / "self").symlink_to(".", target_is_directory=True)
    return tree


def _tree_with_links_outside(root: Path) -> Path:
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(BAD)
    tree = root / "tree"
    tree.mkdir()
    (tree / "inside.md").write_text(BAD)
    (tree / "link.md").symlink_to(outside / "secret.md")
    (tree / "linked-dir").symlink_to(outside, target_is_directory=True)
    return tree


def _tree_with_link_inside(root: Path) -> Path:
    tree = root / "tree"
    tree.mkdir()
    (tree / "real.md").write_text(BAD)
    (tree / "0-link.md").symlink_to("real.md")  # walked first: must not stop the fix
    return tree


def _tree_with_fifo(root: Path) -> Path:
    tree = root / "tree"
    tree.mkdir()
    (tree / "a.md").write_text(BAD)
    os.mkfifo(tree / "b.md")  # no writer: reading it would block for ever
    return tree


def _symlink_to_file(root: Path) -> Path:
    target = _file("target.txt", BAD)(root)
    link = root / "link.txt"
    link.symlink_to(target)
    return link


def _hard_linked_file(root: Path) -> Path:
    path = _file("linked.txt", BAD)(root)
    os.link(path, root / "other-name.txt")
    return path


def _fifo(root: Path) -> Path:
    path = root / "pipe.txt"
    os.mkfifo(path)
    return path


def _empty_directory(root: Path) -> Path:
    (root / "empty").mkdir()
    (root / "empty" / "notes.py").write_text(BAD)
    return root / "empty"


def _nested_lists(depth: int) -> str:
    return "".join("  " * i + "- Item " + BAD for i in range(depth))


CASES = [
    Case("binary", _file("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300)),
         "binary file"),
    Case("invalid-utf8", _file("latin1.txt", BAD.encode() + "café".encode("latin-1")),
         "not valid UTF-8"),
    Case("overlong-utf8", _file("overlong.md", b"a \xc0\xaf b"), "not valid UTF-8"),
    Case("utf16-bom", _file("utf16.txt", BAD.encode("utf-16")), "UTF-16"),
    Case("utf16-without-bom", _file("utf16le.txt", BAD.encode("utf-16-le")), "binary file"),
    Case("utf8-bom", _file("bom.txt", "\ufeff" + BAD)),
    Case("only-a-bom", _file("bom-only.md", "\ufeff")),
    Case("empty", _file("empty.md", b"")),
    Case("whitespace-only", _file("blank.txt", " \n\t\n\r\n  \u00a0\n")),
    Case("crlf", _file("windows.txt", BAD.replace("\n", "\r\n") * 3)),
    Case("nul-after-8k", _file("late-nul.txt", "word " * 2000 + "\x00" + BAD)),
    Case("200k-line-without-punctuation",
         _file("long-line.txt", "the ministry is providing Support and training " * 4300)),
    Case("200k-word-without-spaces", _file("long-word.md", "a" * 200_000)),
    Case("deeply-nested-lists", _file("lists.md", _nested_lists(300))),
    Case("deeply-nested-quotes", _file("quotes.md", "> " * 5000 + BAD)),
    Case("nested-quotes-and-lists", _file("mixed.md", "> - " * 2000 + BAD)),
    Case("over-max-file-size", _file("big.txt", BAD * 200), "over the 1,024-byte limit",
         ("--max-file-size", "1K")),
    Case("missing-path", lambda root: root / "no-such-file.md", "no such file or directory"),
    Case("path-through-a-file", lambda root: _file("plain.txt", BAD)(root) / "x.md",
         "cannot read (Not a directory)"),
    Case("symlink-loop-file", _symlink_loop_file, "Too many levels of symbolic links"),
    Case("tree-with-symlink-loops", _tree_with_symlink_loop),
    Case("tree-with-links-outside", _tree_with_links_outside),
    Case("tree-with-link-inside", _tree_with_link_inside),
    Case("fifo", _fifo, "not a regular file"),
    Case("tree-with-fifo", _tree_with_fifo),
    Case("directory-without-text-files", _empty_directory, "no Markdown or text files found"),
]
FIX_ONLY_ERRORS = {
    "read-only": "read-only",
    "symlink-to-file": "symbolic link",
    "hard-linked-file": "hard links",
}
CASES += [
    Case("read-only", _read_only),
    Case("symlink-to-file", _symlink_to_file),
    Case("hard-linked-file", _hard_linked_file),
]


def _snapshot(root: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every entry under ``root`` (links not followed): what a run must not disturb."""
    entries: dict[str, tuple[str, bytes | str]] = {}
    for directory, subdirectories, files in os.walk(root):
        for name in subdirectories + files:
            path = Path(directory, name)
            key = str(path.relative_to(root))
            if path.is_symlink():
                entries[key] = ("link", os.readlink(path))
            elif path.is_file():
                entries[key] = ("file", path.read_bytes())
            elif path.is_dir():
                entries[key] = ("dir", b"")
            else:
                entries[key] = ("other", b"")
    return entries


def _expected_fix(data: bytes, name: str) -> bytes:
    """What ``fix`` must leave: the library's fix of the decoded text, BOM and newlines kept."""
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    format = "markdown" if name.endswith(".md") else "text"
    fixed = mtcheck.fix(text, format=format).text
    return ("\ufeff" if bom else "").encode() + fixed.encode("utf-8")


def _one_error_line(err: str, path: Path, reason: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("mtcheck: error:")]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"mtcheck: error: {path}"), lines[0]
    assert reason in lines[0], lines[0]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_check(case, tmp_path, capsys):
    path = case.build(tmp_path)
    before = _snapshot(tmp_path)
    status = main([*CHECK, *case.command_line, str(path)])
    out, err = capsys.readouterr()
    assert _snapshot(tmp_path) == before
    if case.error:
        assert status == 2
        _one_error_line(err, path, case.error)
    else:
        assert status in (0, 1), err
        assert "Traceback" not in err and "error" not in err


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_fix(case, tmp_path, capsys):
    path = case.build(tmp_path)
    before = _snapshot(tmp_path)
    status = main(["fix", *BASE, *case.command_line, str(path)])
    err = capsys.readouterr().err
    after = _snapshot(tmp_path)
    reason = case.error or FIX_ONLY_ERRORS.get(case.name)
    if reason:
        assert status == 2
        _one_error_line(err, path, reason)
        assert after == before, "an input error changed a file"
        return
    assert status in (0, 1), err
    assert "Traceback" not in err
    assert set(after) == set(before), "fix added or removed files"
    for key, (kind, content) in before.items():
        real = tmp_path / key
        walked = real == path or path in real.parents and not any(
            p.is_symlink() for p in [real, *real.parents])
        if kind == "file" and walked and real.suffix in (".md", ".txt"):
            assert after[key][1] == _expected_fix(content, key), f"{key} not fixed exactly"
        else:
            assert after[key] == before[key], f"{key} is outside the tree or behind a link"


def test_links_outside_the_tree_are_neither_checked_nor_written(tmp_path, capsys):
    tree = _tree_with_links_outside(tmp_path)
    main([*CHECK, "--format", "json", str(tree)])
    out = capsys.readouterr().out
    assert "inside.md" in out and "secret.md" not in out and "linked-dir" not in out
    main(["fix", *BASE, str(tree)])
    assert (tmp_path / "outside" / "secret.md").read_text() == BAD
    assert (tree / "inside.md").read_text() == FIXED


def test_symlink_loops_do_not_trap_the_walk(tmp_path, capsys):
    tree = _tree_with_symlink_loop(tmp_path)
    assert main([*CHECK, "--format", "json", str(tree)]) == 1
    out = capsys.readouterr().out
    assert out.count("a.md") == 1


def test_stdin_over_the_size_limit(monkeypatch, capsys):
    import io

    data = ("word " * 1000).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main([*CHECK, "--max-file-size", "1K", "-"]) == 2
    _one_error_line(capsys.readouterr().err, Path("-"), "over the 1,024-byte limit")


def test_stdin_invalid_utf8(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"caf\xe9")))
    assert main(["fix", *BASE, "-"]) == 2
    _one_error_line(capsys.readouterr().err, Path("-"), "not valid UTF-8")


def test_fix_keeps_bytes_outside_the_edits(tmp_path):
    data = ("\ufeff# Title\r\n\r\n" + BAD.replace("\n", "\r\n") + "tab\there\u00a0ü\r\n"
            ).encode()
    path = tmp_path / "a.md"
    path.write_bytes(data)
    assert main(["fix", *BASE, str(path)]) == 0
    fixed = path.read_bytes()
    assert len(fixed) == len(data)
    changed = [i for i, (a, b) in enumerate(zip(data, fixed, strict=True)) if a != b]
    start = data.index(b"Including")
    assert changed == [start]


# --- processes ------------------------------------------------------------------------

def _mtcheck(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "mtcheck", *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_a_50_mb_file_is_refused_in_bounded_memory(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as handle:
        for _ in range(50 * 1024 * 1024 // len(BAD) + 1):
            handle.write(BAD)
    small = tmp_path / "small.txt"
    small.write_text(BAD)
    code = ("import resource, sys\nfrom mtcheck.cli import main\n"
            "status = main(sys.argv[1:])\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(status)\n")

    def peak_kib(path: Path) -> tuple[int, str]:
        done = subprocess.run([sys.executable, "-c", code, *CHECK, str(path)],
                              capture_output=True, text=True, timeout=120)
        return done.returncode, done.stderr

    status, err = peak_kib(big)
    assert status == 2 and "Traceback" not in err
    _one_error_line(err, big, "over the 10,485,760-byte limit (--max-file-size)")
    peak_big = int(err.strip().splitlines()[-1])
    status, err = peak_kib(small)
    assert status == 1
    peak_small = int(err.strip().splitlines()[-1])
    # Refusing the file must not read it: memory is what checking a small file takes.
    assert peak_big < peak_small + 16 * 1024, (peak_big, peak_small)


def _drop_read_privileges() -> None:
    """Give up root's power to read any file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unreadable_file(tmp_path, capsys):
    path = _file("secret.md", BAD)(tmp_path)
    path.chmod(0o000)
    try:
        if os.geteuid() != 0:
            assert main([*CHECK, str(path)]) == 2
            _one_error_line(capsys.readouterr().err, path, "permission denied")
            return
        # Tests run as root, who reads anything: run mtcheck without that privilege.
        try:
            done = subprocess.run([sys.executable, "-m", "mtcheck", *CHECK,
                                   str(path)], capture_output=True, text=True, timeout=120,
                                  preexec_fn=_drop_read_privileges)
        except (OSError, subprocess.SubprocessError) as exc:
            pytest.skip(f"running as root and cannot drop CAP_DAC_OVERRIDE: {exc}")
        if done.returncode == 2 and "permission denied" not in done.stderr:
            pytest.skip("running as root and cannot make a file unreadable: "
                        + done.stderr.strip()[-200:])
        assert done.returncode == 2, done.stderr
        _one_error_line(done.stderr, path, "permission denied")
    finally:
        path.chmod(0o644)
    assert path.read_text() == BAD


def test_two_fix_runs_on_one_file_at_once(tmp_path):
    text = (BAD + "\n") * 400
    expected = mtcheck.fix(text).text
    for round_ in range(3):
        path = tmp_path / f"shared-{round_}.txt"
        path.write_text(text)
        runs = [_mtcheck("fix", *BASE, str(path)) for _ in range(2)]
        results = [run.communicate(timeout=120) for run in runs]
        for run, (_, err) in zip(runs, results, strict=True):
            assert run.returncode == 0, err
            assert "Traceback" not in err
        assert path.read_text() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"shared-{i}.txt" for i in range(3)]


def test_fix_waits_for_the_lock_and_never_overwrites_a_change(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(BAD)
    with locked(path):
        run = _mtcheck("fix", *BASE, str(path))
        time.sleep(3)  # it has read and fixed the text and now waits for the lock
        assert run.poll() is None, run.communicate()
        assert path.read_text() == BAD
        path.write_text(BAD + "A line the author added meanwhile.\n")
    _, err = run.communicate(timeout=120)
    assert run.returncode == 2
    _one_error_line(err, path, "changed by another program")
    assert path.read_text() == BAD + "A line the author added meanwhile.\n"


def test_write_fixed_refuses_a_file_changed_since_it_was_read(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(BAD)
    original = path.read_bytes()
    path.write_text("Someone else's version.\n")
    with pytest.raises(InputError, match="changed by another program"):
        write_fixed(path, original, FIXED.encode())
    assert path.read_text() == "Someone else's version.\n"
    path.write_text(FIXED)  # the same fix, already written by another run: nothing to do
    assert write_fixed(path, original, FIXED.encode()) is False
    path.write_text(BAD)
    assert write_fixed(path, original, FIXED.encode()) is True
    assert path.read_text() == FIXED


def test_ctrl_c_during_fix_leaves_every_file_whole(tmp_path):
    tree = tmp_path / "docs"
    tree.mkdir()
    original = (BAD + "\n") * 60
    fixed = mtcheck.fix(original).text.encode()
    for index in range(300):
        (tree / f"{index:03}.txt").write_text(original)
    run = _mtcheck("fix", *BASE, str(tree))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.poll() is None:
        if any(p.read_bytes() == fixed for p in tree.glob("0*.txt")):
            break
        time.sleep(0.01)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=120)
    assert "Traceback" not in err
    states = [p.read_bytes() for p in sorted(tree.iterdir())]
    assert len(states) == 300, "a temporary file was left behind"
    assert all(state in (original.encode(), fixed) for state in states)
    assert any(state == fixed for state in states)
    if run.returncode == 130:
        assert "interrupted" in err
        assert any(state == original.encode() for state in states), "interrupted too late"
    else:
        assert run.returncode == 0, err


def test_deep_markdown_nesting_needs_no_deep_recursion():
    # Deep nesting is cut off by the parser's nesting limit, not by Python's recursion limit.
    limit = sys.getrecursionlimit()
    for text in ("> " * 20000 + BAD, "- " * 20000 + BAD, "[" * 20000 + BAD, "*" * 20000):
        mtcheck.check(text, format="markdown")
        mtcheck.fix(text, format="markdown", unsafe=True)
    assert sys.getrecursionlimit() == limit


def test_fix_keeps_the_owner_and_group_of_a_file(tmp_path, capsys):
    # The rewrite makes a new file: run as root (a CI container on a mounted checkout), it was
    # root's, and with mode 640 the real owner could no longer read it.
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    path = _file("theirs.txt", BAD)(tmp_path)
    os.chown(path, 65534, 65534)
    path.chmod(0o640)
    assert main(["fix", *BASE, str(path)]) == 0
    info = path.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (65534, 65534, 0o640)
    assert path.read_bytes() == _expected_fix(BAD.encode(), path.name)


def test_fix_that_cannot_keep_the_group_changes_nothing(tmp_path, capsys, monkeypatch):
    path = _file("theirs.txt", BAD)(tmp_path)
    monkeypatch.setattr("os.chown", lambda *args: (_ for _ in ()).throw(PermissionError(1, "no")))
    real_stat = os.stat

    def stat_with_another_group(target, *args, **kwargs):  # the file's group is not ours
        info = real_stat(target, *args, **kwargs)
        if Path(target) == path:
            return os.stat_result((*info[:5], info.st_gid + 1, *info[6:]))
        return info

    monkeypatch.setattr("os.stat", stat_with_another_group)
    assert main(["fix", *BASE, str(path)]) == 2
    _one_error_line(capsys.readouterr().err, path, "owner or group cannot be kept")
    assert path.read_text() == BAD
    assert [p.name for p in tmp_path.iterdir()] == ["theirs.txt"]  # no temporary file left
