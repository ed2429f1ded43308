"""Observability: a request id, timing and SQL statement count per request, structured logs
and Prometheus metrics.

- stats.py: `RequestStats` and the `current_request` contextvar that carries it;
- requests.py: the ASGI middleware that opens a `RequestStats` per request (in a
  contextvar), echoes X-Request-ID, logs one record and feeds the metrics at the end;
- statements.py: counts SQL statements (SQLAlchemy `before_cursor_execute`) into the
  current request's stats;
- operations.py: the schema extension and result hook that name the GraphQL operation and
  count errors by code;
- metrics.py: the Prometheus metrics and the /metrics endpoint;
- logs.py: logging configuration (plain text or JSON lines)."""
