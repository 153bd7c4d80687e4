"""A one-line progress display on stderr, silent when stderr is not a terminal or when quiet."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from summarize.text.controls import for_terminal


class Progress:
    def __init__(self, enabled: bool | None = None, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._lock = threading.Lock()
        self._started = time.monotonic()

    def update(self, message: str) -> None:
        if not self.enabled:
            return
        with self._lock:
            elapsed = time.monotonic() - self._started
            self.stream.write(f"\r\x1b[K[{elapsed:5.0f} s] {for_terminal(message)}")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
