"""The command line: ``mtcheck check``, ``fix``, ``rules``. Only this module talks to the terminal.

Exit codes: 0 no findings, 1 findings, 2 usage or input error (a one-line message on stderr).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from mtcheck import __version__
from mtcheck.api import (
    DEFAULT_MAX_FILE_SIZE,
    FileReport,
    SourceFile,
    encode,
    read_source,
    write_atomic,
)
from mtcheck.discovery import STDIN, iter_files
from mtcheck.documents import InputError, decode, parse
from mtcheck.engine import DEFAULT_MIN_CONFIDENCE, CheckOptions, check_document

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


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
    except ValueError:
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
    check.add_argument("--format", default="text", choices=("text", "json"),
                       help="output format (default text)")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")

    fix = commands.add_parser("fix", help="apply fixes in place (safe ones by default)")
    _add_check_options(fix)
    fix.add_argument("--diff", action="store_true",
                     help="print a unified diff and change nothing")
    fix.add_argument("--unsafe-fixes", action="store_true",
                     help="also apply fixes marked unsafe")

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

    rules = commands.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("--explain", metavar="CODE", help="explain one rule")
    rules.add_argument("--format", default="text", choices=("text", "json"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run mtcheck; return the exit code (the console script exits with it)."""
    stdout, stderr = sys.stdout, sys.stderr
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help(stdout)
            return EXIT_ERROR
        if args.command == "rules":
            return _run_rules(args, stdout)
        if args.command == "eval":
            return _run_eval(args, stdout, stderr)
        return _run_check_or_fix(args, stdout, stderr)
    except UsageError as exc:
        print(f"mtcheck: error: {exc}", file=stderr)
        return EXIT_ERROR
    except InputError as exc:
        print(f"mtcheck: error: {exc}", file=stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("mtcheck: interrupted; files already written are complete, others untouched",
              file=stderr)
        return 130
    except BrokenPipeError:
        return EXIT_ERROR


def _run_rules(args: argparse.Namespace, out: TextIO) -> int:
    from mtcheck.rules import all_rules, get_rule

    if args.explain:
        rule = get_rule(args.explain)
        if rule is None:
            raise UsageError(f"unknown rule code {args.explain!r}; `mtcheck rules` lists them")
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
        model = " [model]" if rule.verified_by_lm else ""
        out.write(f"{rule.code}  {rule.name:<28} {rule.summary}{model}\n")
    return EXIT_CLEAN


def _rule_dict(rule: object) -> dict[str, object]:
    from mtcheck.rules import Rule

    assert isinstance(rule, Rule)
    return {
        "code": rule.code, "name": rule.name, "summary": rule.summary,
        "explanation": rule.explanation, "fix": rule.fix, "severity": rule.severity.value,
        "verified_by_lm": rule.verified_by_lm,
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


def _options(args: argparse.Namespace, stats: dict[str, object], err: TextIO) -> CheckOptions:
    verifier = _load_verifier(args, stats, err)
    return CheckOptions(
        select=tuple(args.select or ()),
        ignore=tuple(args.ignore or ()),
        min_confidence=(args.min_confidence if args.min_confidence is not None
                        else DEFAULT_MIN_CONFIDENCE),
        verifier=verifier,
    )


def _load_verifier(args: argparse.Namespace, stats: dict[str, object], err: TextIO):  # type: ignore[no-untyped-def]
    """The language-model verifier, or None (heuristics only)."""
    if args.no_lm:
        stats["lm"] = "off"
        return None
    try:
        from mtcheck.lm import load_verifier  # type: ignore[attr-defined]
    except ImportError:
        load_verifier = None
    if load_verifier is None:
        if args.require_lm:
            raise InputError("the language model is not available in this build of mtcheck")
        stats["lm"] = "unavailable"
        return None
    return load_verifier(args, stats, err)


def _read(path: str, args: argparse.Namespace, stdin: TextIO | None = None) -> SourceFile:
    if path == STDIN:
        data = (stdin or sys.stdin).buffer.read() if hasattr(stdin or sys.stdin, "buffer") else (
            (stdin or sys.stdin).read().encode("utf-8"))
        name = args.stdin_filename or "-"
        text, bom = decode(data, name)
        fmt = "markdown" if Path(name).suffix.lower() in (".md", ".markdown") else "text"
        return SourceFile(name, text, fmt, bom)
    return read_source(path, args.max_file_size)


def _run_check_or_fix(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    stats: dict[str, object] = {}
    paths = list(iter_files(args.paths))
    if not paths:
        raise InputError(f"{', '.join(args.paths)}: no Markdown or text files found")
    options = _options(args, stats, err)
    if args.command == "fix":
        return _run_fix(args, paths, options, out, err)
    return _run_check(args, paths, options, stats, out, err)


def _run_check(args: argparse.Namespace, paths: list[str], options: CheckOptions,
               stats: dict[str, object], out: TextIO, err: TextIO) -> int:
    from mtcheck.formatters import RenderOptions, Report, renderer

    started = time.perf_counter()
    reports: list[FileReport] = []
    errors: list[str] = []
    words = 0
    for path in paths:
        try:
            source = _read(path, args)
        except InputError as exc:
            errors.append(str(exc))
            print(f"mtcheck: error: {exc}", file=err)
            continue
        document = parse(source.text, source.format, source.path)
        words += sum(len(s.text.split()) for s in document.sentences)
        findings = check_document(document, options)
        reports.append(FileReport(source.path, source.text, tuple(findings), source.format))
    stats.update({"files": len(reports), "findings": sum(len(r.findings) for r in reports),
                  "words": words, "seconds": round(time.perf_counter() - started, 3)})
    report = Report(reports, stats=stats, signature=_signature(options, stats), errors=errors)
    color = args.color == "always" or (
        args.color == "auto" and not args.output and out.isatty()
        and "NO_COLOR" not in os.environ)
    rendered = renderer(args.format)(report, RenderOptions(color=color))
    if args.output:
        try:
            Path(args.output).write_text(rendered, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{args.output}: cannot write report ({exc.strerror})") from None
    else:
        out.write(rendered)
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if report.finding_count else EXIT_CLEAN


def _signature(options: CheckOptions, stats: dict[str, object]) -> dict[str, object]:
    return {
        "mtcheck": __version__,
        "select": list(options.select) or ["ALL"],
        "ignore": list(options.ignore),
        "min_confidence": options.min_confidence,
        "model": stats.get("lm_model", None),
    }


def _run_eval(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``mtcheck eval``: exit 0 with a report, 2 for unreadable or mismatched inputs."""
    import json

    from mtcheck.evaluate import evaluate, read_corpus, render_text

    corpus = read_corpus(args.mt, args.ref)  # before loading the model: bad inputs fail fast
    stats: dict[str, object] = {}
    options = _options(args, stats, err)
    evaluation = evaluate(corpus, options, unsafe=args.unsafe_fixes)
    signature = _signature(options, stats)
    if args.format == "json":
        report = evaluation.as_dict()
        report["signatures"]["mtcheck"] = signature
        out.write(json.dumps(report, indent=2) + "\n")
    else:
        out.write(render_text(evaluation, "|".join(
            f"{key}:{','.join(map(str, value)) if isinstance(value, list) else value}"
            for key, value in signature.items())))
    return EXIT_CLEAN


def _run_fix(args: argparse.Namespace, paths: list[str], options: CheckOptions,
             out: TextIO, err: TextIO) -> int:
    from mtcheck.api import fix

    status = EXIT_CLEAN
    changed_files = applied_total = remaining_total = 0
    for path in paths:
        try:
            source = _read(path, args)
        except InputError as exc:
            print(f"mtcheck: error: {exc}", file=err)
            status = EXIT_ERROR
            continue
        result = fix(source.text, format=source.format, options=options,
                     unsafe=args.unsafe_fixes)
        remaining_total += len(result.remaining)
        if path == STDIN and not args.diff:
            out.write(result.text)
            applied_total += len(result.applied)
            continue
        if not result.changed:
            continue
        if args.diff:
            out.writelines(difflib.unified_diff(
                source.text.splitlines(keepends=True), result.text.splitlines(keepends=True),
                fromfile=f"a/{source.path}", tofile=f"b/{source.path}"))
            applied_total += len(result.applied)
            continue
        try:
            if Path(path).is_symlink():
                raise InputError(f"{path}: is a symbolic link; not changed")
            write_atomic(path, encode(result.text, source.bom))
        except InputError as exc:
            print(f"mtcheck: error: {exc}", file=err)
            status = EXIT_ERROR
            continue
        except OSError as exc:
            print(f"mtcheck: error: {path}: cannot write ({exc.strerror}); not changed",
                  file=err)
            status = EXIT_ERROR
            continue
        changed_files += 1
        applied_total += len(result.applied)
    verb = "Would fix" if args.diff else "Fixed"
    if status == EXIT_ERROR and not applied_total:
        return status
    print(f"{verb} {applied_total} problem{'s' if applied_total != 1 else ''}"
          + ("" if args.diff else f" in {changed_files} file{'s' if changed_files != 1 else ''}")
          + (f"; {remaining_total} left (unsafe or manual)" if remaining_total else "") + ".",
          file=err)
    if status == EXIT_ERROR:
        return status
    return EXIT_FINDINGS if remaining_total and not args.diff else EXIT_CLEAN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
