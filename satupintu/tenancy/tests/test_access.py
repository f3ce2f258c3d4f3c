"""Nobody at MPP X touches MPP Y; an officer of agency A cannot read or change agency B:
an agency's internal data and its counters (tenancy/access.py).

Every check goes through the public interfaces: the API with a token, and the pages
with a signed-in browser session.
"""

import pytest

from satupintu.tenancy.models import Counter

pytestmark = pytest.mark.django_db


def api(client, personas, user, method, path, body=None):
    headers = {"authorization": f"Bearer {personas.token(user)}"}
    if method == "get":
        return client.get(path, headers=headers)
    return client.patch(path, body, content_type="application/json", headers=headers)


def officers_path(mpp, agency_code):
    return f"/api/v1/mpps/{mpp.slug}/agencies/{agency_code}/officers"


class TestAgencyData:
    def test_an_officer_reads_the_officers_of_their_own_agency(self, client, personas):
        response = api(
            client, personas, personas.officer_xa, "get", officers_path(personas.mpp_x, "AGENCY-A")
        )
        assert response.status_code == 200
        assert [o["full_name"] for o in response.json()] == [personas.officer_xa.full_name]

    def test_an_officer_cannot_read_another_agencys_officers(self, client, personas):
        response = api(
            client, personas, personas.officer_xa, "get", officers_path(personas.mpp_x, "AGENCY-B")
        )
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"

    def test_the_same_agency_at_another_mpp_is_invisible(self, client, personas):
        response = api(
            client, personas, personas.officer_xa, "get", officers_path(personas.mpp_y, "AGENCY-A")
        )
        assert response.status_code == 404

    def test_a_supervisor_reads_every_agency_of_their_mpp_only(self, client, personas):
        sup = personas.supervisor_x
        assert (
            api(client, personas, sup, "get", officers_path(personas.mpp_x, "AGENCY-B")).status_code
            == 200
        )
        assert (
            api(client, personas, sup, "get", officers_path(personas.mpp_y, "AGENCY-A")).status_code
            == 404
        )

    def test_citizens_and_devices_cannot_read_staff_lists(self, client, personas):
        for user in (personas.citizen, personas.kiosk_x):
            response = api(client, personas, user, "get", officers_path(personas.mpp_x, "AGENCY-A"))
            assert response.status_code == 403

    def test_officer_phone_numbers_are_masked(self, client, personas):
        personas.officer_xa.phone = "+6281299990001"
        personas.officer_xa.save()
        body = api(
            client,
            personas,
            personas.supervisor_x,
            "get",
            officers_path(personas.mpp_x, "AGENCY-A"),
        ).json()
        assert body[0]["phone"] == "+62 812****0001"


class TestCountersThroughTheApi:
    def test_an_officer_closes_their_own_counter(self, client, personas):
        path = f"/api/v1/counters/{personas.counter_xa.pk}"
        response = api(client, personas, personas.officer_xa, "patch", path, {"is_active": False})
        assert response.status_code == 200
        assert response.json()["is_active"] is False

    def test_an_officer_cannot_close_another_agencys_counter(self, client, personas):
        path = f"/api/v1/counters/{personas.counter_xb.pk}"
        response = api(client, personas, personas.officer_xa, "patch", path, {"is_active": False})
        assert response.status_code == 403
        assert Counter.objects.get(pk=personas.counter_xb.pk).is_active

    def test_an_officer_cannot_even_see_a_counter_at_another_mpp(self, client, personas):
        path = f"/api/v1/counters/{personas.counter_ya.pk}"
        assert api(client, personas, personas.officer_xa, "get", path).status_code == 404
        response = api(client, personas, personas.officer_xa, "patch", path, {"is_active": False})
        assert response.status_code == 404
        assert Counter.objects.get(pk=personas.counter_ya.pk).is_active

    def test_a_supervisor_of_another_mpp_cannot_change_it(self, client, personas):
        path = f"/api/v1/counters/{personas.counter_xa.pk}"
        response = api(client, personas, personas.supervisor_y, "patch", path, {"is_active": False})
        assert response.status_code == 404

    def test_only_the_supervisor_renames_a_counter(self, client, personas):
        path = f"/api/v1/counters/{personas.counter_xa.pk}"
        refused = api(client, personas, personas.officer_xa, "patch", path, {"name": "Loket KTP"})
        assert refused.status_code == 403
        renamed = api(client, personas, personas.supervisor_x, "patch", path, {"name": "Loket KTP"})
        assert renamed.json()["name"] == "Loket KTP"

    def test_a_wrong_type_is_a_422_with_the_field_named(self, client, personas):
        path = f"/api/v1/counters/{personas.counter_xa.pk}"
        response = api(
            client, personas, personas.officer_xa, "patch", path, {"is_active": "mungkin"}
        )
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"
        assert response.json()["errors"][0]["field"] == "is_active"

    def test_broken_json_is_a_clear_error_not_a_crash(self, client, personas):
        response = client.patch(
            f"/api/v1/counters/{personas.counter_xa.pk}",
            "{not json",
            content_type="application/json",
            headers={"authorization": f"Bearer {personas.token(personas.officer_xa)}"},
        )
        assert response.status_code in {400, 422}
        assert set(response.json()) >= {"code", "message"}

    def test_anonymous_callers_must_authenticate(self, client, personas):
        response = client.get(f"/api/v1/counters/{personas.counter_xa.pk}")
        assert response.status_code == 401


class TestCountersThroughThePages:
    def sign_in(self, client, user):
        client.force_login(user)

    def test_the_staff_room_lists_only_the_officers_counters(self, client, personas):
        self.sign_in(client, personas.officer_xa)
        page = client.get("/staf/").content.decode()
        assert "Tutup loket 1" in page
        assert "loket 2" not in page

    def test_an_officer_cannot_close_another_agencys_counter_by_posting(self, client, personas):
        self.sign_in(client, personas.officer_xa)
        response = client.post(f"/staf/loket/{personas.counter_xb.pk}/status/", {"is_active": "0"})
        assert response.status_code == 403
        assert Counter.objects.get(pk=personas.counter_xb.pk).is_active

    def test_another_mpps_counter_is_not_found(self, client, personas):
        self.sign_in(client, personas.supervisor_y)
        response = client.post(f"/staf/loket/{personas.counter_xa.pk}/status/", {"is_active": "0"})
        assert response.status_code == 404

    def test_citizens_have_no_staff_room(self, client, personas):
        self.sign_in(client, personas.citizen)
        assert client.get("/staf/").status_code == 403

    def test_closing_a_counter_from_the_staff_room_asks_first(self, client, personas):
        self.sign_in(client, personas.officer_xa)
        url = f"/staf/loket/{personas.counter_xa.pk}/status/"
        asked = client.post(url, {"is_active": "0"}, follow=True).content.decode()
        assert "Tutup loket 1?" in asked and "Ya, tutup loket 1" in asked
        assert Counter.objects.get(pk=personas.counter_xa.pk).is_active
        response = client.post(url, {"is_active": "0", "confirm": "1"}, follow=True)
        assert "Loket 1 ditutup." in response.content.decode()
        assert not Counter.objects.get(pk=personas.counter_xa.pk).is_active
