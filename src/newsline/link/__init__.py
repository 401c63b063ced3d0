"""The reduce step: link what per-article analysis found across articles, incrementally."""

from .entities import link_entities

__all__ = ["link_entities"]
