"""Production logs: one JSON object per line on stdout, each with the request id that the
response carried in X-Request-ID (config/history.py), so that a person's report of an error
("verzoek-id ...") leads to its traceback. Tracebacks go to the log, never to the person."""

import contextvars
import datetime
import json
import logging

request_id_var = contextvars.ContextVar("request_id", default="")


class RequestIdMiddleware:
    """Make the request's id known to every log record written while it is handled. Placed
    after config.history.RequestHistoryMiddleware, which sets ``request.request_id``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_id_var.set(request.request_id)
        try:
            return self.get_response(request)
        finally:
            request_id_var.reset(token)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        request = getattr(record, "request", None)
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(request, "request_id", "") or request_id_var.get(),
        }
        if request is not None:
            entry["method"] = request.method
            entry["path"] = request.path
        if getattr(record, "status_code", None):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


# For config/settings/prod.py (LOG_FORMAT=json, the default there).
JSON_LOGGING_HANDLER = {
    "class": "logging.StreamHandler",
    "stream": "ext://sys.stdout",
    "formatter": "json",
}
