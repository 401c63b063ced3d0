"""The local web app and HTTP API over one store (`newsline serve`)."""

from .app import create_app, serve

__all__ = ["create_app", "serve"]
