"""Recaps: each year's figures per region, with tables and charts."""

from .recaps import register

__all__ = ["register"]
