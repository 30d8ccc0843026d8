"""Score alternative wordings of a sentence with a causal language model.

A :class:`Comparison` is one sentence with one place in it that could read several ways:
``prefix + variant + suffix`` for each variant (variant 0 is the text as written). The score of
a variant is the sum of token log-probabilities (nats) over the tokens that cover the variant
and at least the next few tokens of the suffix, all conditioned on the whole prefix. Every
variant is scored over the same stretch of suffix text, so scores are directly comparable.

How it stays fast on a CPU:

* the sentence as written is run once; its hidden states score variant 0 of every comparison
  in that sentence, and its key/value cache stands in for the prefix of every alternative, so
  an alternative costs only the few tokens after the prefix;
* the vocabulary projection (the costliest matrix: 262k x 640 for Gemma) is applied only at the
  positions that are scored, never to the whole sequence;
* sentences are batched, and scores are remembered in an LRU keyed by the sentence text.
"""

from __future__ import annotations

import inspect
import os
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mtcheck.lm.loading import LoadedModel, ProgressCallback, load_model

# Tokens of suffix that must be scored after the variant: fewer breaks multi-word names
# ("Popular Mobilization Forces", "Green Zone") whose later words carry the evidence.
MIN_SUFFIX_TOKENS = 3
# Keep well under Gemma's 512-token sliding window; longer sentences lose their far prefix.
MAX_SEQUENCE_TOKENS = 448
# Rows x tokens per forward pass, and rows per vocabulary-projection chunk.
TOKENS_PER_BATCH = 1536
VOCAB_CHUNK = 16384
# Positions per vocabulary block: bounds the logits in memory (256 x 16384 floats = 16 MB).
POSITION_CHUNK = 256


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
        self.load_seconds = loaded.load_seconds
        self.converted = loaded.converted
        self._torch = torch
        self._tokenizer = loaded.tokenizer
        lm = loaded.model
        self._body = getattr(lm, lm.base_model_prefix)
        head = lm.get_output_embeddings()
        # The vocabulary matrix (bfloat16 when tied to the embedding; see loading).
        self._vocab = head.weight.detach()
        self._vocab_bias = None if getattr(head, "bias", None) is None else head.bias.detach().float()
        self._softcap = getattr(lm.config, "final_logit_softcapping", None)
        # transformers 5.x renamed past_key_values to cache; speak whichever this one knows.
        self._cache_arg = ("cache" if "cache" in inspect.signature(self._body.forward).parameters
                           else "past_key_values")
        self._bos = self._tokenizer.bos_id
        self._min_suffix_tokens = min_suffix_tokens
        self._cache: OrderedDict[tuple[str, int, int], float] = OrderedDict()
        self._cache_size = cache_size
        self.stats = _Stats()
        threads = os.environ.get("MTCHECK_THREADS")
        if threads:
            torch.set_num_threads(int(threads))

    @classmethod
    def load(cls, model: str | os.PathLike[str] | None = None, *, device: str = "cpu",
             progress: ProgressCallback | None = None) -> ScoringModel:
        """Load ``model`` (None = the default Gemma 3 270M) and wrap it for scoring."""
        return cls(load_model(model, device=device, progress=progress))

    # -- public API --------------------------------------------------------------------------

    def score(self, comparisons: Sequence[Comparison]) -> list[tuple[float, ...]]:
        """Log-probability (nats) of each variant of each comparison, in input order."""
        plans = [self._plan(c) for c in comparisons]
        self.stats.comparisons += len(plans)
        todo = [i for i, plan in enumerate(plans)
                if not all(key in self._cache for key in plan.keys)]
        self.stats.cache_hits += len(plans) - len(todo)
        if todo:
            self._compute([plans[i] for i in todo])
        results = []
        for plan in plans:
            values = []
            for key in plan.keys:
                self._cache.move_to_end(key)
                values.append(self._cache[key])
            results.append(tuple(values))
        return results

    def surprisal(self, sentences: Sequence[str]) -> list[list[TokenSurprisal]]:
        """Per-token surprisal (nats) of each sentence, conditioned on BOS and what precedes."""
        encoded = [self._encode(s) for s in sentences]
        results: list[list[TokenSurprisal]] = [[] for _ in sentences]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
        for batch in self._token_batches(order, lambda i: min(len(encoded[i][0]), MAX_SEQUENCE_TOKENS)):
            rows = [encoded[i][0][:MAX_SEQUENCE_TOKENS] for i in batch]
            hidden, _ = self._forward(rows)
            positions = [(r, p) for r, row in enumerate(rows) for p in range(len(row) - 1)]
            targets = [rows[r][p + 1] for r, p in positions]
            vectors = hidden[[r for r, _ in positions], [p for _, p in positions]]
            logprobs = self._logprobs(vectors, targets)
            k = 0
            for r, i in enumerate(batch):
                offsets = encoded[i][1]
                for p in range(len(rows[r]) - 1):
                    start, end = offsets[p + 1]
                    results[i].append(TokenSurprisal(start, end, -float(logprobs[k])))
                    k += 1
            del hidden
        return results

    def clear_cache(self) -> None:
        self._cache.clear()

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
        with at least ``window`` whole suffix tokens before it in every variant."""
        suffix = comparison.suffix
        window = comparison.window if comparison.window is not None else self._min_suffix_tokens
        ends_per_variant = []
        for v, offs in enumerate(offsets):
            base = len(comparison.prefix) + len(comparison.variants[v])
            ends_per_variant.append([(s - base, e - base) for s, e in offs if e > base])
        common = set.intersection(*({e for _, e in ends} for ends in ends_per_variant))
        for cut in sorted(c for c in common if c > 0):
            if cut < len(suffix) and not suffix[cut].isspace():
                continue
            if all(sum(1 for s, e in ends if s >= 0 and e <= cut) >= window
                   for ends in ends_per_variant):
                return cut
        return len(suffix)

    # -- computing ---------------------------------------------------------------------------

    def _compute(self, plans: list[_Plan]) -> None:
        # Plans that share the sentence as written share one row of the first pass.
        rows: dict[tuple[int, ...], list[int]] = {}
        row_of: list[tuple[int, ...]] = []
        for plan in plans:
            key = tuple(plan.ids[0])
            rows.setdefault(key, [])
            rows[key].append(len(row_of))
            row_of.append(key)
        need = {key: max(plans[i].ends[0] for i in members) for key, members in rows.items()}
        order = sorted(rows, key=lambda k: need[k])
        for batch in self._token_batches(order, lambda k: need[k]):
            members = [i for key in batch for i in rows[key]]
            self._compute_batch([list(key[: need[key]]) for key in batch],
                                {key: r for r, key in enumerate(batch)}, row_of,
                                {i: plans[i] for i in members})

    def _compute_batch(self, first_rows: list[list[int]], row_index: dict[tuple[int, ...], int],
                       row_of: list[tuple[int, ...]], plans: dict[int, _Plan]) -> None:
        torch = self._torch
        # Pass 1: each sentence as written (up to its last scored token), keeping the cache.
        hidden, cache = self._forward([row[:-1] or row for row in first_rows])
        vectors: list[Any] = []
        targets: list[int] = []
        owners: list[tuple[int, int]] = []  # (plan index, variant)
        for i, plan in plans.items():
            r = row_index[row_of[i]]
            for p in range(plan.start - 1, plan.ends[0] - 1):
                vectors.append(hidden[r, p])
                targets.append(plan.ids[0][p + 1])
                owners.append((i, 0))
        # Pass 2: alternatives, continuing from the cached prefix of their sentence.
        alternatives = [(i, v) for i, plan in plans.items() for v in range(1, len(plan.ids))]
        for chunk in _chunks(alternatives, max(1, TOKENS_PER_BATCH // 16)):
            self._continue(chunk, plans, row_index, row_of, cache, hidden, vectors, targets, owners)
        del cache
        logprobs = self._logprobs(torch.stack(vectors), targets)
        totals: dict[tuple[int, int], float] = {}
        for owner, value in zip(owners, logprobs.tolist()):
            totals[owner] = totals.get(owner, 0.0) + value
        for (i, v), total in totals.items():
            self._remember(plans[i].keys[v], total)
        for i, plan in plans.items():  # variants with nothing to score (should not happen)
            for v, key in enumerate(plan.keys):
                if (i, v) not in totals:
                    self._remember(key, 0.0)

    def _continue(self, chunk: list[tuple[int, int]], plans: dict[int, _Plan],
                  row_index: dict[tuple[int, ...], int], row_of: list[tuple[int, ...]],
                  cache: Any, hidden: Any, vectors: list[Any], targets: list[int],
                  owners: list[tuple[int, int]]) -> None:
        torch = self._torch
        prefix_len = max(plans[i].start for i, _ in chunk)
        tails = [plans[i].ids[v][plans[i].start: plans[i].ends[v] - 1] for i, v in chunk]
        width = max(1, max(len(t) for t in tails))
        source = torch.tensor([row_index[row_of[i]] for i, _ in chunk], device=self.device)
        mask = torch.zeros(len(chunk), prefix_len + width, dtype=torch.long, device=self.device)
        ids = torch.zeros(len(chunk), width, dtype=torch.long, device=self.device)
        positions = torch.zeros(len(chunk), width, dtype=torch.long, device=self.device)
        for r, ((i, v), tail) in enumerate(zip(chunk, tails)):
            start = plans[i].start
            mask[r, :start] = 1
            mask[r, prefix_len: prefix_len + len(tail)] = 1
            ids[r, : len(tail)] = torch.tensor(tail, dtype=torch.long)
            positions[r] = torch.arange(start, start + width)
        if any(tails):
            sub = _select_cache(cache, source, prefix_len)
            started = time.perf_counter()
            with torch.inference_mode():
                out = self._body(input_ids=ids, attention_mask=mask, position_ids=positions,
                                 use_cache=True, **{self._cache_arg: sub})
            self.stats.forward_seconds += time.perf_counter() - started
            tail_hidden = out.last_hidden_state
            self.stats.forward_tokens += int(ids.numel())
        for r, ((i, v), tail) in enumerate(zip(chunk, tails)):
            plan = plans[i]
            # The first scored token is predicted from the shared prefix: pass 1 has it.
            vectors.append(hidden[row_index[row_of[i]], plan.start - 1])
            targets.append(plan.ids[v][plan.start])
            owners.append((i, v))
            for p in range(len(tail)):
                vectors.append(tail_hidden[r, p])
                targets.append(plan.ids[v][plan.start + p + 1])
                owners.append((i, v))

    def _forward(self, rows: list[list[int]]) -> tuple[Any, Any]:
        """Run right-padded rows; return last hidden states [B, T, H] and the KV cache."""
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
                             use_cache=True)
        self.stats.forward_seconds += time.perf_counter() - started
        self.stats.forward_tokens += int(ids.numel())
        return out.last_hidden_state, getattr(out, self._cache_arg)

    def _logprobs(self, vectors: Any, targets: list[int]) -> Any:
        """log p(target) at each hidden vector.

        The vocabulary is walked in float32 chunks with a running log-sum-exp, so the full
        [positions x vocabulary] logits never exist and a bfloat16 matrix is converted once
        per call rather than once per position.
        """
        torch = self._torch
        started = time.perf_counter()
        with torch.inference_mode():
            vectors = vectors.float()
            target = torch.tensor(targets, dtype=torch.long, device=vectors.device)
            picked = (vectors * self._vocab[target].float()).sum(-1)
            if self._vocab_bias is not None:
                picked = picked + self._vocab_bias[target]
            if self._softcap:
                picked = torch.tanh(picked / self._softcap) * self._softcap
            total = torch.full((vectors.shape[0],), float("-inf"), device=vectors.device)
            for lo in range(0, self._vocab.shape[0], VOCAB_CHUNK):
                block = self._vocab[lo: lo + VOCAB_CHUNK].float().T
                for at in range(0, vectors.shape[0], POSITION_CHUNK):
                    logits = vectors[at: at + POSITION_CHUNK] @ block
                    if self._vocab_bias is not None:
                        logits += self._vocab_bias[lo: lo + VOCAB_CHUNK]
                    if self._softcap:
                        logits = torch.tanh(logits / self._softcap) * self._softcap
                    part = total[at: at + POSITION_CHUNK]
                    total[at: at + POSITION_CHUNK] = torch.logaddexp(
                        part, torch.logsumexp(logits, dim=-1))
        self.stats.projected_positions += int(vectors.shape[0])
        self.stats.projection_seconds += time.perf_counter() - started
        return (picked - total).cpu()

    def _token_batches(self, items: list[Any], length: Any) -> list[list[Any]]:
        """Group items (sorted by length) so rows x longest row stays under the budget."""
        batches: list[list[Any]] = []
        current: list[Any] = []
        for item in items:
            if current and (len(current) + 1) * max(length(item), 1) > TOKENS_PER_BATCH:
                batches.append(current)
                current = []
            current.append(item)
        if current:
            batches.append(current)
        return batches

    def _remember(self, key: tuple[str, int, int], value: float) -> None:
        self._cache[key] = value
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)


def _common_prefix_length(rows: list[list[int]]) -> int:
    n = min(len(r) for r in rows)
    for i in range(n):
        if any(r[i] != rows[0][i] for r in rows):
            return i
    return n


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i: i + size] for i in range(0, len(items), size)]


def _select_cache(cache: Any, rows: Any, length: int) -> Any:
    """A copy of ``cache`` holding ``rows`` (repeats allowed) and its first ``length`` tokens."""
    import copy

    sub = copy.copy(cache)
    sub.layers = []
    for layer in cache.layers:
        new = copy.copy(layer)
        if getattr(layer, "is_initialized", True) and layer.keys is not None and layer.keys.numel():
            new.keys = layer.keys[rows, :, :length]
            new.values = layer.values[rows, :, :length]
        if hasattr(new, "cumulative_length"):
            new.cumulative_length = length
        sub.layers.append(new)
    return sub


__all__ = ["Comparison", "ScoringModel", "TokenSurprisal"]
