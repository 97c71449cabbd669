"""The processed bucket's store keeps within S3's request limits."""

from __future__ import annotations

from newsdrop.storage import ProcessedStore
from tests.conftest import PROCESSED_BUCKET


def test_deleting_thousands_of_keys_keeps_each_request_within_s3s_limit(buckets) -> None:
    # Given 2,500 rejections (a feed that shrank by that many articles leaves as many behind)
    ids = {f"feed-{n}" for n in range(2500)}
    store = ProcessedStore(PROCESSED_BUCKET, buckets)
    for rejected_id in ids:
        buckets.put_object(Bucket=PROCESSED_BUCKET, Key=store.rejection_key(rejected_id), Body=b"{}")
    sizes: list[int] = []
    buckets.meta.events.register(
        "provide-client-params.s3.DeleteObjects", lambda params, **_: sizes.append(len(params["Delete"]["Objects"]))
    )
    # When they are cleared, with a few ids that have no rejection
    store.clear_rejections(ids | {"never-rejected"})
    # Then all are gone, in requests of at most the 1,000 keys S3 takes (it refuses more)
    assert store.rejection_ids("feed-") == set()
    assert sizes == [1000, 1000, 501]
