"""BackfillFunction: an S3 Batch Operations task (an object already in the raw bucket) -> the parse queue."""

from aws_lambda_powertools.utilities.data_classes import S3BatchOperationEvent, S3BatchOperationResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsdrop.observability import logger, tracer
from newsdrop.pipeline.backfill import queue_existing
from newsdrop.settings import get_backfill_settings

settings = get_backfill_settings()  # a missing variable stops the cold start, naming it


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    batch = S3BatchOperationEvent(event)
    task = batch.task  # Batch Operations sends one task per invocation
    response = S3BatchOperationResponse(batch.invocation_schema_version, batch.invocation_id)
    try:
        (result,) = queue_existing(task.s3_bucket, [task.s3_key], settings.parse_queue_url).values()
    except Exception as exc:  # S3 or SQS refusing: Batch Operations retries a temporary failure
        logger.exception("backfill task failed", extra={"key": task.s3_key})
        response.add_result(task.build_task_batch_response("TemporaryFailure", f"{type(exc).__name__}: {exc}"))
    else:  # a key deleted since the listing has nothing to parse: a success that says so
        response.add_result(task.build_task_batch_response("Succeeded", result))
    return response.asdict()
