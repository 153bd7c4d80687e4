"""`summarize backends`: the configured backends and whether each answers."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from summarize.config import config_path
from summarize.errors import ConfigError
from summarize.llm.profiles import BackendProfile, load_profiles
from summarize.llm.redact import redact_url, split_query


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "backends", help="list configured backends and whether each is reachable"
    )
    parser.add_argument("--config", type=Path, help="config file (default: user config dir)")
    parser.add_argument("--format", choices=("md", "json"), default="md")
    parser.set_defaults(run=run)


def status(profile: BackendProfile, timeout: float = 2.0) -> str:
    """A cheap look, never a model call: GET {base_url}/models, or what the embedded one needs."""
    if profile.kind == "embedded":
        from summarize.llm.weights import DEFAULT_MODEL, models_dir

        try:
            import xllamacpp  # noqa: F401
        except ImportError:
            return "not installed (pip install -e '.[local]')"
        if profile.model_path:
            return (
                "ready (model file present)"
                if Path(profile.model_path).is_file()
                else f"model file missing: {profile.model_path}"
            )
        assembled = (models_dir() / f"{DEFAULT_MODEL.name}.gguf").is_file()
        return "ready" if assembled else "ready (model assembled on first use)"
    if profile.kind == "openai" and profile.api_key_env and not os.environ.get(profile.api_key_env):
        return f"no key: set {profile.api_key_env}"
    base = profile.base_url or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
    parts = urlsplit(base)
    bare, query = split_query(base)  # the base URL's query (a key, say) goes after /models
    url = (redact_url(bare) or "").rstrip("/") + "/models"
    headers: dict[str, str] = {}
    if profile.api_key_env and os.environ.get(profile.api_key_env):
        from summarize.llm.client import check_key  # openai loads only for the commands using it

        try:
            check_key(profile.api_key_env, os.environ[profile.api_key_env])
        except ConfigError as exc:
            return str(exc)
        headers["Authorization"] = f"Bearer {os.environ[profile.api_key_env]}"
    # user:password in the URL is Basic auth, as for calls (it replaces a Bearer header)
    basic = (unquote(parts.username or ""), unquote(parts.password or ""))
    code = _models_status(url, headers, basic if any(basic) else None, query, timeout)
    if code is None:
        return "unreachable"
    if code >= 400:
        return f"answers, but HTTP {code}" + (" (check the key)" if code in (401, 403) else "")
    return f"reachable (HTTP {code})"


def _models_status(
    url: str,
    headers: dict[str, str],
    basic: tuple[str, str] | None,
    query: list[tuple[str, str]],
    timeout: float,
) -> int | None:
    """The HTTP status of GET `url` (the body is not read), None when nothing answers: through
    the guarded transport the model calls use (one deadline for the whole look, redirects
    included; the query added below the client, which logs URLs)."""
    import httpx2

    from summarize.llm.transport import CallGuard, GuardTripped, guarded_http_client

    auth = httpx2.BasicAuth(*basic) if basic else None
    try:
        with (
            guarded_http_client(url, timeout, auth=auth, query=query) as client,
            CallGuard().call(timeout),
        ):
            response = client.send(client.build_request("GET", url, headers=headers), stream=True)
            response.close()
            return response.status_code
    except (httpx2.HTTPError, httpx2.InvalidURL, GuardTripped, OSError, ValueError):
        return None


def run(args: argparse.Namespace) -> int:
    profiles, default = load_profiles(args.config)
    rows = []
    for name, p in sorted(profiles.items()):
        rows.append(
            {
                "name": name,
                "default": name == default,
                "kind": p.kind,
                "model": p.model,
                "base_url": redact_url(p.base_url),
                "schema_style": p.schema_style,
                "context_size": p.context_size,
                "status": status(p),
            }
        )
    if args.format == "json":
        print(json.dumps({"config": str(args.config or config_path()), "backends": rows}, indent=2))
        return 0
    print(f"config: {args.config or config_path()}\n")
    print("| backend | kind | model | base URL | schema | context | status |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        mark = " (default)" if r["default"] else ""
        cells = (
            f"{r['name']}{mark}",
            r["kind"],
            r["model"],
            r["base_url"] or "-",
            r["schema_style"],
            r["context_size"],
            r["status"],
        )
        # Config values are the user's own (not article data), but a `|` in a model name must
        # not split the row; URLs stay readable.
        print("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return 0
