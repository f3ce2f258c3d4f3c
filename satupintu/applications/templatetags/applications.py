"""Presentation of application statuses and file decisions (colours only)."""

from django import template

register = template.Library()

_STATUS = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-primary",
    "verifying": "text-bg-info",
    "needs_revision": "text-bg-warning",
    "verified": "text-bg-success",
    "awaiting_payment": "text-bg-warning",
    "processing": "text-bg-info",
    "ready": "text-bg-success",
    "completed": "text-bg-dark",
    "rejected": "text-bg-danger",
    "withdrawn": "text-bg-secondary",
}
_DECISION = {
    "pending": "text-bg-light border",
    "accepted": "text-bg-success",
    "rejected": "text-bg-danger",
}


@register.filter
def status_badge(status: str) -> str:
    return _STATUS.get(status, "text-bg-secondary")


@register.filter
def decision_badge(decision: str) -> str:
    return _DECISION.get(decision, "text-bg-light border")


@register.inclusion_tag("applications/_ticket_applications.html")
def linked_applications(ticket) -> dict:
    """Hybrid service: the called ticket's online applications (same phone, same agency),
    for the counter console."""
    from satupintu.applications.selectors import applications_for_ticket

    return {"applications": applications_for_ticket(ticket) if ticket else []}
