"""Site-wide helpers shared by the plugins: the navigation registry."""

from __future__ import annotations

from typing import Any

# Where each section sits in the header navigation.
NAV_ORDER = {"stories": 10, "honours": 20, "events": 30, "recaps": 40, "regions": 50, "search": 90}


def add_nav_section(context: dict[str, Any], key: str, title: str, url: str) -> None:
    """Show a section in the navigation; a plugin calls this only once its section has pages."""
    sections = [s for s in context.get("nav_sections", []) if s["key"] != key]
    sections.append({"key": key, "title": title, "url": url, "order": NAV_ORDER.get(key, 80)})
    context["nav_sections"] = sorted(sections, key=lambda s: (s["order"], s["key"]))
