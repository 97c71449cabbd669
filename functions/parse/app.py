"""ParseFunction: S3 notifications from the parse queue -> articles in the processed bucket."""

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsdrop.observability import logger, metrics, tracer
from newsdrop.pipeline.events import s3_changes
from newsdrop.pipeline.parse_stage import sync_raw_object
from newsdrop.settings import get_parse_settings
from newsdrop.storage import ProcessedStore

settings = get_parse_settings()  # a missing variable stops the cold start, naming it
processor = BatchProcessor(event_type=EventType.SQS)


@tracer.capture_method
def record_handler(record: SQSRecord) -> None:
    processed = ProcessedStore(settings.processed_bucket)
    for change in s3_changes(record.body):
        result = sync_raw_object(change.bucket, change.key, processed, settings)
        logger.info("parsed", extra={"key": change.key, "outcome": result.outcome, "articles": result.articles})
        metrics.add_metric(name=f"Objects{result.outcome.capitalize()}", unit="Count", value=1)


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
