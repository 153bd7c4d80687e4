"""`summarize batch run|export|import|collect`: a stage's model calls as one batch.

`run` sends them through the OpenAI Batch API and waits; `export` writes them as a Batch API
input file for a server that runs it offline (`vllm run-batch -i FILE -o RESULTS --model M`);
`import` loads such a results file; `collect` loads a batch `run` stopped waiting for. Each
fills the response cache only: the command that follows (`summarize brief ...` with the same
inputs and backend flags) is then answered from the cache.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from summarize.commands.articles_args import add_input_arguments, load_from_args
from summarize.commands.model_args import add_backend_arguments, open_session
from summarize.commands.output import check_output
from summarize.text.controls import say

if TYPE_CHECKING:
    from summarize.llm.batch import BatchReport


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "batch",
        help="run a stage's model calls as one batch (OpenAI Batch API, or a JSONL file for "
        "an offline server such as vllm run-batch)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    run_p = actions.add_parser("run", help="send through the Batch API, wait, fill the cache")
    export_p = actions.add_parser("export", help="write the requests as a Batch API input file")
    export_p.add_argument("-o", "--output", type=Path, required=True, help="the JSONL to write")
    import_p = actions.add_parser("import", help="load a results JSONL into the cache")
    import_p.add_argument("results", type=Path, metavar="RESULTS", help="results JSONL")
    collect_p = actions.add_parser("collect", help="load a finished batch that run left")
    collect_p.add_argument("batch_id", metavar="BATCH_ID")
    for action in (run_p, export_p, import_p, collect_p):
        add_input_arguments(action)
        action.add_argument(
            "--stage", choices=("digests",), default="digests", help="which calls (default digests)"
        )
        add_backend_arguments(action)
        action.set_defaults(run=run)
    run_p.add_argument(
        "--batch-wait",
        type=float,
        default=25 * 3600.0,
        metavar="SECONDS",
        help="stop waiting after this long (the batch keeps running; collect it later)",
    )


def run(args: argparse.Namespace) -> int:
    from summarize.digest import DIGEST_STAGE
    from summarize.errors import PARTIAL_EXIT_CODE
    from summarize.llm import batch

    loaded = load_from_args(args, verbose=False)  # input errors before any request
    if args.action == "export":
        check_output(args.output)
    session = open_session(args)
    stage = {DIGEST_STAGE.name: DIGEST_STAGE}[args.stage]
    # A submitted batch is said even with --quiet: it is money spent, and its id is needed
    # to collect it.
    say_progress = say_submitted if args.quiet else say
    items = loaded.articles
    if args.action == "export":
        report = batch.prefill(
            stage.name, items, stage.run, session, mode="export", out=args.output, label=stage.label
        )
    elif args.action == "run":
        report = batch.prefill(
            stage.name,
            items,
            stage.run,
            session,
            mode="api",
            label=stage.label,
            polling=batch.Polling(deadline=args.batch_wait),
            progress=say_progress,
        )
    elif args.action == "import":
        report = batch.import_stage(
            stage.name, items, stage.run, session, args.results, label=stage.label
        )
    else:
        report = batch.collect_stage(
            stage.name, items, stage.run, session, args.batch_id, label=stage.label
        )
    batch_summary(
        report,
        stage=report.stage,
        export_next=(
            "after importing the results, export again until it writes 0 (a long article's "
            "later windows come in a next round)"
            if args.action == "export"
            else None
        ),
    )
    return PARTIAL_EXIT_CODE if report.failures else 0


def say_submitted(text: str) -> None:
    """The batch progress that --quiet still shows: a batch submitted or resumed."""
    if "submitted" in text or "resuming" in text:
        say(text)


def batch_summary(
    report: BatchReport,
    *,
    stage: str,
    export_next: str | None = None,
    failed: str = "failed: {}",
) -> None:
    """Shown even with --quiet, for `summarize batch` and `summarize stories --batch` alike:
    what the cache now holds, what failed (each line as `failed` says) and the cost at batch
    prices; after an export (`export_next` given), what was written and what to do next."""
    for problem in report.problems:
        say(f"warning: {problem}")
    for failure in report.failures:
        say(failed.format(f"{failure.label}: {failure.reason}"))
    if export_next is not None:
        say(
            f"{stage}: wrote {report.requests} request(s) to {report.path} "
            f"({report.cached} already cached); {export_next}"
        )
        return
    cost = report.cost()
    price = (
        f"; cost at batch prices ${cost['batch_usd']:.4f} (live ${cost['live_usd']:.4f}, "
        f"prices of {cost['prices_as_of']})"
        if cost["priced"] and report.loaded
        else ""
    )
    say(
        f"{stage}: {report.loaded} answer(s) loaded into the cache, "
        f"{len(report.failures)} failed, {report.cached} already cached"
        + (f", {report.retried} retried once" if report.retried else "")
        + price
    )
