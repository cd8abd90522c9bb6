"""Offline checks of the values we give a Helm chart against the chart's own values.yaml."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any


def unread_keys(
    values: Any, defaults: Any, *, opaque: Collection[str] = (), empty_is_open: bool = False, path: str = ""
) -> list[str]:
    """Keys set in `values` that the chart's values.yaml does not have (so no template reads them).

    Under an `opaque` key the chart copies the value whole (a map of names, a Kubernetes object
    it passes through toYaml); with `empty_is_open`, a default of `{}` takes any key too."""
    if not isinstance(values, dict) or (empty_is_open and defaults == {}):
        return []
    missing = []
    for key, value in values.items():
        if not isinstance(defaults, dict) or key not in defaults:
            missing.append(f"{path}{key}")
        elif key not in opaque:
            missing += unread_keys(
                value, defaults[key], opaque=opaque, empty_is_open=empty_is_open, path=f"{path}{key}."
            )
    return missing
