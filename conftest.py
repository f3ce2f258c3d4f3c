"""Root fixtures: personas and a clean cache. App fixtures live in each app's tests/."""

import pytest


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with empty rate-limit and lockout counters."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def personas(db):
    from satupintu.accounts.tests.factories import build_personas

    return build_personas()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that check hashing switch it back on."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
