"""OpenAPI names its components after the schema classes: two apps must not share a name,
or one app's document silently describes the other's data."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from ninja import Schema

APPS = Path(__file__).resolve().parents[2]


def test_no_two_api_schemas_share_a_name():
    owners: dict[str, set[str]] = {}
    for api in sorted([*APPS.glob("*/api.py"), *APPS.glob("*/*/api.py")]):
        dotted = ".".join(api.relative_to(APPS).with_suffix("").parts)
        module = importlib.import_module(f"satupintu.{dotted}")
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Schema) and value.__module__ == module.__name__:
                owners.setdefault(name, set()).add(module.__name__)
    shared = {name: modules for name, modules in owners.items() if len(modules) > 1}
    assert not shared
