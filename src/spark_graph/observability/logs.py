"""Logging configuration: plain lines for people, or JSON lines (SPARK_LOG_JSON=1) for a log
pipeline. Handed to uvicorn as its `log_config`, so every worker process applies it."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

# The fields the request log adds to its records (`extra=`), in the order they are shown.
REQUEST_FIELDS = (
    "request_id",
    "method",
    "path",
    "status",
    "operation",
    "duration_ms",
    "statement_count",
    "error_codes",
)


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the request fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class PlainFormatter(logging.Formatter):
    """`time level logger message key=value ...` for a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(
            f"{name}={getattr(record, name)}" for name in REQUEST_FIELDS if hasattr(record, name)
        )
        text = super().format(record)
        return f"{text} {fields}" if fields else text


def logging_config(*, json_lines: bool, level: str = "info") -> dict[str, Any]:
    """A logging.config.dictConfig for uvicorn's and Spark Graph's loggers."""
    formatter = "json" if json_lines else "plain"
    handler = {
        "class": "logging.StreamHandler",
        "formatter": formatter,
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": JsonLinesFormatter},
            "plain": {"()": PlainFormatter},
        },
        "handlers": {"default": handler},
        "loggers": {
            "spark_graph": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "uvicorn": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            # Spark Graph's request log says more (request id, operation, statements).
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
