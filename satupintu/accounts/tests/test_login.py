"""Signing in: e-mail or phone, argon2, devices never by password, lockout after failures."""

import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.test import RequestFactory

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def authenticate(**credentials):
    return django_authenticate(RequestFactory().post("/masuk/"), **credentials)


def test_a_citizen_signs_in_with_any_spelling_of_the_phone_number(client):
    make_user(Role.CITIZEN, email=None, phone="0812-3456-7890")
    for spelling in ["081234567890", "+62 812 3456 7890", "6281234567890"]:
        assert authenticate(username=spelling, password=PASSWORD) is not None


def test_e_mail_login_ignores_case():
    user = make_user(Role.CITIZEN, email="Budi@Warga.test")
    assert user.email == "budi@warga.test"
    assert authenticate(username="BUDI@warga.TEST", password=PASSWORD) == user


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    assert make_user().password.startswith("argon2")


def test_a_device_cannot_sign_in_with_a_password(personas):
    assert not personas.kiosk_x.has_usable_password()
    assert authenticate(username=personas.kiosk_x.email, password="") is None


def test_login_page_signs_in_and_sends_an_officer_to_the_staff_room(client, personas):
    response = client.post(
        "/masuk/", {"username": personas.officer_xa.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/staf/"
    assert "Ruang petugas" in response.content.decode()


def test_wrong_password_shows_a_clear_message(client, personas):
    response = client.post("/masuk/", {"username": personas.citizen.email, "password": "salah"})
    assert response.status_code == 200
    assert "kata sandi salah" in response.content.decode()


def test_five_failures_lock_the_login_even_with_the_right_password(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/masuk/", {"username": "0812-3456-7890", "password": "salah"})
    # The same phone number spelled differently is the same login.
    response = client.post("/masuk/", {"username": "+62 812 3456 7890", "password": PASSWORD})
    assert response.status_code == 429
    assert "dikunci sementara" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_login_does_not_lock_other_people(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/masuk/", {"username": personas.citizen.email, "password": "salah"})
    response = client.post("/masuk/", {"username": personas.officer_xa.email, "password": PASSWORD})
    assert response.status_code == 302
