"""OpenAPI names its components after the schema classes: two apps must not share a name,
or one app's document silently describes the other's data."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from ninja import Schema

APPS = Path(__file__).resolve().parents[2]


def test_no_two_api_schemas_share_a_name():
    # core.api first, as urls.py does: it mounts every app's router, and an app's api
    # module imported before it would import itself again through that mount
    importlib.import_module("satupintu.core.api")
    owners: dict[str, set[str]] = {}
    for api in sorted(APPS.glob("*/api.py")):
        module = importlib.import_module(f"satupintu.{api.parent.name}.api")
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Schema) and value.__module__ == module.__name__:
                owners.setdefault(name, set()).add(module.__name__)
    shared = {name: modules for name, modules in owners.items() if len(modules) > 1}
    assert not shared
