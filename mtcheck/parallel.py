"""Check many files, in this process or in worker processes (``--jobs N``).

Each worker builds its :class:`CheckOptions` once, in its initializer, from a picklable
factory, so the language model loads once per worker, not once per file. Workers are spawned
(not forked: a forked copy of a process that has started torch threads can deadlock). Results
come back in the order of the inputs, so ``--jobs 2`` reports exactly what ``--jobs 1`` does.
"""

from __future__ import annotations

import io
import os
import signal
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from mtcheck.api import SourceFile
from mtcheck.documents import Document, parse
from mtcheck.engine import CheckOptions, check_document, check_documents
from mtcheck.locate import LineIndex
from mtcheck.model import Finding

if TYPE_CHECKING:
    from concurrent.futures import Future

# Files checked together in one process, so that the model scores their candidates in one
# batch (the scores of 16 files' candidates fit well within the model's score cache).
BATCH_FILES = 16

# factory(stats, err) -> options: may load the model, recording what it did in ``stats``.
OptionsFactory = Callable[[dict[str, object], TextIO], CheckOptions]


@dataclass(frozen=True)
class FileOutcome:
    """What checking one file produced: its findings, its word count, directive warnings."""

    findings: tuple[Finding, ...]
    words: int
    warnings: tuple[str, ...] = ()


def check_source(source: SourceFile, options: CheckOptions) -> FileOutcome:
    document = parse(source.text, source.format, source.path)
    return _outcome(document, check_document(document, options))


def _outcome(document: Document, findings: list[Finding]) -> FileOutcome:
    words = sum(len(sentence.text.split()) for sentence in document.sentences)
    return FileOutcome(tuple(findings), words, directive_warnings(document))


def directive_warnings(document: Document) -> tuple[str, ...]:
    """``path:line: problem`` for each suppression directive that was not understood."""
    if not document.directives:
        return ()
    from mtcheck.suppressions import parse_directives

    _, problems = parse_directives(document)
    if not problems:
        return ()
    index = LineIndex(document.text)
    return tuple(f"{document.path}:{index.position(p.offset)[0]}: {p.message}"
                 for p in problems)


def check_sources(sources: Sequence[SourceFile], factory: OptionsFactory, *, jobs: int,
                  stats: dict[str, object], err: TextIO,
                  on_done: Callable[[], None] | None = None,
                  prepare: Callable[[TextIO], None] | None = None) -> list[FileOutcome]:
    """Check ``sources``, building options only if there is something to check.

    With worker processes, ``prepare(err)`` runs here first (to build once what every worker
    would otherwise build at the same time), and the workers print nothing: what they did is
    in ``stats``.
    """
    if not sources:
        return []
    if jobs <= 1 or len(sources) == 1:
        options = factory(stats, err)
        outcomes = []
        # Files go through the engine a few at a time, so that the model (when it runs)
        # scores their candidates in one batch: much faster than one small file at a time.
        for lo in range(0, len(sources), BATCH_FILES):
            batch = sources[lo: lo + BATCH_FILES]
            documents = [parse(source.text, source.format, source.path) for source in batch]
            for document, findings in zip(documents, check_documents(documents, options),
                                          strict=True):
                outcomes.append(_outcome(document, findings))
                if on_done:
                    on_done()
        return outcomes
    if prepare:
        prepare(err)
    return _check_in_pool(sources, factory, min(jobs, len(sources)), stats, on_done)


def _check_in_pool(sources: Sequence[SourceFile], factory: OptionsFactory, workers: int,
                   stats: dict[str, object],
                   on_done: Callable[[], None] | None) -> list[FileOutcome]:
    # Imported here: a run in one process (the usual case) does not pay for them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    outcomes: list[FileOutcome | None] = [None] * len(sources)
    snapshots: dict[int, dict[str, object]] = {}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(factory,))
    try:
        futures: dict[Future[tuple[FileOutcome, int, dict[str, object]]], int] = {
            pool.submit(_check_in_worker, source): index for index, source in enumerate(sources)
        }
        for future in as_completed(futures):
            outcome, pid, snapshot = future.result()
            outcomes[futures[future]] = outcome
            snapshots[pid] = snapshot
            if on_done:
                on_done()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    _merge_stats(stats, snapshots.values())
    stats["jobs"] = workers
    return [outcome for outcome in outcomes if outcome is not None]


# The workers' statistics that add up (counts and seconds); the others (the model's name, its
# threshold) are the same in every worker.
ADDED_UP = frozenset({"lm_decisions", "lm_seconds", "lm_load_seconds"})


def _merge_stats(stats: dict[str, object], snapshots: Iterable[dict[str, object]]) -> None:
    """Add up the workers' counts and seconds (ADDED_UP); keep the first value of the others."""
    for snapshot in snapshots:
        for key, value in snapshot.items():
            if key in ADDED_UP:
                stats[key] = round(stats.get(key, 0) + value, 3)  # type: ignore[operator]
            else:
                stats.setdefault(key, value)


# --- inside a worker process -------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _start_worker(factory: OptionsFactory) -> None:
    # Ctrl-C is the parent's to handle; workers stop when the parent shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stats: dict[str, object] = {}
    _WORKER["stats"] = stats
    try:
        _WORKER["options"] = factory(stats, io.StringIO())  # the parent reports
    except Exception as exc:  # raised again with the first file, in the parent
        _WORKER["error"] = exc


def _check_in_worker(source: SourceFile) -> tuple[FileOutcome, int, dict[str, object]]:
    error = _WORKER.get("error")
    if error is not None:
        raise error
    outcome = check_source(source, _WORKER["options"])
    return outcome, os.getpid(), dict(_WORKER["stats"])
