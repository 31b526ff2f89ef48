"""Run progress on stderr: a bar (tqdm) on a terminal, a line every few seconds otherwise.

Both show the articles done so far, articles per second, rejections so far, and — when the input's
size is known — how much of it has been read and the time left at the rate so far.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Call :meth:`read` with bytes of input read and :meth:`update` after each chunk; :meth:`close` at the
    end. `total_bytes` is the input's size (None when unknown, e.g. stdin)."""

    def __init__(self, *, total_bytes: int | None = None, every: float = 10.0, stream: TextIO | None = None,
                 bar: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total_bytes or None
        self.every = every
        self.bytes = 0
        self.started = time.monotonic()
        self._last_line = self.started
        use_bar = self.stream.isatty() if bar is None else bar
        self._bar: Any = None
        if use_bar:
            from tqdm import tqdm

            self._bar = tqdm(total=self.total, unit="B", unit_scale=True, file=self.stream, desc="analysing",
                             bar_format="{desc} {percentage:3.0f}%|{bar}| {postfix} [{elapsed}<{remaining}]"
                             if self.total else "{desc} {postfix} [{elapsed}]", dynamic_ncols=True)
        self.articles = self.new = self.rejected = 0
        self.taken = 0  # articles the reader has handed on so far (ahead of those done)

    def read(self, n: int) -> None:
        self.bytes += n
        if self._bar is not None and self.total:
            self._bar.update(min(n, max(self.total - self._bar.n, 0)))

    def took(self, n: int = 1) -> None:
        """The reader handed on `n` more articles (they are done some time later)."""
        self.taken += n

    def update(self, *, articles: int, new: int, rejected: int) -> None:
        self.articles, self.new, self.rejected = articles, new, rejected
        if self._bar is not None:
            self._bar.set_postfix_str(self._figures(), refresh=True)
            return
        now = time.monotonic()
        if now - self._last_line >= self.every:
            self._last_line = now
            print(f"progress: {self._line()}", file=self.stream, flush=True)

    def _rate(self) -> float:
        return self.articles / max(time.monotonic() - self.started, 1e-9)

    def _figures(self) -> str:
        return f"{self.articles:,} articles ({self.new:,} new), {self._rate():.1f}/s, {self.rejected:,} rejected"

    def _line(self) -> str:
        line = self._figures() + f", {_clock(time.monotonic() - self.started)} so far"
        frac = self.done_fraction()
        if frac:
            left = (time.monotonic() - self.started) * (1 - frac) / frac
            line += f", {frac:.0%} done, about {_clock(left)} left"
        return line

    def done_fraction(self) -> float | None:
        """Articles done / articles the whole input holds (estimated from the bytes read so far); the reader
        runs ahead of the analysis, so the bytes read alone would overstate it."""
        if not (self.total and self.bytes and self.taken and self.articles):
            return None
        expected = self.taken / min(self.bytes / self.total, 1.0)
        return min(self.articles / expected, 1.0)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
