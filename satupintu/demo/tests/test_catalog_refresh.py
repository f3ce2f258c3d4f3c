"""A demo database seeded before the demo catalog changed is brought up to date by the
next seed (a new version), without touching what a person edited and without publishing
anything when nothing changed."""

from __future__ import annotations

import dataclasses

import pytest

from satupintu.catalog.models import Category
from satupintu.catalog.services import create_service, ensure_default_categories, publish_version
from satupintu.catalog.tests.factories import FIRST
from satupintu.demo.catalog import content_from_reference, refresh_demo_standard
from satupintu.demo.services import reference_catalog
from satupintu.tenancy.models import Booth

pytestmark = pytest.mark.django_db


@pytest.fixture
def a02(personas):
    ensure_default_categories()
    ref = next(s for s in reference_catalog()["services"] if s["code"] == "A02")
    old = dataclasses.replace(content_from_reference(ref), questions=(), legal_basis="")
    old = dataclasses.replace(
        old,
        requirements=tuple(dataclasses.replace(r, applies_when="") for r in old.requirements),
    )
    booth = Booth.objects.get(mpp=personas.mpp_x, agency__code="AGENCY-A")
    service = create_service(
        mpp=booth.mpp,
        agency=booth.agency,
        code="A02",
        standard_key="ganti-ktp",
        category=Category.objects.get(slug="kependudukan"),
        content=old,
        meta=FIRST,
    )
    return service, ref


def test_an_old_demo_standard_gets_the_conditions_once(a02):
    service, ref = a02
    refresh_demo_standard(service, ref)
    refresh_demo_standard(service, ref)
    assert service.versions.count() == 2
    newest = service.versions.order_by("-number").first()
    assert [q.text for q in newest.questions.all()] == ["Apa alasan penggantian KTP-el?"]


def test_a_standard_a_person_edited_is_left_alone(a02, personas):
    service, ref = a02
    edited = content_from_reference(ref)
    publish_version(
        service=service,
        content=dataclasses.replace(edited, name="Penggantian KTP-el (diubah)"),
        meta=FIRST,
        author=personas.supervisor_x,
    )
    refresh_demo_standard(service, ref)
    assert service.versions.count() == 2
