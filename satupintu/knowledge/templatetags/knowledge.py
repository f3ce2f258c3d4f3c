"""`{% legal_basis service fallback %}`: a service's legal basis from the knowledge base,
for the catalog's public service page (the version's own text when none is linked)."""

from __future__ import annotations

from django import template

from satupintu.knowledge import notices, selectors

register = template.Library()


@register.inclusion_tag("knowledge/public/_legal_basis.html")
def legal_basis(service, fallback: str = "") -> dict:
    return {"regulations": selectors.legal_basis(service.pk), "fallback": fallback}


@register.inclusion_tag("knowledge/staff/_reply_picker.html")
def reply_template_picker(complaint) -> dict:
    """A select of the MPP's reviewed reply templates; choosing one fills the answer."""
    return {"templates": selectors.reply_templates(complaint.mpp_id, complaint.agency_id)}


@register.inclusion_tag("knowledge/staff/_notices.html", takes_context=True)
def knowledge_notices(context) -> dict:
    """The changes the signed-in officer has not acknowledged, with a button each."""
    request = context["request"]
    return {"notices": notices.unread(request.user), "next": request.get_full_path()}
