"""Use cases of the center tree: create a center below another, rename one (audited, flushed)."""

from .centers import CenterError, create_center, rename_center

__all__ = ["CenterError", "create_center", "rename_center"]
