"""API tokens: bearer authentication, revocation, stored only as a hash."""

import pytest
from django.core.management import call_command

from satupintu.accounts.models import ApiToken
from satupintu.accounts.services import issue_api_token, revoke_api_token

pytestmark = pytest.mark.django_db


def bearer(token):
    return {"authorization": f"Bearer {token}"}


def test_a_token_identifies_its_device(client, personas):
    token = issue_api_token(user=personas.kiosk_x)
    body = client.get("/api/v1/me", headers=bearer(token)).json()
    assert body["role"] == "kiosk"
    assert body["mpp"] == "mpp-x"


def test_only_the_hash_of_a_token_is_stored(personas):
    token = issue_api_token(user=personas.kiosk_x)
    stored = ApiToken.objects.get(user=personas.kiosk_x)
    assert token not in (stored.key_hash, stored.prefix)
    assert token.startswith(stored.prefix)


def test_a_revoked_token_is_refused(client, personas):
    token = issue_api_token(user=personas.kiosk_x)
    revoke_api_token(token=ApiToken.objects.get(user=personas.kiosk_x))
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_made_up_token_is_refused(client, personas):
    assert client.get("/api/v1/me", headers=bearer("sp_tebakan")).status_code == 401


def test_a_deactivated_users_token_stops_working(client, personas):
    token = issue_api_token(user=personas.officer_xa)
    personas.officer_xa.is_active = False
    personas.officer_xa.save()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_create_token_prints_a_working_token_on_its_last_line(client, personas, capsys):
    call_command("create_token", personas.officer_xa.email)
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert client.get("/api/v1/me", headers=bearer(token)).json()["role"] == "officer"
