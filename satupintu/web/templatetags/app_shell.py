"""The installable app in every page of web/base.html: the manifest link and the worker
(`{% app_head %}`), and the server-drawn "Anda sedang luring…" line (`{% offline_banner %}`)
that web/pwa.js shows when the phone is offline or the page is the worker's kept copy."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode

from satupintu.tenancy.models import TimeZone
from satupintu.web import pwa

register = template.Library()


def _path(context: template.Context) -> str:
    request = context.get("request")
    return request.path if request is not None else "/"


@register.inclusion_tag("web/_app_head.html", takes_context=True)
def app_head(context: template.Context) -> dict[str, Any]:
    path = _path(context)
    slug = pwa.mpp_slug_of(path)
    manifest = reverse("web:manifest") + (f"?{urlencode({'mpp': slug})}" if slug else "")
    return {
        "manifest_url": manifest,
        "theme_color": pwa.THEME_COLOR,
        "apple_touch_icon": pwa.APPLE_TOUCH_ICON,
        "worker_url": reverse("web:service_worker") if pwa.is_citizen_page(path) else "",
    }


@register.inclusion_tag("web/_offline_banner.html", takes_context=True)
def offline_banner(context: template.Context) -> dict[str, Any]:
    """When this page was drawn, in the MPP's zone when the page is an MPP's."""
    if not pwa.is_citizen_page(_path(context)) or context.get("is_offline_page"):
        return {"shown": False}
    drawn_at = timezone.now()
    zone = getattr(context.get("mpp"), "time_zone", "") or timezone.get_current_timezone_name()
    local = timezone.localtime(drawn_at, zoneinfo.ZoneInfo(zone))
    label = TimeZone(zone).name if zone in TimeZone.values else ""
    return {
        "shown": True,
        "drawn_at": drawn_at.isoformat(),
        "time": dateformat.format(local, "H.i"),
        "zone": label,
        "day": dateformat.format(local, "j M"),
    }
