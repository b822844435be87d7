"""Sitemap: sitemap.xml for every page the site publishes."""

from .sitemap import register

__all__ = ["register"]
