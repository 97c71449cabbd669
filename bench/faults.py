"""The fault suite, long: a thousand articles uploaded through a local stack of its own while each
fault happens, one at a time; prints a table of what came of them.

    .venv/bin/python bench/faults.py                                   # 1000 articles, 60 s faults, all faults
    .venv/bin/python bench/faults.py --articles 200 --fault-seconds 20 --only opensearch-down s3-unreachable

Faults: OpenSearch down (connections refused), OpenSearch answering 429 and answering 503, moto's
S3 unreachable for the functions, parse and index workers SIGKILLed in the middle of invocations,
and every upload's notification delivered ten more times, concurrently. OpenSearch and S3 faults
are made by proxies the functions reach them through (newsdrop_local.fault_proxy); the node and
moto themselves keep running. The stack runs `--concurrency` instances of each function and a
queue visibility timeout of `--visibility` seconds (the template's are minutes; with 5 receives
before the dead-letter queue, the visibility must outlast a fault of 60 s divided by 5).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from newsdrop_local.fault_proxy import SwitchableProxy
from newsdrop_local.faults import FaultRig, all_faults, render_table, run_fault
from newsdrop_local.opensearch_node import opensearch
from newsdrop_local.ports import free_port
from newsdrop_local.stack import local_stack


def main() -> None:
    faults = {fault.name: fault for fault in all_faults()}
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="articles uploaded per fault")
    parser.add_argument("--fault-seconds", type=float, default=60, help="how long each fault lasts")
    parser.add_argument("--visibility", type=int, default=30, help="the queues' visibility timeout, seconds")
    parser.add_argument("--concurrency", type=int, default=2, help="instances of each function")
    parser.add_argument("--only", nargs="+", choices=sorted(faults), default=list(faults))
    args = parser.parse_args()
    aws_port = free_port()
    s3 = SwitchableProxy("127.0.0.1", aws_port)
    with tempfile.TemporaryDirectory() as folder, opensearch(port=free_port(), name="bench-faults", fresh=True) as url:
        target = urlsplit(url)
        search = SwitchableProxy(target.hostname or "127.0.0.1", target.port or 9200)
        search.on()
        s3.on()
        environment = {"AWS_ENDPOINT_URL_S3": s3.url}
        with local_stack(
            search.url,
            aws_port=aws_port,
            api_port=free_port(),
            log_dir=Path(folder) / "logs",
            environment=environment,
            visibility_timeout_s=args.visibility,
            concurrency=args.concurrency,
        ) as state:
            rig = FaultRig(state, search, s3)
            print(
                f"{args.articles} JSON articles per fault, each fault {args.fault_seconds:.0f} s, "
                f"{args.concurrency} instances per function, visibility timeout {args.visibility} s",
                flush=True,
            )
            reports = []
            for name in args.only:
                reports.append(run_fault(rig, faults[name], args.articles, args.fault_seconds, settle_timeout_s=900))
                print(render_table(reports[-1:]).splitlines()[-1], flush=True)
            print()
            print(render_table(reports))
        search.off()
        s3.off()


if __name__ == "__main__":
    main()
