"""`newsdrop`: run the local stack, drop files into it, search it, parse files without it."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from newsdrop.settings import DEFAULT_INDEX_REPLICAS, DEFAULT_INDEX_SHARDS
from newsdrop_local.state import STATE_FILE, StackState

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsdrop", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="run the local stack with the sample articles until Ctrl-C")
    up.add_argument("--api-port", type=int, default=3000)
    up.add_argument("--aws-port", type=int, default=5000)
    up.add_argument("--no-samples", action="store_true", help="start empty")
    up.add_argument(
        "--opensearch-nodes",
        type=int,
        default=int(os.environ.get("NEWSDROP_OPENSEARCH_NODES", "1")),
        help="start a cluster of so many OpenSearch nodes (default 1, or NEWSDROP_OPENSEARCH_NODES)",
    )
    up.add_argument("--index-shards", type=int, default=DEFAULT_INDEX_SHARDS, help="the template's IndexShards")
    up.add_argument("--index-replicas", default=DEFAULT_INDEX_REPLICAS, help="the template's IndexReplicas")
    up.add_argument(
        "--concurrency", type=int, default=2, help="instances of each function that run at once, as Lambda scales"
    )
    upload = commands.add_parser("upload", help="put files (or every file under folders) into the raw bucket")
    upload.add_argument("paths", nargs="+", type=Path)
    upload.add_argument("--prefix", default="", help="key prefix in the bucket")
    remove = commands.add_parser("remove", help="delete objects from the raw bucket by key")
    remove.add_argument("keys", nargs="+")
    search = commands.add_parser("search", help="search the running stack's API")
    search.add_argument("query")
    search.add_argument("--size", type=int, default=10)
    parse = commands.add_parser("parse", help="print one JSON article per file, no stack needed")
    parse.add_argument("paths", nargs="+", type=Path)
    commands.add_parser("redrive", help="send dead-lettered messages back to their queues, once the cause is fixed")
    status = commands.add_parser("status", help="what became of every upload")
    status.add_argument("--json", action="store_true")
    status.add_argument("--prefix", default="", help="only what came of the raw objects under this prefix")
    backfill = commands.add_parser("backfill", help="send the objects already in the raw bucket through the pipeline")
    backfill.add_argument("--prefix", default="", help="only keys under this prefix")
    backfill.add_argument("--since", type=datetime.fromisoformat, help="only objects modified at or after (ISO date)")
    backfill.add_argument("--rate", type=float, default=50.0, help="most objects sent a second (default 50)")
    backfill.add_argument("--restart", action="store_true", help="ignore the checkpoint of an earlier run")
    reindex = commands.add_parser(
        "reindex", help="build the next index version from the processed bucket and swap the alias to it"
    )
    reindex.add_argument("--drop-old", action="store_true", help="delete the versions the alias left behind instead")
    reindex.add_argument("--shards", type=int, default=DEFAULT_INDEX_SHARDS, help="primary shards of the new version")
    reindex.add_argument(
        "--replicas", default=DEFAULT_INDEX_REPLICAS, help="copies of each shard: a count, or a range such as 0-1"
    )
    args = parser.parse_args(argv)
    return COMMANDS[args.command](args)


def _up(args: argparse.Namespace) -> int:
    """Start everything, load the samples, print where to search, wait for Ctrl-C."""
    from newsdrop_local.opensearch_node import opensearch
    from newsdrop_local.stack import LOG_DIR, local_stack, wait_until_settled

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    with ExitStack() as cleanup:
        print("starting OpenSearch (set OPENSEARCH_URL to use your own) ...", flush=True)
        # A fresh index each time: moto's buckets start empty too, so old documents would be orphans.
        url = os.environ.get("OPENSEARCH_URL") or cleanup.enter_context(
            opensearch(fresh=True, nodes=args.opensearch_nodes)
        )
        print(f"OpenSearch at {url}; starting moto and the functions ...", flush=True)
        state = cleanup.enter_context(
            local_stack(
                url,
                aws_port=args.aws_port,
                api_port=args.api_port,
                concurrency=args.concurrency,
                parameters={"IndexShards": str(args.index_shards), "IndexReplicas": args.index_replicas},
            )
        )
        state.save()
        cleanup.callback(STATE_FILE.unlink, missing_ok=True)
        if not args.no_samples and SAMPLES.is_dir():
            s3 = state.s3()
            for path, key in files_to_upload([SAMPLES], "samples/"):
                s3.upload_file(str(path), state.raw_bucket, key)
            wait_until_settled(state)
        print(
            f"\nnewsdrop is up.\n"
            f"  search:   curl '{state.api_url}/search?q=library'\n"
            f"  upload:   .venv/bin/newsdrop upload PATH...\n"
            f"  status:   .venv/bin/newsdrop status\n"
            f"  S3 (moto): {state.aws_endpoint}  raw bucket {state.raw_bucket}\n"
            f"  logs:     {LOG_DIR}\n"
            f"Ctrl-C stops everything.",
            flush=True,
        )
        stopping = threading.Event()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signal_number, lambda *_: stopping.set())
        stopping.wait()
        print("\nstopping ...", flush=True)
    return 0


def _upload(args: argparse.Namespace) -> int:
    state = StackState.load()
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        print(f"no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    for path, key in files_to_upload(args.paths, args.prefix):
        state.s3().upload_file(str(path), state.raw_bucket, key)
        print(f"s3://{state.raw_bucket}/{key}")
    return 0


def files_to_upload(paths: Sequence[Path], prefix: str = "") -> Iterator[tuple[Path, str]]:
    """(file, key) pairs: a file keeps its name, a folder's files keep their path inside it."""
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                yield file, prefix + file.relative_to(path).as_posix()
        else:
            yield path, prefix + path.name


def _remove(args: argparse.Namespace) -> int:
    state = StackState.load()
    for key in args.keys:
        state.s3().delete_object(Bucket=state.raw_bucket, Key=key)
    return 0


def _search(args: argparse.Namespace) -> int:
    state = StackState.load()
    query = urllib.parse.urlencode({"q": args.query, "size": args.size})
    with urllib.request.urlopen(f"{state.api_url}/search?{query}", timeout=30) as response:
        result = json.load(response)
    print(f"{result['total']} hits")
    for hit in result["hits"]:
        print(f"{hit['score'] or 0:7.2f}  {hit['id']}  {hit['title']}")
    return 0


def _parse(args: argparse.Namespace) -> int:
    from newsdrop.errors import RejectedInput
    from newsdrop.parsing import parse_file
    from newsdrop.pipeline.time_limit import ParseTimeout, time_limit, timeout_reason
    from newsdrop.settings import ParseLimits

    limits = ParseLimits()  # the parse function's limits (PARSE_TIMEOUT_S, MAX_OBJECT_BYTES) and defaults
    failed = 0
    for path in args.paths:
        try:
            modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)  # "8 hours ago" counts from here
            with time_limit(limits.parse_timeout_s):
                articles = parse_file(path.read_bytes(), path.name, limits=limits, received_at=modified)
        except (RejectedInput, OSError, ParseTimeout) as exc:
            failed += 1
            reason = timeout_reason(limits.parse_timeout_s) if isinstance(exc, ParseTimeout) else None
            print(json.dumps({"file": str(path), "error": reason or getattr(exc, "reason", str(exc))}))
            continue
        for article in articles:
            print(json.dumps({"file": str(path), **article.model_dump(mode="json")}, ensure_ascii=False))
    return 1 if failed else 0


def _redrive(args: argparse.Namespace) -> int:
    state = StackState.load()
    for dead_letter_queue, source in state.dead_letter_queues.items():
        print(f"{dead_letter_queue} -> {source}: {state.redrive(dead_letter_queue)} message(s)")
    return 0


def _backfill(args: argparse.Namespace) -> int:
    """Send old objects to the parse queue with a progress bar; resume after the last key sent."""
    from newsdrop.pipeline.backfill import backfill, objects

    state = StackState.load()
    since = args.since.replace(tzinfo=args.since.tzinfo or UTC) if args.since else None
    checkpoints = STATE_FILE.parent / "backfill.json"
    saved = json.loads(checkpoints.read_text()) if checkpoints.exists() else {}
    run = f"{state.raw_bucket}|{args.prefix}|{since.isoformat() if since else ''}"
    after = "" if args.restart else saved.get(run, "")
    s3, sqs = state.s3(), state.sqs()
    total = sum(1 for _ in objects(state.raw_bucket, args.prefix, since, after, s3))
    queue = next(url for name, url in state.queues.items() if name.endswith("-parse"))

    def progress(last_key: str, sent: int) -> None:
        saved[run] = last_key
        checkpoints.write_text(json.dumps(saved, indent=2))
        filled = round(30 * sent / max(total, 1))
        print(f"\r[{'#' * filled}{' ' * (30 - filled)}] {sent}/{total} objects sent", end="", file=sys.stderr)

    if after:
        print(f"resuming after {after} (--restart to start over)", file=sys.stderr)
    sent = backfill(
        state.raw_bucket,
        queue,
        prefix=args.prefix,
        since=since,
        after=after,
        rate_per_s=args.rate,
        on_sent=progress,
        s3=s3,
        sqs=sqs,
    )
    print(f"\n{sent} objects sent to the parse queue; `newsdrop status` follows them", file=sys.stderr)
    return 0


def _reindex(args: argparse.Namespace) -> int:
    """Re-index with no downtime (or, with --drop-old, delete the index versions left behind)."""
    from opensearchpy import OpenSearch

    from newsdrop.pipeline.reindex import ReindexError, drop_old, reindex
    from newsdrop.search_index.client import hosts_of
    from newsdrop.storage import ProcessedStore

    state = StackState.load()
    client = OpenSearch(hosts=hosts_of(state.opensearch_url), timeout=60)
    try:
        if args.drop_old:
            dropped = drop_old(client, state.index_alias)
            print(f"deleted {', '.join(dropped)}" if dropped else "no earlier index version to delete")
            return 0
        report = reindex(
            client,
            ProcessedStore(state.processed_bucket, state.s3()),
            state.index_alias,
            lambda phase, r: print(
                f"{phase}: {r.loaded} loaded, {r.caught_up} caught up, {r.removed} removed", flush=True
            ),
            shards=args.shards,
            replicas=args.replicas,
        )
    except ReindexError as exc:
        print(f"newsdrop reindex: {exc}", file=sys.stderr)
        return 1
    for doc_id, reason in report.failed.items():
        print(f"  not indexed: {doc_id}: {reason}", file=sys.stderr)
    print(
        f"{state.index_alias}: {report.old_index} -> {report.new_index} in {report.seconds:g} s; "
        f"{report.old_index} is kept until `newsdrop reindex --drop-old`"
    )
    return 1 if report.failed else 0


def _status(args: argparse.Namespace) -> int:
    from newsdrop_local.status import collect_status, render_status

    report = collect_status(StackState.load(), args.prefix)
    print(json.dumps(report, indent=2) if args.json else render_status(report))
    return 0


COMMANDS = {
    "up": _up,
    "upload": _upload,
    "remove": _remove,
    "search": _search,
    "redrive": _redrive,
    "parse": _parse,
    "status": _status,
    "reindex": _reindex,
    "backfill": _backfill,
}

if __name__ == "__main__":
    sys.exit(main())
