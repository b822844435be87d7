"""SEO: canonical links, link previews (OpenGraph, Twitter) and JSON-LD structured data."""

from .seo import register

__all__ = ["register"]
