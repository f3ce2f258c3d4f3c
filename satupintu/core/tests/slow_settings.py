"""Settings of a test server that also has a deliberately slow view (test_serving.py)."""

from satupintu.settings import *  # noqa: F403

ROOT_URLCONF = "satupintu.core.tests.slow_urls"
