"""satupintu's URLs plus a view that keeps the CPU busy, as a big report does."""

import time

from django.http import HttpRequest, JsonResponse
from django.urls import path

from satupintu.urls import urlpatterns as satupintu_urls


def busy(request: HttpRequest) -> JsonResponse:
    """Pure-Python work for `seconds` (default 2): it holds the interpreter, not just a wait."""
    seconds = float(request.GET.get("seconds", "2"))
    deadline, rounds = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        rounds += sum(i * i for i in range(2_000)) % 7
    return JsonResponse({"rounds": rounds})


urlpatterns = [path("test/busy", busy), *satupintu_urls]
