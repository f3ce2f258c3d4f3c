"""Service standards are versioned: new versions, never edits; the version in force by date."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from satupintu.catalog.models import ServiceVersion
from satupintu.catalog.selectors import (
    catalog_of,
    change_log,
    fee_label,
    processing_time_label,
    service_at,
    upcoming_version,
    version_in_force,
    where_offered,
)
from satupintu.catalog.services import publish_version
from satupintu.catalog.standard import FeeVariantData, RequirementData, VersionMeta
from satupintu.catalog.tests.factories import content, make_service
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.tenancy.tests.factories import AgencyFactory, BoothFactory, MppFactory

pytestmark = pytest.mark.django_db
NEW_YEAR = VersionMeta(reason="Perda tarif baru", effective_from=dt.date(2027, 1, 1))


def test_a_new_service_is_published_as_version_one():
    service = make_service(requirements=(RequirementData("KK"), RequirementData("Akta lahir")))
    version = version_in_force(service)
    assert version.number == 1
    assert [r.name for r in version.requirements.all()] == ["KK", "Akta lahir"]


def test_a_published_version_cannot_be_edited():
    version = version_in_force(make_service())
    version.fee_rupiah = 10_000
    with pytest.raises(ValidationError):
        version.save()
    assert ServiceVersion.objects.get(pk=version.pk).fee_rupiah == 0


def test_a_future_version_takes_effect_on_its_date_in_the_mpps_zone():
    service = make_service(booth=BoothFactory(mpp=MppFactory(time_zone="Asia/Jayapura")))
    publish_version(service=service, content=content(fee_rupiah=50_000), meta=NEW_YEAR)
    # 31 Dec 14.00 UTC is 23.00 WIT; 16.30 UTC is already 1 January 01.30 WIT.
    with time_machine.travel(dt.datetime(2026, 12, 31, 14, 0, tzinfo=dt.UTC), tick=False):
        assert version_in_force(service).number == 1
        assert upcoming_version(service).number == 2
    with time_machine.travel(dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC), tick=False):
        assert version_in_force(service).number == 2
        assert upcoming_version(service) is None


def test_the_change_log_says_what_changed_in_plain_words():
    service = make_service()
    publish_version(
        service=service,
        content=content(fee_rupiah=50_000, requirements=(RequirementData("KTP-el"),)),
        meta=NEW_YEAR,
    )
    [change] = change_log(service)
    assert change.version.effective_from == dt.date(2027, 1, 1)
    assert "Biaya berubah dari Gratis menjadi Rp50.000" in change.messages
    assert "Persyaratan diperbarui" in change.messages


@pytest.mark.parametrize(
    ("kind", "amount", "label"),
    [
        ("fixed", 0, "Gratis"),
        ("fixed", 1_250_000, "Rp1.250.000"),
        ("fixed_plus_variable", 25_000, "Rp25.000 ditambah bagian yang bervariasi"),
        ("variable", None, "Bervariasi"),
        ("per_unit", None, "Dihitung per satuan"),
        ("unknown", None, "Tanyakan di gerai"),
    ],
)
def test_fees_read_as_people_say_them(kind, amount, label):
    service = make_service(fee_kind=kind, fee_rupiah=amount)
    assert fee_label(version_in_force(service)) == label


def test_a_fixed_fee_needs_an_amount():
    with pytest.raises(ValidationError):
        make_service(fee_kind="fixed", fee_rupiah=None)


def test_processing_time_reads_with_its_unit():
    service = make_service(processing_time_value=14, processing_time_unit="working_days")
    assert processing_time_label(version_in_force(service)) == "14 hari kerja"


def test_fee_variants_are_kept_in_order():
    variants = (FeeVariantData("SIM A baru", 120_000), FeeVariantData("Perpanjangan SIM A", 80_000))
    service = make_service(fee_kind="variable", fee_rupiah=None, fee_variants=variants)
    loaded = service_at(service.mpp, service.code)
    assert [(f.name, f.amount_rupiah) for f in loaded.current.fee_variants.all()] == [
        ("SIM A baru", 120_000),
        ("Perpanjangan SIM A", 80_000),
    ]


def test_an_agency_without_a_booth_at_the_mpp_cannot_offer_a_service_there():
    booth = BoothFactory()
    outsider = BoothFactory(agency=AgencyFactory())
    with pytest.raises(ValidationError):
        make_service(booth=type(booth)(mpp=booth.mpp, agency=outsider.agency, queue_prefix="Z"))


def test_the_catalog_shows_the_version_in_force_in_two_queries(django_assert_max_num_queries):
    booth = BoothFactory()
    for _ in range(5):
        service = make_service(booth=booth)
        publish_version(service=service, content=content(name="Nama baru"), meta=NEW_YEAR)
    moment = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False), django_assert_max_num_queries(2):
        services = catalog_of(booth.mpp)
        names = {s.current.name for s in services}
    assert names == {"Perekaman KTP-el"}


def test_where_is_this_service_offered_lists_every_mpp():
    first = make_service(standard_key="paspor-baru")
    second = make_service(standard_key="paspor-baru")
    make_service(standard_key="lain")
    assert {s.mpp for s in where_offered("paspor-baru")} == {first.mpp, second.mpp}


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_supervisors_publishing_at_once_get_consecutive_versions():
    service = make_service()
    for round_ in range(3):

        def publish(i, round_=round_):
            return publish_version(
                service=service, content=content(name=f"Versi {round_}-{i}"), meta=NEW_YEAR
            )

        results = run_concurrently(publish, 6)
        assert all(isinstance(r, ServiceVersion) for r in results), results
    numbers = sorted(service.versions.values_list("number", flat=True))
    assert numbers == list(range(1, 20))
