"""What the applicant's and the officer's writes share: tracking numbers, an application
read under lock, a move through the workflow, a message to the applicant."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Container

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.applications.access import can_officiate_application
from satupintu.applications.models import Application, ApplicationFile
from satupintu.applications.workflow import APPLICANT, OFFICER, WORKFLOW
from satupintu.catalog import conditions
from satupintu.catalog.models import Requirement, ServiceVersion
from satupintu.core.links import citizen_link
from satupintu.notifications.models import CitizenKind
from satupintu.notifications.services import notify_citizen

# Crockford's base32 without I, L, O and U: no letter is mistaken for a digit when read aloud.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_tracking_number() -> str:
    """Three groups of four (60 random bits), e.g. 7K3M-9QXD-2FHT."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_tracking_number(raw: str) -> str:
    """What a citizen types (lower case, spaces, O for 0, I/L for 1) back to the stored form."""
    text = "".join(ch for ch in str(raw).upper() if ch.isalnum())
    text = text.translate(str.maketrans("OIL", "011"))
    return f"{text[:4]}-{text[4:8]}-{text[8:12]}" if len(text) == 12 else ""


def requirement_key(requirement: Requirement) -> str:
    return f"p{requirement.order}"


def requirements_of(version: ServiceVersion) -> list[Requirement]:
    return list(version.requirements.all())


def current_files(application: Application) -> dict[str, ApplicationFile]:
    return {
        f.requirement_key: f
        for f in application.files.filter(superseded_at__isnull=True)
        .select_related("reading")  # what the reading app found (reading/models.py)
        .order_by("pk")
    }


def applicable_requirements(application: Application) -> list[Requirement]:
    """The requirements that apply to this applicant, by their answers to the standard's
    condition questions (all of them when the standard asks none)."""
    return conditions.applicable(requirements_of(application.version), application.conditions)


def missing_among(requirements: list[Requirement], have: Container[str]) -> list[Requirement]:
    """Mandatory uploadable requirements whose key is not in `have`."""
    return [
        r
        for r in requirements
        if r.uploadable and not r.is_optional and requirement_key(r) not in have
    ]


def missing_requirements(application: Application) -> list[Requirement]:
    return missing_among(applicable_requirements(application), current_files(application))


def role_of(user: User, application: Application) -> str:
    if application.user_id == user.pk:
        return APPLICANT
    if can_officiate_application(user, application):
        return OFFICER
    raise Http404(_("Permohonan tidak ditemukan."))


def locked_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("mpp", "service", "service__agency", "version")
        .get(pk=application.pk)
    )


def move(
    application: Application,
    *,
    user: User,
    action: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> Application:
    """Apply `action`, taken by `user`, and record it; the caller saves the application."""
    role = role_of(user, application)
    WORKFLOW.apply(application, action, role=role, actor=user, note=note, now=now, save=False)
    return application


# The kind of each message to the applicant, as a citizen with an account chooses a channel
# for it (notifications.models.CitizenKind); any other is "kabar lain permohonan". A paid
# application (APPLICATION_PAID) is told by the payments code once it exists.
CITIZEN_KINDS = {
    "needs_revision": CitizenKind.APPLICATION_REVISION,
    "ready": CitizenKind.APPLICATION_READY,
    "paid": CitizenKind.APPLICATION_PAID,
}


def tell(application: Application, kind: str, subject: str, body: str) -> None:
    """Tell the applicant of the move just recorded: on the channel they chose when the
    application belongs to an account, else on the phone and e-mail it gives. Named after
    that history row, so one move is told once."""
    last = application.events.order_by("-pk").values_list("pk", flat=True).first()
    notify_citizen(
        kind=CITIZEN_KINDS.get(kind, CitizenKind.APPLICATION_UPDATE),
        event_key=f"{application.reference}:{kind}:{last or 0}",
        title=subject,
        body=body,
        url=citizen_link(
            reverse("applications:mine_detail", args=[application.public_id])
            if application.user_id
            else reverse("applications:track")
        ),
        user=application.user if application.user_id else None,
        phone=application.applicant_phone,
        email=application.applicant_email,
        mpp=application.mpp,
        reference=application.reference,
        message_kind=f"application.{kind}",
    )
