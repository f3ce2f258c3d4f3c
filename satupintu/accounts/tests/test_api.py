"""Input the staff endpoints refuse before it reaches the database (found by the API fuzz gate)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["AGENCY%00A", "agency-a", "A.B"])
def test_an_agency_code_outside_its_pattern_is_a_422(client, personas, code):
    """A NUL character in the code crashed PostgreSQL with a 500."""
    response = client.get(
        f"/api/v1/mpps/{personas.mpp_x.slug}/agencies/{code}/officers",
        headers={"authorization": f"Bearer {personas.token(personas.supervisor_x)}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "code"
