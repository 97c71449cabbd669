"""The fault suite, short: articles uploaded through the test stack while one thing goes wrong.

After each fault every article is indexed exactly once, nothing waits in a dead-letter queue and
`newsdrop status --prefix` reconciles. bench/faults.py runs the same faults with a thousand articles.
"""

from __future__ import annotations

import pytest

from newsdrop_local.fault_proxy import SwitchableProxy
from newsdrop_local.faults import Fault, FaultRig, all_faults, render_table, run_fault
from newsdrop_local.state import StackState

pytestmark = pytest.mark.opensearch

ARTICLES = 50
# Each of these is delivered eleven times: 20 articles make 220 deliveries, as much work as the others.
DUPLICATED_ARTICLES = 20
# Shorter than the test stack's retries last (visibility 2 s x 5 receives): a fault, not an outage to dead-letter.
FAULT_S = 5


@pytest.fixture(scope="module")
def rig(stack: StackState, opensearch_proxy: SwitchableProxy, s3_proxy: SwitchableProxy) -> FaultRig:
    return FaultRig(stack, opensearch_proxy, s3_proxy)


@pytest.mark.parametrize("fault", all_faults(), ids=lambda fault: fault.name)
def test_every_article_is_indexed_once_whatever_fails_meanwhile(rig: FaultRig, fault: Fault) -> None:
    # Given articles uploaded while the fault lasts
    articles = DUPLICATED_ARTICLES if fault.after_upload else ARTICLES
    report = run_fault(rig, fault, articles, FAULT_S, settle_timeout_s=240)
    print("\n" + render_table([report]))
    # Then each is in the index exactly once, none rejected, none dead-lettered, and status adds up
    assert (report.indexed, report.duplicates, report.lost, report.rejected) == (articles, 0, 0, 0), report.status
    assert report.dead_lettered == 0
    assert report.reconciled, report.status
