"""ParseFunction: S3 notifications from the parse queue -> articles in the processed bucket."""

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes import SQSEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsdrop.observability import logger, metrics, tracer
from newsdrop.pipeline.parse_stage import load_parsers, sync_messages
from newsdrop.pipeline.visibility import hidden_while_working
from newsdrop.settings import get_parse_settings
from newsdrop.storage import ProcessedStore

settings = get_parse_settings()  # a missing variable stops the cold start, naming it
load_parsers(settings.ner_model)  # the NLP stack loads here, not inside the first file's time limit
# A batch that all goes back to the queue (no time left) is no function error: no raise, no Errors alarm.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    records = list(SQSEvent(event).records)
    bodies = {record.message_id: record.body for record in records}
    processed = ProcessedStore(settings.processed_bucket)
    queue_arn = records[0].event_source_arn if records else None
    with hidden_while_working(queue_arn, [record.receipt_handle for record in records]):
        outcome = sync_messages(bodies, processed, settings, context.get_remaining_time_in_millis)  # not twice at once
    return process_partial_response(
        event=event,
        record_handler=lambda record: outcome.check(record.message_id),
        processor=processor,
        context=context,
    )
