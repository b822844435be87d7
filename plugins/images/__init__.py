"""Images: responsive variants in WebP and JPEG, metadata stripped, social cards, all cached."""

from .images import register

__all__ = ["register"]
