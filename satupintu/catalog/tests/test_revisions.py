"""revise_service: what an edit publishes, and that a refused edit leaves nothing behind."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from satupintu.catalog.services import revise_service
from satupintu.catalog.standard import ServiceSettings, VersionMeta, content_of, settings_of
from satupintu.catalog.tests.factories import content, make_service

pytestmark = pytest.mark.django_db
META = VersionMeta(reason="Perubahan", effective_from=dt.date(2027, 1, 1))


def test_a_changed_standard_becomes_the_next_version_with_its_author(personas):
    service = make_service()
    version = revise_service(
        service=service,
        content=content(name="Nama baru"),
        settings=settings_of(service),
        meta=META,
        author=personas.supervisor_x,
        based_on=1,
    )
    assert (version.number, version.name, version.author) == (2, "Nama baru", personas.supervisor_x)


def test_only_the_settings_changed_publishes_no_version():
    service = make_service()
    settings = ServiceSettings(category="kepolisian", uses_queue=False, fully_online=True)
    assert revise_service(service=service, content=None, settings=settings, meta=META) is None
    service.refresh_from_db()
    assert settings_of(service) == settings
    assert service.versions.count() == 1


def test_the_same_standard_with_other_whitespace_is_no_change():
    service = make_service()
    same = content_of(service.versions.get())
    spaced = type(same)(**{**vars(same), "name": f"  {same.name}\r\n"})
    with pytest.raises(ValidationError, match="Tidak ada perubahan"):
        revise_service(service=service, content=spaced, settings=settings_of(service), meta=META)


def test_an_edit_based_on_an_older_version_is_refused():
    service = make_service()
    revise_service(
        service=service, content=content(name="B"), settings=settings_of(service), meta=META
    )
    with pytest.raises(ValidationError, match="versi 2 sudah diterbitkan orang lain"):
        revise_service(
            service=service,
            content=content(name="C"),
            settings=settings_of(service),
            meta=META,
            based_on=1,
        )
    assert service.versions.count() == 2


def test_a_refused_version_leaves_the_settings_untouched_too():
    service = make_service()
    before = settings_of(service)
    with pytest.raises(ValidationError):
        revise_service(
            service=service,
            content=content(name="x" * 500),  # longer than the model allows
            settings=ServiceSettings(category="kepolisian"),
            meta=META,
        )
    service.refresh_from_db()
    assert settings_of(service) == before
    assert service.versions.count() == 1
