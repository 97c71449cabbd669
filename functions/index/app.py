"""IndexFunction: processed-bucket notifications from the index queue -> OpenSearch."""

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes import SQSEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsdrop.observability import logger, metrics, tracer
from newsdrop.pipeline.index_stage import sync_messages
from newsdrop.search_index.client import get_client
from newsdrop.search_index.mapping import ensure_index_once
from newsdrop.search_index.security import map_reader_role_once
from newsdrop.settings import get_index_settings
from newsdrop.storage import ProcessedStore

settings = get_index_settings()  # a missing variable stops the cold start, naming it
processor = BatchProcessor(event_type=EventType.SQS)


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    client = get_client(settings)
    if settings.opensearch_reader_role_arn:  # fine-grained access control: the search role reads
        map_reader_role_once(client, settings.opensearch_reader_role_arn)
    ensure_index_once(
        client,
        settings.index_name,
        settings.index_alias,
        settings.opensearch_service == "aoss",
        settings.index_shards,
        settings.index_replicas,
    )
    bodies = {record.message_id: record.body for record in SQSEvent(event).records}
    outcome = sync_messages(bodies, ProcessedStore(settings.processed_bucket), client, settings.index_alias)
    metrics.add_metric(name="DocumentsSynced", unit="Count", value=outcome.synced)
    return process_partial_response(
        event=event,
        record_handler=lambda record: outcome.check(record.message_id),
        processor=processor,
        context=context,
    )
