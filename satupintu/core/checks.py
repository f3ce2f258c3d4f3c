"""System checks of this project's own settings (`satupintu check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.urls, deploy=True)
def public_url_is_set(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if settings.PUBLIC_URL:
        return []
    return [
        Warning(
            "SATUPINTU_PUBLIC_URL is not set: links in SMS, WhatsApp and e-mail messages "
            "are written without a host, and citizens cannot open them.",
            hint="Set it to the address citizens use, e.g. https://mpp.banyumaskab.go.id.",
            id="satupintu.W001",
        )
    ]
