"""The exceptions `summarize` raises on purpose.

Every one of them is a user-facing condition: the CLI prints its message on one line and exits
non-zero, with no traceback. Anything else escaping is a bug.

    SummarizeError
    ├── InputError              bad input named by the user (missing, empty, binary, too large file)
    ├── ConfigError             bad configuration (unknown backend, bad config file, bad flag)
    ├── ModelSetupError         the embedded model or runtime is missing or corrupt
    └── BackendError            the model backend failed
        ├── BackendUnreachable  no server answers at the base URL
        ├── AuthenticationError 401/403: missing or wrong key (never retried)
        ├── RequestRejected     400/404/422: the backend refused the request (never retried)
        └── InvalidOutputError  output still invalid after the bounded re-asks
"""

from __future__ import annotations


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


class BackendUnreachable(BackendError):
    """Nothing answers at the backend's address."""


class AuthenticationError(BackendError):
    """The backend refused our credentials (HTTP 401/403)."""


class RequestRejected(BackendError):
    """The backend refused the request itself (HTTP 400/404/422)."""


class InvalidOutputError(BackendError):
    """The model's output stayed invalid (bad JSON, schema violation, truncation) after re-asks."""
