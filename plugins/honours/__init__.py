"""Honours: the honour board (光荣榜), worker and grid pages, and the honours open data."""

from .honours import register

__all__ = ["register"]
