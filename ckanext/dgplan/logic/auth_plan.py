"""auth for plan (filled in by its feature)."""
from __future__ import annotations

__all__: list[str] = []
