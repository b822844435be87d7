"""Events: story-telling contests and other events, with their winners."""

from .events import register

__all__ = ["register"]
