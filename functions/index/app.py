"""IndexFunction: processed-bucket notifications from the index queue -> OpenSearch."""

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes import SQSEvent
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsdrop.indexing.client import get_client
from newsdrop.indexing.mapping import ensure_index_once
from newsdrop.observability import logger, metrics, tracer
from newsdrop.pipeline.events import s3_changes
from newsdrop.pipeline.index_stage import sync_articles
from newsdrop.settings import get_settings
from newsdrop.storage import ProcessedStore

processor = BatchProcessor(event_type=EventType.SQS)


class IndexingFailed(Exception):
    """OpenSearch did not take this message's documents; SQS will deliver it again."""


def _keys(record: SQSRecord) -> list[str] | None:
    try:
        return [change.key for change in s3_changes(record.body)]
    except ValueError:
        return None


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    settings = get_settings()
    client = get_client()
    ensure_index_once(client, settings.index_name, settings.index_alias)
    # One bulk request for the whole batch; each message then fails only if one of its keys did.
    keys_of = {record.message_id: _keys(record) for record in SQSEvent(event).records}
    all_keys = [key for keys in keys_of.values() for key in keys or []]
    retry = sync_articles(all_keys, ProcessedStore(settings.processed_bucket), client, settings.index_alias)
    metrics.add_metric(name="DocumentsSynced", unit="Count", value=len(all_keys) - len(retry))

    def record_handler(record: SQSRecord) -> None:
        keys = keys_of[record.message_id]
        if keys is None:
            raise IndexingFailed("message body is not an S3 notification")
        failed = [key for key in keys if key in retry]
        if failed:
            raise IndexingFailed(f"not indexed, will retry: {failed}")

    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
