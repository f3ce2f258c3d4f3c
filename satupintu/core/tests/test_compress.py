"""Responses go gzipped to a browser that accepts it (pages, JSON, the vendored static
files), except event streams, which must reach the browser event by event."""

import gzip

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from satupintu.core.middleware import Compress

pytestmark = pytest.mark.django_db


def test_bootstrap_arrives_gzipped_in_a_seventh_of_its_size(client):
    url = "/static/vendor/bootstrap-5.3.9/bootstrap.min.css"
    plain = b"".join(client.get(url).streaming_content)
    response = client.get(url, headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    packed = b"".join(response.streaming_content)
    assert gzip.decompress(packed) == plain
    assert len(packed) < len(plain) / 6


def test_pages_are_gzipped_only_for_a_browser_that_asks(client):
    assert "Content-Encoding" not in client.get("/")
    assert client.get("/", headers={"accept-encoding": "gzip"})["Content-Encoding"] == "gzip"


def test_an_event_stream_is_not_compressed():
    request = RequestFactory().get("/", headers={"accept-encoding": "gzip"})
    stream = StreamingHttpResponse(iter([b"event: ticket\ndata: {}\n\n"]))
    stream["Content-Type"] = "text/event-stream"
    assert "Content-Encoding" not in Compress(lambda r: stream)(request)
    page = HttpResponse(b"x" * 500, content_type="text/html")
    assert Compress(lambda r: page)(request)["Content-Encoding"] == "gzip"
