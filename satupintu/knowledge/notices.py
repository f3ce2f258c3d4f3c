"""Changes reach officers (issue 21 item 8): a regulation linked to a service amended or
revoked, or a new version of a service standard published, becomes a Notice for the
officers of the service's agency at its MPP; they see it in their console until they
acknowledge it, and the supervisor sees who has not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.catalog.models import Service, ServiceVersion
from satupintu.knowledge.models import Notice, NoticeKind, NoticeRead, Regulation

SHOWN_FOR = dt.timedelta(days=90)  # older notices leave the console and the supervisor's list


def regulation_changed(old: Regulation, new: Regulation, *, revoked: bool) -> list[Notice]:
    """One notice per agency and MPP whose services `old` governs: it was amended or
    revoked by `new` (the services named)."""
    groups: dict[tuple[int, int], list[Service]] = {}
    for service in old.services.order_by("code"):
        groups.setdefault((service.mpp_id, service.agency_id), []).append(service)
    words = {"old": old.citation, "new": new.citation}
    found = []
    for (mpp_id, agency_id), affected in groups.items():
        words["codes"] = ", ".join(s.code for s in affected)
        if revoked:
            text = _("%(old)s dicabut oleh %(new)s (layanan %(codes)s).") % words
        else:
            text = _("%(old)s diubah oleh %(new)s (layanan %(codes)s).") % words
        found.append(
            Notice.objects.create(
                mpp_id=mpp_id,
                agency_id=agency_id,
                service=affected[0] if len(affected) == 1 else None,
                regulation=new,
                kind=NoticeKind.REGULATION,
                text=text[:400],
            )
        )
    return found


def standard_published(version: ServiceVersion) -> Notice | None:
    """A new version of a standard (not a service's first) is a notice for its agency."""
    if version.number <= 1:
        return None
    service: Service = version.service
    text = _("Standar pelayanan %(name)s versi %(n)s berlaku mulai %(date)s: %(reason)s") % {
        "name": version.name,
        "n": version.number,
        "date": version.effective_from.strftime("%d-%m-%Y"),
        "reason": version.reason,
    }
    return Notice.objects.create(
        mpp_id=service.mpp_id,
        agency_id=service.agency_id,
        service=service,
        kind=NoticeKind.STANDARD,
        text=text[:400],
    )


def on_version_saved(sender, instance: ServiceVersion, created: bool, **kwargs) -> None:
    if created and not kwargs.get("raw"):
        standard_published(instance)


def _recent():
    return Notice.objects.filter(created_at__gte=timezone.now() - SHOWN_FOR)


def unread(user: User) -> list[Notice]:
    """The notices an officer has not acknowledged yet (none for anyone else)."""
    if user.role != Role.OFFICER or not user.mpp_id or not user.agency_id:
        return []
    return list(
        _recent()
        .filter(mpp_id=user.mpp_id, agency_id=user.agency_id)
        .exclude(reads__user=user)
        .select_related("regulation")
    )


def acknowledge(notice_id: int, user: User) -> bool:
    """The officer has read it; False when it is not one of theirs."""
    notice = next((n for n in unread(user) if n.pk == notice_id), None)
    if notice is None:
        return False
    try:
        with transaction.atomic():
            NoticeRead.objects.create(notice=notice, user=user)
    except IntegrityError:  # acknowledged twice at once
        pass
    return True


@dataclass(frozen=True)
class Outstanding:
    notice: Notice
    officers: list[User]  # who has not acknowledged it


def not_acknowledged(mpp_id: int) -> list[Outstanding]:
    """For the supervisor: each recent notice and the officers who have not read it."""
    notices = list(_recent().filter(mpp_id=mpp_id).prefetch_related("reads"))
    officers = User.objects.filter(
        mpp_id=mpp_id, role=Role.OFFICER, is_active=True, agency_id__isnull=False
    ).order_by("full_name", "pk")
    by_agency: dict[int, list[User]] = {}
    for officer in officers:
        by_agency.setdefault(officer.agency_id, []).append(officer)  # type: ignore[arg-type]
    found = []
    for notice in notices:
        read = {r.user_id for r in notice.reads.all()}
        missing = [o for o in by_agency.get(notice.agency_id, []) if o.pk not in read]
        if missing:
            found.append(Outstanding(notice, missing))
    return found
