"""Spark Graph: a GraphQL backend for social commerce."""

__version__ = "0.1.0"
