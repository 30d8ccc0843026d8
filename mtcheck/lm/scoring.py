"""Score alternative wordings of a sentence with a causal language model.

A :class:`Comparison` is one sentence with one place in it that could read several ways:
``prefix + variant + suffix`` for each variant (variant 0 is the text as written). The score of
a variant is the sum of token log-probabilities (nats) over the tokens that cover the variant
and at least the next few tokens of the suffix, all conditioned on the whole prefix. Every
variant is scored over the same stretch of suffix text, so scores are directly comparable.

How it stays fast on a CPU:

* each sentence as written is run once, and each alternative only from where it departs: its
  few tokens are packed after the sentence in the same row, with an attention mask that lets
  them see the shared prefix and themselves, never the written variant (so the result is what
  a separate run of the alternative would give). Several short sentences share one packed row,
  so there is next to no padding and one forward pass serves a whole batch;
* the vocabulary projection (the costliest matrix: 262k x 640 for Gemma) is applied only at the
  positions that are scored, once per position however many variants share it, and
  comparisons normalise over the English part of the vocabulary (see vocabulary.py), a fifth
  of Gemma's, plus the token being scored;
* scores are remembered in an LRU keyed by the sentence text.
"""

from __future__ import annotations

import os
import re
import time
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mtcheck.lm.loading import (
    BadSetting,
    LoadedModel,
    ProgressCallback,
    load_model,
    release_freed_memory,
)
from mtcheck.lm.vocabulary import english_token_ids

# Tokens of suffix that must be scored after the variant: fewer breaks multi-word names
# ("Popular Mobilization Forces", "Green Zone") whose later words carry the evidence.
MIN_SUFFIX_TOKENS = 3
# Keep well under Gemma's 512-token sliding window; longer sentences lose their far prefix.
MAX_SEQUENCE_TOKENS = 448
# Most suffix tokens scored after a variant, even when a comparison reads "to the end of the
# sentence": a sentence with no end (hostile or broken text) must not make one endless row.
MAX_SUFFIX_TOKENS = 256
# Most tokens in one sentence's packed group (the sentence and its alternatives' tails).
MAX_GROUP_TOKENS = 2048
# Rows x tokens per forward pass, and rows per vocabulary-projection chunk.
TOKENS_PER_BATCH = 1536
VOCAB_CHUNK = 8192
# Most padded tokens a forward batch may hold per real token.
PADDING_SLACK = 1.5
# Tokens per packed row of comparisons: several short sentences share a row, so rows need
# next to no padding, while attention (quadratic in the row) stays cheap.
PACK_TOKENS = 256
# Positions per vocabulary block: bounds the logits in memory (256 x 8192 floats = 8 MB).
POSITION_CHUNK = 256
# Stands for a character of markup that the prose blanked ("*" in "*women*,"): the model
# reads nothing there (see read_text and model_prose), nor where a text holds a NUL itself.
MARKUP = "\x00"
# A run of whitespace and blanked markup: one space if it holds whitespace, else nothing.
_GAP = re.compile(r"[\s\x00]+")

def torch_threads() -> int | None:
    """``MTCHECK_THREADS``: how many threads torch computes with (unset: torch's choice);
    anything but a positive whole number is :class:`BadSetting`."""
    value = os.environ.get("MTCHECK_THREADS", "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise BadSetting(f"MTCHECK_THREADS must be a positive whole number, not {value!r}")
    return int(value)


# on_progress(done, total, unit) after each forward pass: "candidates" (comparisons) scored by
# one score() call, or "sentences" read by one surprisal() call.
ScoringProgress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Comparison:
    """``prefix + variants[i] + suffix`` for each i; ``variants[0]`` is the text as written.

    ``window`` is how many suffix tokens (at least) to score after the variant; None means
    the model's default (3). A large number scores the whole rest of the sentence.
    """

    prefix: str
    variants: tuple[str, ...]
    suffix: str
    window: int | None = None

    def text(self, index: int) -> str:
        return self.prefix + self.variants[index] + self.suffix


@dataclass(frozen=True)
class TokenSurprisal:
    """One token of a sentence: character offsets into the sentence and -log p in nats."""

    start: int
    end: int
    nats: float


def read_text(text: str) -> str:
    """``text`` as a reader sees it: each run of whitespace one space, blanked markup
    (:data:`MARKUP`, see :func:`model_prose`) nothing.

    A wrapped line breaks a sentence, and a document's markup is blanked in its prose ("the
    **Festival** when"); the model would read both as the text's own layout ("day of the
    Festival when" 4.7 nats below its lowercase, 2.7 with the spaces of the bold markup; "and
    *women*, the" as "and women , the" turned a decision).
    """
    return _GAP.sub(_gap, text)


def _gap(match: re.Match[str]) -> str:
    return " " if match.group().replace(MARKUP, "") else ""  # holds whitespace


def as_read(text: str) -> tuple[str, list[int]]:
    """``read_text(text)``, and where each of its characters stands in ``text`` (one entry
    more, for its end), to map what the model finds back to the text."""
    positions: list[int] = []
    cursor = 0
    for match in _GAP.finditer(text):
        positions += range(cursor, match.start())
        if _gap(match):
            positions.append(match.start())
        cursor = match.end()
    positions += [*range(cursor, len(text)), len(text)]
    return read_text(text), positions


def model_prose(text: str, prose: str) -> str:
    """``prose`` (the document's ``text`` with markup blanked to spaces) with each blanked
    character that was not whitespace in ``text`` as :data:`MARKUP`, the same length, so that
    the model reads "*women*," as "women,", not as "women ,"."""
    marked: list[str] | None = None
    for run in re.finditer(r" +", prose):
        start, end = run.span()
        if text[start:end] == prose[start:end]:
            continue
        if marked is None:
            marked = list(prose)
        for i in range(start, end):
            if not text[i].isspace():
                marked[i] = MARKUP
    return prose if marked is None else "".join(marked)


@dataclass
class _Plan:
    """Token-level layout of one comparison."""

    ids: list[list[int]]  # per variant, BOS first (possibly with the far prefix trimmed)
    start: int  # first scored token index (same for all variants; tokens before are shared)
    ends: list[int]  # per variant, index one past the last scored token
    keys: list[tuple[str, int, int]]  # per variant, the LRU key


@dataclass
class _Stats:
    forward_tokens: int = 0
    projected_positions: int = 0
    cache_hits: int = 0
    comparisons: int = 0
    forward_seconds: float = 0.0
    projection_seconds: float = 0.0


class ScoringModel:
    """A loaded causal LM that scores :class:`Comparison` batches and sentence surprisal."""

    def __init__(self, loaded: LoadedModel, *, cache_size: int = 20000,
                 min_suffix_tokens: int = MIN_SUFFIX_TOKENS) -> None:
        import torch

        self.name = loaded.name
        self.revision = loaded.revision
        self.device = loaded.device
        self.dtype = loaded.dtype
        self.load_seconds = loaded.load_seconds
        self.converted = loaded.converted
        self._torch = torch
        self._tokenizer = loaded.tokenizer
        lm = loaded.model
        self._body = getattr(lm, lm.base_model_prefix)
        head = lm.get_output_embeddings()
        # The vocabulary matrix (bfloat16 when tied to the embedding; see loading).
        self._vocab = head.weight.detach()
        bias = getattr(head, "bias", None)
        self._vocab_bias = None if bias is None else bias.detach().float()
        self._softcap = getattr(lm.config, "final_logit_softcapping", None)
        # Comparisons normalise over the English part of the vocabulary (see vocabulary.py),
        # kept apart in float32 so that no call converts it again.
        subset = english_token_ids(self._tokenizer, self._vocab.shape[0])
        self._subset_bias = None
        self._subset_matrix = None if subset is None else self._subset_of(subset)
        self._in_subset = None
        if subset is not None:
            self._in_subset = torch.zeros(self._vocab.shape[0], dtype=torch.bool)
            self._in_subset[subset] = True
        release_freed_memory()  # what reading the vocabulary for the subset allocated
        self._bos = self._tokenizer.bos_id
        self._min_suffix_tokens = min_suffix_tokens
        self._cache: OrderedDict[tuple[str, int, int], float] = OrderedDict()
        self._cache_size = cache_size
        self.stats = _Stats()
        # Told how far a long score() or surprisal() call has got (a progress bar's hook).
        self.on_progress: ScoringProgress | None = None
        threads = torch_threads()
        if threads is not None:
            torch.set_num_threads(threads)

    @classmethod
    def load(cls, model: str | os.PathLike[str] | None = None, *, device: str = "cpu",
             progress: ProgressCallback | None = None) -> ScoringModel:
        """Load ``model`` (None = the default Gemma 3 270M) and wrap it for scoring."""
        torch_threads()  # a bad setting is reported before a model is loaded for nothing
        return cls(load_model(model, device=device, progress=progress))

    # -- public API --------------------------------------------------------------------------

    def score(self, comparisons: Sequence[Comparison]) -> list[tuple[float, ...]]:
        """Log-probability (nats) of each variant of each comparison, in input order."""
        plans = [self._plan(c) for c in comparisons]
        self.stats.comparisons += len(plans)
        # Cached scores are read first and computed ones kept apart: one call may compute
        # more scores than the cache holds, and those would push out what it reads back.
        results: list[tuple[float, ...]] = [() for _ in plans]
        todo = []
        for i, plan in enumerate(plans):
            if all(key in self._cache for key in plan.keys):
                for key in plan.keys:
                    self._cache.move_to_end(key)
                results[i] = tuple(self._cache[key] for key in plan.keys)
            else:
                todo.append(i)
        self.stats.cache_hits += len(plans) - len(todo)
        computed: dict[tuple[str, int, int], float] = {}
        if todo:
            self._compute([plans[i] for i in todo], computed)
        for i in todo:
            results[i] = tuple(computed[key] for key in plans[i].keys)
        return results

    def surprisal(self, sentences: Sequence[str]) -> list[list[TokenSurprisal]]:
        """Per-token surprisal (nats) of each sentence, conditioned on BOS and what precedes."""
        encoded = [self._encode(s) for s in sentences]
        results: list[list[TokenSurprisal]] = [[] for _ in sentences]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
        lengths = [min(len(ids), MAX_SEQUENCE_TOKENS) for ids, _ in encoded]
        done = 0
        for batch in self._token_batches(order, lengths.__getitem__):
            rows = [encoded[i][0][:MAX_SEQUENCE_TOKENS] for i in batch]
            hidden = self._forward(rows)
            positions = [(r, p) for r, row in enumerate(rows) for p in range(len(row) - 1)]
            targets = [rows[r][p + 1] for r, p in positions]
            vectors = hidden[[r for r, _ in positions], [p for _, p in positions]]
            logprobs = self._logprobs(vectors, targets, full=True)
            k = 0
            for r, i in enumerate(batch):
                offsets = encoded[i][1]
                for p in range(len(rows[r]) - 1):
                    start, end = offsets[p + 1]
                    results[i].append(TokenSurprisal(start, end, -float(logprobs[k])))
                    k += 1
            del hidden
            done += len(batch)
            self._report(done, len(sentences), "sentences")
        return results

    def clear_cache(self) -> None:
        self._cache.clear()

    @property
    def cache_size(self) -> int:
        """How many scores (one per variant of a comparison) the score cache keeps."""
        return self._cache_size

    # -- planning ----------------------------------------------------------------------------

    def _encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Token ids with BOS first, and each token's character span (BOS gets (0, 0))."""
        ids, offsets = self._tokenizer.encode(text)
        return [self._bos, *ids], [(0, 0), *offsets]

    def _plan(self, comparison: Comparison) -> _Plan:
        boundary = len(comparison.prefix)
        encoded = [self._encode(comparison.text(i)) for i in range(len(comparison.variants))]
        ids = [e[0] for e in encoded]
        offsets = [e[1] for e in encoded]
        shared = _common_prefix_length(ids)
        # Tokens are compared from the first one that reaches into the variant (or from where
        # the tokenizations part, if a merge across the boundary makes that earlier).
        first = [next((i for i, (_, end) in enumerate(offs) if end > boundary and i > 0), len(offs))
                 for offs in offsets]
        start = max(1, min(shared, *first))
        cut = self._suffix_cutoff(comparison, offsets)
        ends, keys = [], []
        for v, offs in enumerate(offsets):
            stop = boundary + len(comparison.variants[v]) + cut
            end = next((i + 1 for i, (_, e) in enumerate(offs) if e >= stop), len(offs))
            ends.append(end)
            text = comparison.text(v)
            keys.append((text, offs[start][0] if start < len(offs) else len(text), stop))
        # Trim the far prefix (identical in every variant) when a sentence is very long.
        excess = max(ends) - MAX_SEQUENCE_TOKENS
        if excess > 0:
            drop = min(excess, start - 1)
            ids = [[row[0], *row[1 + drop:]] for row in ids]
            start -= drop
            ends = [e - drop for e in ends]
        return _Plan(ids=ids, start=start, ends=ends, keys=keys)

    def _suffix_cutoff(self, comparison: Comparison, offsets: list[list[tuple[int, int]]]) -> int:
        """Characters of suffix to score: a token boundary in every variant, at a word end,
        with at least ``window`` whole suffix tokens before it in every variant.

        At most MAX_SUFFIX_TOKENS are scored, whatever the window: past them, the last word
        end before the limit (or, in one endless word, the last token boundary) is the cut.
        """
        suffix = comparison.suffix
        window = comparison.window if comparison.window is not None else self._min_suffix_tokens
        whole_token_ends: list[list[int]] = []
        boundaries: list[set[int]] = []
        for v, offs in enumerate(offsets):
            base = len(comparison.prefix) + len(comparison.variants[v])
            within = [(s - base, e - base) for s, e in offs if e > base]
            whole_token_ends.append([e for s, e in within if s >= 0])  # in order, so sorted
            boundaries.append({e for _, e in within})
        last_word_end: int | None = None
        last_boundary: int | None = None
        for cut in sorted(c for c in set.intersection(*boundaries) if c > 0):
            counts = [bisect_right(ends, cut) for ends in whole_token_ends]
            if max(counts) > MAX_SUFFIX_TOKENS:
                fallback = last_word_end if last_word_end is not None else last_boundary
                return cut if fallback is None else fallback
            last_boundary = cut
            if cut < len(suffix) and not suffix[cut].isspace():
                continue
            if min(counts) >= window:
                return cut
            last_word_end = cut
        return len(suffix)

    # -- computing ---------------------------------------------------------------------------

    def _compute(self, plans: list[_Plan], computed: dict[tuple[str, int, int], float]) -> None:
        """Score every variant of ``plans`` into ``computed`` (and the cache)."""
        # Plans that share the sentence as written share one packed group.
        members: dict[tuple[int, ...], list[int]] = {}
        for i, plan in enumerate(plans):
            members.setdefault(tuple(plan.ids[0]), []).append(i)
        groups = [_Group.build(key, chunk) for key, group in members.items()
                  for chunk in _chunks(len(key), [(i, plans[i]) for i in group])]
        rows = _pack(groups, PACK_TOKENS)
        rows.sort(key=_row_length)
        done: set[int] = set()
        for batch in self._token_batches(rows, _row_length):
            self._compute_rows(batch, computed)
            done.update(i for row in batch for group in row for i, _ in group.keys)
            self._report(len(done), len(plans), "candidates")

    def _report(self, done: int, total: int, unit: str) -> None:
        if self.on_progress is not None:
            self.on_progress(done, total, unit)

    def _compute_rows(self, rows: list[list[_Group]],
                      computed: dict[tuple[str, int, int], float]) -> None:
        """One forward pass over packed rows; score every variant of every group in them."""
        torch = self._torch
        width = max(_row_length(row) for row in rows)
        ids = torch.zeros(len(rows), width, dtype=torch.long)
        positions = torch.zeros(len(rows), width, dtype=torch.long)
        # Token q of a row sees [lo, hi) (its sentence's shared prefix) and [seg, q] (its own
        # segment so far); padding sees only itself.
        lo = torch.zeros(len(rows), width, dtype=torch.long)
        hi = torch.zeros(len(rows), width, dtype=torch.long)
        seg = torch.arange(width).repeat(len(rows), 1)
        for r, row in enumerate(rows):
            base = 0
            for group in row:
                n = len(group.ids)
                ids[r, base: base + n] = torch.tensor(group.ids)
                positions[r, base: base + n] = torch.tensor(group.positions)
                lo[r, base: base + n] = base
                hi[r, base: base + n] = base + torch.tensor(group.prefix)
                seg[r, base: base + n] = base + torch.tensor(group.segment)
                base += n
        k = torch.arange(width)
        q = k[:, None]
        mask = (((k >= lo[:, :, None]) & (k < hi[:, :, None]))
                | ((k >= seg[:, :, None]) & (k <= q)))[:, None]
        started = time.perf_counter()
        with torch.inference_mode():
            out = self._body(input_ids=ids.to(self.device), position_ids=positions.to(self.device),
                             attention_mask=mask.to(self.device), use_cache=False)
        self.stats.forward_seconds += time.perf_counter() - started
        self.stats.forward_tokens += int(ids.numel())
        hidden = out.last_hidden_state
        wanted = _Targets()
        for r, row in enumerate(rows):
            base = 0
            for group in row:
                for at, target, owner, shared in group.targets:
                    wanted.add(hidden[r, base + at], target, owner,
                               shared=(r, base + at) if shared else None)
                base += len(group.ids)
        logprobs = self._logprobs(torch.stack(wanted.vectors), wanted.targets, wanted.rows)
        totals: dict[tuple[int, int], float] = {}
        keys: dict[tuple[int, int], tuple[str, int, int]] = {}
        for row in rows:
            for group in row:
                keys.update(group.keys)
        for owner, value in zip(wanted.owners, logprobs.tolist(), strict=True):
            totals[owner] = totals.get(owner, 0.0) + value
        for owner, key in keys.items():
            computed[key] = totals.get(owner, 0.0)  # 0.0: nothing to score (should not happen)
            self._remember(key, computed[key])

    def _forward(self, rows: list[list[int]]) -> Any:
        """Run right-padded rows; return their last hidden states [B, T, H]."""
        torch = self._torch
        width = max(len(r) for r in rows)
        ids = torch.zeros(len(rows), width, dtype=torch.long)
        mask = torch.zeros(len(rows), width, dtype=torch.long)
        for r, row in enumerate(rows):
            ids[r, : len(row)] = torch.tensor(row, dtype=torch.long)
            mask[r, : len(row)] = 1
        started = time.perf_counter()
        with torch.inference_mode():
            out = self._body(input_ids=ids.to(self.device), attention_mask=mask.to(self.device),
                             use_cache=False)
        self.stats.forward_seconds += time.perf_counter() - started
        self.stats.forward_tokens += int(ids.numel())
        return out.last_hidden_state

    def _logprobs(self, vectors: Any, targets: list[int], rows: list[int] | None = None, *,
                  full: bool = False) -> Any:
        """log p(targets[k]) predicted from hidden vector ``rows[k]`` (default: the k-th).

        Normalised over the English subset of the vocabulary plus the target itself (see
        vocabulary.py), or over the whole vocabulary when ``full`` or when there is no subset.
        Each vector is projected once however many targets it has.
        """
        torch = self._torch
        started = time.perf_counter()
        with torch.inference_mode():
            vectors = vectors.float()
            target = torch.tensor(targets, dtype=torch.long, device=vectors.device)
            row = (torch.arange(len(targets), device=vectors.device) if rows is None
                   else torch.tensor(rows, dtype=torch.long, device=vectors.device))
            picked = (vectors[row] * self._vocab[target].float()).sum(-1)
            if self._vocab_bias is not None:
                picked = picked + self._vocab_bias[target]
            if self._softcap:
                picked = torch.tanh(picked / self._softcap) * self._softcap
            if full or self._subset_matrix is None:
                total = self._log_normaliser(vectors, self._vocab, self._vocab_bias)[row]
            else:
                total = self._log_normaliser(vectors, self._subset_matrix, self._subset_bias)[row]
                assert self._in_subset is not None  # set with the subset matrix
                outside = ~self._in_subset[target]
                total = torch.where(outside, torch.logaddexp(total, picked), total)
        self.stats.projected_positions += int(vectors.shape[0])
        self.stats.projection_seconds += time.perf_counter() - started
        return (picked - total).cpu()

    def _log_normaliser(self, vectors: Any, matrix: Any, bias: Any) -> Any:
        """log sum_v exp(logit_v) over the rows of ``matrix``, for each float32 vector.

        The matrix is walked in float32 chunks with a running log-sum-exp, so the full
        [positions x vocabulary] logits never exist and a bfloat16 matrix is converted once
        per call rather than once per position.
        """
        torch = self._torch
        total = torch.full((vectors.shape[0],), float("-inf"), device=vectors.device)
        for lo in range(0, matrix.shape[0], VOCAB_CHUNK):
            block = matrix[lo: lo + VOCAB_CHUNK].float().T
            for at in range(0, vectors.shape[0], POSITION_CHUNK):
                logits = vectors[at: at + POSITION_CHUNK] @ block
                if bias is not None:
                    logits += bias[lo: lo + VOCAB_CHUNK]
                if self._softcap:
                    logits = torch.tanh(logits / self._softcap) * self._softcap
                part = total[at: at + POSITION_CHUNK]
                total[at: at + POSITION_CHUNK] = torch.logaddexp(
                    part, torch.logsumexp(logits, dim=-1))
        return total

    def _subset_of(self, ids: list[int]) -> Any:
        """The float32 rows of the vocabulary matrix for ``ids`` (and their biases)."""
        torch = self._torch
        index = torch.tensor(ids, dtype=torch.long)
        self._subset_bias = None if self._vocab_bias is None else self._vocab_bias[index]
        matrix = torch.empty(len(ids), self._vocab.shape[1], dtype=torch.float32)
        with torch.inference_mode():  # chunk by chunk: no second copy of the subset at once
            for lo in range(0, len(ids), VOCAB_CHUNK):
                matrix[lo: lo + VOCAB_CHUNK] = self._vocab[index[lo: lo + VOCAB_CHUNK]].float()
        return matrix

    def _token_batches(self, items: list[Any], length: Any) -> list[list[Any]]:
        """Group items (sorted by length) so rows x longest row stays under the budget and
        padding stays under PADDING_SLACK of the real tokens (padding costs full compute)."""
        batches: list[list[Any]] = []
        current: list[Any] = []
        real = 0
        for item in items:
            size = max(length(item), 1)
            padded = (len(current) + 1) * size
            if current and (padded > TOKENS_PER_BATCH or padded > PADDING_SLACK * (real + size)):
                batches.append(current)
                current, real = [], 0
            current.append(item)
            real += size
        if current:
            batches.append(current)
        return batches

    def _remember(self, key: tuple[str, int, int], value: float) -> None:
        self._cache[key] = value
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)


@dataclass
class _Group:
    """A sentence as written, followed by the tails of its alternatives, packed in one row.

    Each alternative's tail attends to the sentence's shared prefix and to itself only (see
    the mask in ``_compute_rows``), so it is scored exactly as if it followed the prefix alone.
    """

    ids: list[int] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    prefix: list[int] = field(default_factory=list)  # per token: shared-prefix tokens it sees
    segment: list[int] = field(default_factory=list)  # per token: where its own segment starts
    # (index in group, target id, (plan, variant), index shared by several variants?)
    targets: list[tuple[int, int, tuple[int, int], bool]] = field(default_factory=list)
    keys: dict[tuple[int, int], tuple[str, int, int]] = field(default_factory=dict)

    @classmethod
    def build(cls, written: tuple[int, ...], plans: list[tuple[int, _Plan]]) -> _Group:
        group = cls()
        length = min(len(written), max(max(p.ends[0] - 1, p.start) for _, p in plans))
        group._append(list(written[:length]), 0, prefix=0)
        for i, plan in plans:
            for p in range(plan.start - 1, plan.ends[0] - 1):
                group.targets.append((p, plan.ids[0][p + 1], (i, 0), True))
            group.keys[(i, 0)] = plan.keys[0]
            for v in range(1, len(plan.ids)):
                group.keys[(i, v)] = plan.keys[v]
                if plan.ends[v] <= plan.start:
                    continue
                # The first scored token is predicted from the shared prefix.
                group.targets.append((plan.start - 1, plan.ids[v][plan.start], (i, v), True))
                tail = plan.ids[v][plan.start: plan.ends[v] - 1]
                base = len(group.ids)
                group._append(tail, plan.start, prefix=plan.start)
                for k in range(len(tail)):
                    group.targets.append((base + k, plan.ids[v][plan.start + k + 1], (i, v), False))
        return group

    def _append(self, tokens: list[int], first_position: int, prefix: int) -> None:
        base = len(self.ids)
        self.ids.extend(tokens)
        self.positions.extend(range(first_position, first_position + len(tokens)))
        self.prefix.extend([prefix] * len(tokens))
        self.segment.extend([base] * len(tokens))


def _chunks(written: int, plans: list[tuple[int, _Plan]]) -> list[list[tuple[int, _Plan]]]:
    """The plans of one sentence in groups of at most MAX_GROUP_TOKENS tokens (a plan too
    long for that alone gets a group of its own). One group held every alternative's tail:
    a run-on sentence of 400 words with a hundred capitals, each read to the end, made one row
    of tens of thousands of tokens, whose attention took minutes and 2 GB."""
    chunks: list[list[tuple[int, _Plan]]] = []
    size = written
    for i, plan in plans:
        tails = sum(max(0, end - 1 - plan.start) for end in plan.ends[1:])
        if chunks and chunks[-1] and size + tails <= MAX_GROUP_TOKENS:
            chunks[-1].append((i, plan))
            size += tails
        else:
            chunks.append([(i, plan)])
            size = written + tails
    return chunks


def _pack(groups: list[_Group], capacity: int) -> list[list[_Group]]:
    """First-fit-decreasing: rows of groups, each row at most ``capacity`` tokens (a longer
    group gets a row of its own), so that rows need next to no padding."""
    rows: list[list[_Group]] = []
    room: list[int] = []
    for group in sorted(groups, key=lambda g: -len(g.ids)):
        size = len(group.ids)
        for r, free in enumerate(room):
            if size <= free:
                rows[r].append(group)
                room[r] -= size
                break
        else:
            rows.append([group])
            room.append(max(0, capacity - size))
    return rows


def _row_length(row: list[_Group]) -> int:
    return sum(len(group.ids) for group in row)


@dataclass
class _Targets:
    """Tokens to score: each predicted from a hidden vector, credited to (plan, variant).

    A vector that several variants share (the one before the first scored token, predicted
    from the common prefix) is kept once, so it is projected onto the vocabulary once.
    """

    vectors: list[Any] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # per target, index into vectors
    targets: list[int] = field(default_factory=list)
    owners: list[tuple[int, int]] = field(default_factory=list)
    _shared: dict[tuple[int, int], int] = field(default_factory=dict)

    def add(self, vector: Any, target: int, owner: tuple[int, int],
            shared: tuple[int, int] | None = None) -> None:
        index = self._shared.get(shared) if shared is not None else None
        if index is None:
            index = len(self.vectors)
            self.vectors.append(vector)
            if shared is not None:
                self._shared[shared] = index
        self.rows.append(index)
        self.targets.append(target)
        self.owners.append(owner)


def _common_prefix_length(rows: list[list[int]]) -> int:
    n = min(len(r) for r in rows)
    for i in range(n):
        if any(r[i] != rows[0][i] for r in rows):
            return i
    return n


__all__ = ["Comparison", "ScoringModel", "TokenSurprisal", "as_read", "read_text"]
