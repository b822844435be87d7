"""Regions: the administrative hierarchy, from province to community."""

from .regions import register

__all__ = ["register"]
