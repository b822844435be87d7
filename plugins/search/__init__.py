"""Search: a Chinese full-text index of the content pages (Pagefind) and the /search/ page."""

from .search import register

__all__ = ["register"]
