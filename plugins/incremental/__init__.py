"""Read stories once, on every core, and keep what they became between builds."""

from .incremental import register

__all__ = ["register"]
