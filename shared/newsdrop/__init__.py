"""newsdrop: news files in an S3 bucket become a search service."""

__version__ = "0.1.0"
