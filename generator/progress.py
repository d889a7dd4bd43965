"""Build progress for the command line: a live line on a terminal, plain lines or nothing elsewhere."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TextIO

ERASE = "\r\x1b[K"  # back to the start of the line, then clear it
REFRESH = 0.1  # seconds between redraws: often enough to look live, rarely enough to cost nothing


class Progress:
    """Shows how far each stage of a build has come.

    On a terminal (`live`) one line per stage is redrawn in place with its count and elapsed time, and erased
    when the stage ends, so nothing of it is left between the build's own messages. Elsewhere (`lines`) each
    finished stage prints one plain line; with neither, nothing is printed: CI logs stay as they were.
    """

    def __init__(self, stream: TextIO, live: bool, lines: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.live, self.lines, self.clock = stream, live, lines, clock
        self._lock = threading.Lock()
        self._stage: str | None = None
        self._done = self._total = 0
        self._started = self._drawn = 0.0
        self._shown = False
        self._ticker: threading.Thread | None = None
        self._stopped = threading.Event()

    @classmethod
    def for_stream(cls, stream: TextIO, lines: bool = False) -> Progress:
        """Return a display that is live only when the stream is a terminal."""
        try:
            live = stream.isatty()
        except (AttributeError, ValueError):  # a closed or unusual stream is no terminal
            live = False
        return cls(stream, live, lines=lines and not live)

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Record a stage's count; a new stage name ends the one before."""
        with self._lock:
            if stage != self._stage:
                self._finish()
                self._stage, self._started, self._drawn = stage, self.clock(), 0.0
                self._start_ticker()
            self._done, self._total = done, total
            if self.live and (self.clock() - self._drawn >= REFRESH or (total and done >= total)):
                self._draw()

    def close(self) -> None:
        """End the last stage and stop redrawing; call it before the build's summary or errors are printed."""
        self._stopped.set()
        if self._ticker is not None:
            self._ticker.join()
        with self._lock:
            self._finish()
            self._stage = None

    def _start_ticker(self) -> None:
        # Stages that report no counts still show their elapsed time ticking.
        if self.live and self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, name="progress", daemon=True)
            self._ticker.start()

    def _tick(self) -> None:
        while not self._stopped.wait(REFRESH):
            with self._lock:
                if self._stage is not None:
                    self._draw()

    def _text(self) -> str:
        count = ""
        if self._total:
            count = f" {self._done:,}/{self._total:,}"
        elif self._done:
            count = f" {self._done:,}"
        return f"{self._stage}:{count} {self.clock() - self._started:.1f}s"

    def _draw(self) -> None:
        self.stream.write(ERASE + self._text())
        self.stream.flush()
        self._drawn, self._shown = self.clock(), True

    def _finish(self) -> None:
        if self._stage is None:
            return
        if self._shown:
            self.stream.write(ERASE)
            self.stream.flush()
            self._shown = False
        elif self.lines:
            self.stream.write(self._text() + "\n")
            self.stream.flush()
