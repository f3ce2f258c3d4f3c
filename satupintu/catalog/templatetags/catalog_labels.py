"""How the public pages read a standard's fee and time: the selectors' labels as filters."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from satupintu.catalog import selectors
from satupintu.catalog.models import Requirement, ServiceVersion

register = template.Library()


@register.filter
def fee_label(version: ServiceVersion) -> str:
    return selectors.fee_label(version)


@register.filter
def processing_time(version: ServiceVersion) -> str:
    return selectors.processing_time_label(version)


@register.filter
def rupiah(amount: int) -> str:
    return selectors.rupiah(amount)


@register.filter
def file_types(value: str) -> str:
    """'pdf,jpg,png' as people read it: 'PDF, JPG, PNG'."""
    return ", ".join(t.strip().upper() for t in value.split(",") if t.strip())


@register.filter
def requirement_facts(requirement: Requirement) -> list[str]:
    """The short notes after a requirement on the poster and the kiosk: when it applies,
    its form (unless its name says it already, or it is no document), copies, optional."""
    facts = []
    if requirement.condition_label:
        facts.append(requirement.condition_label)
    if requirement.form_note:
        facts.append(requirement.form_note)
    if requirement.count > 1:
        facts.append(_("%(count)s rangkap") % {"count": requirement.count})
    if requirement.is_optional:
        facts.append(_("tidak wajib"))
    return facts
