"""The exceptions `summarize` raises on purpose.

Every one of them is a user-facing condition: the CLI prints its message on one line and exits
non-zero, with no traceback. Anything else escaping is a bug.

    SummarizeError              exit 1
    ├── InputError              exit 2: bad input named by the user (missing, empty, binary, too
    │                           large file; an output path that cannot be written)
    ├── ConfigError             exit 2: bad configuration (unknown backend, bad config file, flag)
    ├── ModelSetupError         exit 3: the embedded model or runtime is missing or corrupt
    └── BackendError            exit 4: the model backend failed
        ├── BackendUnreachable  no server answers at the base URL (fails the whole run)
        ├── AuthenticationError 401/403: missing or wrong key, never retried (fails the whole run)
        ├── BackendBusy         the server asked to wait longer than summarize waits (fails the
        │                       whole run)
        ├── CallAborted         the session was aborted (Ctrl-C) while or before a call ran
        │                       (fails the whole run)
        ├── RequestRejected     400/404/422: the backend refused the request (never retried)
        └── InvalidOutputError  output still invalid after the bounded re-asks

    exit 5   PARTIAL_EXIT_CODE: `summarize brief` wrote a briefing, but some of it failed (an
             article whose digest failed, or a consensus or framing call that failed); each
             failure is listed in the briefing and on stderr.
    exit 130 interrupted (Ctrl-C); finished model calls stay in the cache.

In a briefing, a BackendError for one call costs only that part (the article, or the consensus
or framing prose, which fall back to what code measured). An error whose `fails_run` is true
aborts at once instead: when the backend refuses the key or nothing answers, every other call
would fail the same way, and one line says more than N identical failures.
"""

from __future__ import annotations

PARTIAL_EXIT_CODE = 5  # a briefing was written with some parts failed (see the tree above)


class SummarizeError(Exception):
    """Base of every error the tool raises deliberately."""

    exit_code = 1


class InputError(SummarizeError):
    """A file, folder or value given by the user cannot be used."""

    exit_code = 2


class ConfigError(SummarizeError):
    """The configuration (file, flags, environment) is inconsistent or names unknown things."""

    exit_code = 2


class ModelSetupError(SummarizeError):
    """The embedded runtime or model weights are not installed or do not check out."""

    exit_code = 3


class BackendError(SummarizeError):
    """The model backend did not produce a usable answer."""

    exit_code = 4
    fails_run = False  # True: every other call of the run would fail the same way


class BackendUnreachable(BackendError):
    """Nothing answers at the backend's address."""

    fails_run = True


class AuthenticationError(BackendError):
    """The backend refused our credentials (HTTP 401/403)."""

    fails_run = True


class BackendBusy(BackendError):
    """The server asked (Retry-After) to wait longer than summarize waits."""

    fails_run = True


class CallAborted(BackendError):
    """The session was aborted (`ModelSession.abort`) while or before this call ran."""

    fails_run = True


class RequestRejected(BackendError):
    """The backend refused the request itself (HTTP 400/404/422)."""


class InvalidOutputError(BackendError):
    """The model's output stayed invalid (bad JSON, schema violation, truncation) after re-asks."""
