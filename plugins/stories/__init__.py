"""Stories: the YAML front matter reader, slug checks, and the theme's helpers."""

from .stories import register

__all__ = ["register"]
