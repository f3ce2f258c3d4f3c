"""Ready to shard by MPP (issue 26 item 7, docs/scaling.md): the SQL of the hot API paths,
inspected query by query.

On a distributed PostgreSQL (Citus) with `mpp_id` as the distribution column, a query that
names one MPP's `mpp_id` goes to one shard; one that does not is sent to every shard. This
test runs the requests of a morning at one MPP through the API (a kiosk issues, the board
and a phone watch, an officer calls and serves, a citizen books) and classifies every query
on a table that belongs to an MPP. Those the schema cannot route yet are listed below,
each by table and reason, and in docs/scaling.md; a new query that is not scoped, or a new
MPP table without `mpp_id`, fails the test until it is scoped or listed.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from satupintu.accounts.models import Role
from satupintu.accounts.services import issue_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.queueing.tests.factories import make_queue

pytestmark = pytest.mark.django_db

# The national catalog and other tables shared by every MPP: Citus reference tables
# (a copy on every node) or tables of the coordinator.
NATIONAL = {
    "tenancy_mpp": "the MPPs themselves (reference table)",
    "tenancy_agency": "agencies, one row for a vertical agency in every MPP (reference table)",
    "catalog_category": "the national service categories (reference table)",
    "knowledge_regulation": "national regulations (reference table)",
    "core_jobrun": "periodic jobs' claims, one row per job for the cluster",
    "accounts_signincode": "sign-in codes per phone number, before there is an account",
    "accounts_user": "users: citizens are national (mpp_id empty); staff carry their MPP",
    "accounts_apitoken": "tokens of users (by user)",
    "notifications_notificationpreference": "a citizen's preferences (by user)",
    "notifications_pushsubscription": "a citizen's browsers (by user)",
    "documents_documentsettings": "an agency's document settings (by agency)",
    "documents_yearsequence": "an agency's yearly document numbers (by agency)",
    "documents_retentionrule": "an agency's retention schedule, JRA (by agency; empty: all)",
    "delivery_simulatedparcel": "the postal simulator's own book (a courier's, not an MPP's)",
}

# Tables that belong to one MPP but carry no mpp_id yet: reached through their parent,
# co-located only once they get the column (docs/scaling.md, "What is left").
MPP_WITHOUT_COLUMN = {
    "catalog_requirement": "catalog_serviceversion",
    "catalog_conditionquestion": "catalog_serviceversion",
    "catalog_procedurestep": "catalog_serviceversion",
    "catalog_feevariant": "catalog_serviceversion",
    "documents_documentshare": "documents_issueddocument",
    "documents_documentread": "documents_issueddocument",
    "payments_statementline": "payments_statement",
    "knowledge_noticeread": "knowledge_notice",
    "delivery_deliveryevent": "delivery_delivery",
}

TABLE = re.compile(r'(?:FROM|JOIN|INTO|UPDATE)\s+"(\w+)"')
SCOPED = re.compile(r'"mpp_id"\s*(?:=|IN\b)|"tenancy_mpp"\."id"\s*=|"slug"\s*=')


def mpp_tables() -> set[str]:
    return {
        model._meta.db_table
        for model in apps.get_models()
        if model.__module__.startswith("satupintu")
        and any(f.name == "mpp" for f in model._meta.concrete_fields)
    }


def test_every_table_is_mpp_owned_national_or_listed():
    ours = {m._meta.db_table for m in apps.get_models() if m.__module__.startswith("satupintu")}
    unplaced = ours - mpp_tables() - set(NATIONAL) - set(MPP_WITHOUT_COLUMN)
    assert not unplaced, f"a new table: give it mpp_id, or say why it is national: {unplaced}"
    assert mpp_tables() & set(NATIONAL) == {"accounts_user"}  # staff only


# Queries of the hot paths that name no MPP yet, by table: each reaches its rows through an
# id in the URL (/counters/{id}, /tickets/{id}) or a token. On Citus they go to every shard
# until the MPP travels with the id (docs/scaling.md, "What is left").
KNOWN_UNSCOPED = {
    "accounts_user": "the caller, found through an API token (national users)",
    "tenancy_counter": "/counters/{id}: the counter by its id",
    "queueing_counterstate": "/counters/{id}: the counter's state by the counter's id",
    "catalog_counterservice": "the services a counter serves, by the counter's id",
    "queueing_ticket": "/tickets/{id}: a ticket by its public id; the counter's current ticket",
    "catalog_service": "a ticket's service, joined by its id",
    "catalog_serviceversion": "the service's version in force, by the service's id",
    "queueing_dailysequence": "update_or_create's UPDATE by primary key, after its scoped SELECT",
}


def scoped(sql: str) -> bool:
    """The query names its MPP: a filter on mpp_id (or the MPP's id or slug), or an INSERT
    whose row carries it."""
    if SCOPED.search(sql):
        return True
    return sql.lstrip().upper().startswith("INSERT") and '"mpp_id"' in sql


def morning(client: Client) -> list[tuple[str, str]]:
    """(request, sql) of the hot paths of one MPP's morning, through the API."""
    q = make_queue()
    counter = q.counters[0]
    kiosk = {
        "HTTP_AUTHORIZATION": f"Bearer {issue_api_token(user=make_user(Role.KIOSK, mpp=q.mpp))}"
    }
    officer = make_user(Role.OFFICER, mpp=q.mpp, agency=counter.booth.agency, counters=[counter])
    staff = {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(user=officer)}"}
    slug = q.mpp.slug
    seen: list[tuple[str, str]] = []

    def run(label: str, method: str, path: str, headers: dict, **body) -> dict:
        with CaptureQueriesContext(connection) as queries:
            if method == "get":
                answer = client.get(path, **headers)
            else:
                answer = client.post(path, body or None, content_type="application/json", **headers)
        assert answer.status_code < 300, (label, answer.content)
        seen.extend((label, query["sql"]) for query in queries.captured_queries)
        return (
            answer.json() if answer.get("Content-Type", "").startswith("application/json") else {}
        )

    ticket = run("issue ticket (kiosk)", "post", f"/api/v1/mpps/{slug}/tickets", kiosk,
                 service=q.service.code, channel="kiosk")  # fmt: skip
    run("another ticket (kiosk)", "post", f"/api/v1/mpps/{slug}/tickets", kiosk,
        service=q.service.code, channel="kiosk")  # fmt: skip
    run("queue snapshot (board)", "get", f"/api/v1/mpps/{slug}/queue", {})
    run("ticket status (phone)", "get", f"/api/v1/tickets/{ticket['id']}", {})
    run("open counter", "post", f"/api/v1/counters/{counter.pk}/open", staff)
    called = run("call next", "post", f"/api/v1/counters/{counter.pk}/call-next", staff)
    run("start", "post", f"/api/v1/tickets/{called['id']}/start", staff)
    run("finish", "post", f"/api/v1/tickets/{called['id']}/finish", staff)
    return seen


def test_the_hot_paths_queries_are_scoped_by_mpp_or_listed(client):
    owned = mpp_tables() | set(MPP_WITHOUT_COLUMN)
    unscoped: dict[str, set[str]] = defaultdict(set)
    total = on_mpp_tables = 0
    for label, sql in morning(client):
        total += 1
        tables = set(TABLE.findall(sql)) & owned
        if not tables:
            continue
        on_mpp_tables += 1
        if not scoped(sql):
            for table in tables:
                unscoped[table].add(f"{label}: {sql[:160]}")
    print(f"\n{on_mpp_tables} of {total} queries touch MPP tables; unscoped by table:")
    for table, queries in sorted(unscoped.items()):
        print(f"  {table} ({len(queries)})")
        for q in sorted(queries)[:3]:
            print(f"     {q}")
    assert on_mpp_tables > 40
    new = set(unscoped) - set(KNOWN_UNSCOPED)
    assert not new, f"queries that name no MPP on {new}: scope them by mpp_id, or list them"
