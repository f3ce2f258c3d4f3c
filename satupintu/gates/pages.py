"""Every HTML page each persona can reach, discovered from the URL configuration.

Gates that look at pages (accessibility, security headers, translations) walk
this list instead of a hand-kept one, so a page added to any urls.py is checked
the day it lands. Path parameters are filled from the demo data
(`satupintu.demo.services.seed_demo`) by one rule per parameter name in
`FILL_RULES`; a new parameter without a rule stops the gates with a message
that says where to add it.

    for persona in PERSONAS:
        client = client_for(persona)
        for path in discover_pages(persona):
            client.get(path)

Discovery asks the application itself which candidates are pages: a GET as the
persona that answers 200 with HTML is a page; a redirect, 403, 404 or 405
(POST-only) is not a page of that persona. One page that is not in the URL
configuration is added on purpose: the 404 page (`handler404`), which every
persona meets sooner or later.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from satupintu.accounts.models import Role, User
from satupintu.catalog.models import Service
from satupintu.tenancy.models import Counter, Mpp

DEMO_MPP = "banyumas"  # the demo MPP every persona works at (seed_demo)
NOT_FOUND_PATH = "/halaman-yang-tidak-ada/"  # renders handler404

# Whole subtrees that are not pages of ours, and why.
SKIPPED_PREFIXES = {
    "admin/": "Django admin: operators only, Django's own markup",
    "api/": "JSON API: the API fuzzing gate covers it",
    "i18n/": "language switch: a POST endpoint, exercised by every page's ID/EN buttons",
}
# Single views that must not be opened with GET during discovery.
SKIPPED_NAMES = {
    "web:logout": "signs the persona out (and is POST-only)",
    # live streams: under the test client they answer one event through async_to_sync,
    # which cannot run beside the browser's event loop; test_board_screen covers them
    "queueing:board_events": "the board's live stream (SSE), not a page",
    "queueing:console_events": "the console's live stream (SSE), not a page",
    "operations:floor_events": "the floor view's live stream (SSE), not a page",
    "applications:track_events": "the tracking result's live stream (SSE), not a page",
    "payments:bill-events": "the bill page's live stream (SSE), not a page",
}


class Persona(StrEnum):
    """Who opens the pages. Values equal `Role` values, except the anonymous visitor."""

    VISITOR = "visitor"
    CITIZEN = "citizen"
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    KIOSK = "kiosk"
    DISPLAY = "display"
    TABLET = "tablet"

    @property
    def is_device(self) -> bool:
        return self in {Persona.KIOSK, Persona.DISPLAY, Persona.TABLET}


PERSONAS = tuple(Persona)


@dataclass(frozen=True)
class Who:
    """A persona resolved against the demo data: the fill rules read it."""

    persona: Persona
    user: User | None
    mpp: Mpp

    @cached_property
    def counter(self) -> Counter:
        """A counter this persona may see: an officer's or tablet's own, else the MPP's first."""
        counters = Counter.objects.filter(mpp=self.mpp).order_by("number")
        if self.user is not None and self.user.role in {Role.OFFICER, Role.TABLET}:
            own = counters.filter(pk__in=self.user.counters.values("pk")).first()
            if own is not None:
                return own
        counter = counters.first()
        if counter is None:
            raise LookupError(f"MPP {self.mpp.slug} has no counter: was seed_demo() run?")
        return counter

    @cached_property
    def ticket(self):
        """A waiting kiosk ticket of today for this persona's service (issued on first use)."""
        from satupintu.queueing.models import Channel, Status, Ticket
        from satupintu.queueing.tickets.services import issue_ticket

        waiting = Ticket.objects.filter(service=self.service, status=Status.WAITING).first()
        return waiting or issue_ticket(mpp=self.mpp, service=self.service, channel=Channel.KIOSK)

    @cached_property
    def service(self) -> Service:
        """A service this persona deals with: an officer's agency's first, else the MPP's first."""
        services = Service.objects.filter(mpp=self.mpp, is_active=True).order_by("code")
        if self.user is not None and self.user.agency_id is not None:
            own = services.filter(agency_id=self.user.agency_id).first()
            if own is not None:
                return own
        service = services.first()
        if service is None:
            raise LookupError(f"MPP {self.mpp.slug} has no service: was seed_demo() run?")
        return service


# How to fill each path parameter, keyed by its name in the route (`<slug:slug>`).
# A parameter name means the same thing in every urls.py; give a new one a rule here.
FILL_RULES: dict[str, Callable[[Who], object]] = {
    "slug": lambda who: who.mpp.slug,  # an MPP's landing page
    "counter_id": lambda who: who.counter.pk,
    "code": lambda who: who.service.code,  # a service code at the MPP, e.g. A01
    "standard_key": lambda who: who.service.standard_key,  # the same service across MPPs
    "agency_code": lambda who: who.service.agency.code,
    "category": lambda who: who.service.category.slug,
    "ticket_id": lambda who: who.ticket.public_id,  # a ticket's live page (unguessable id)
    # an online application this persona may open (applications/selectors.sample_for_gates)
    "application_id": lambda who: _sample_application(who).public_id,
    "file_id": lambda who: _sample_application(who).files.values_list("pk", flat=True).first() or 0,
    "appointment_service": lambda who: _bookable(who).code,  # a service booked by appointment
    "booking_code": lambda who: _booking(who).code,  # a booking's page (unguessable code)
    # a complaint this persona may open (complaints/selectors.sample_for_gates)
    "tracking_code": lambda who: _sample_complaint(who).tracking_code,
    # an issued document's verification code (documents: anyone holding it may look)
    "verification_code": lambda who: _sample_document_code(who),
    # a signing batch of this persona's (documents: 404, so not a page, where it has none)
    "batch_id": lambda who: _signing_batch(who),
    # a citizen's share link of a document (404 where none was made), a share to revoke
    # (POST only)
    "share_token": lambda who: _share_token(who),
    "share_id": lambda who: 0,
    "month": lambda who: _open_data_month(),  # open data: the last month published (TTTT-BB)
    # the knowledge base: a regulation, an article this persona may read, a change to
    # acknowledge (POST only)
    "regulation_id": lambda who: _knowledge(who)[0],
    "article_id": lambda who: _knowledge(who)[1],
    "notice_id": lambda who: _knowledge(who)[2],
    # payments: a bill's page (unguessable id: whoever holds the link), a receipt's code,
    # a finding and a payment to decide on (POST only), a report's day and kind
    "public_id": lambda who: _payments(who)[0],
    "receipt_code": lambda who: _payments(who)[1],
    "item_id": lambda who: 0,
    "payment_id": lambda who: 0,
    "day": lambda who: "2026-01-02",
    "kind": lambda who: "pdf",
    "key": lambda who: "kelahiran",  # a life event of the demo (journeys), e.g. a birth
    "consent_id": lambda who: "00000000-0000-0000-0000-000000000000",  # to withdraw (POST only)
    # a requirement of the apply form, to hold a file before submit (POST only)
    "requirement": lambda who: "p1",
}


def _payments(who: Who) -> tuple[str, str]:
    from satupintu.payments.models import Bill, Payment

    bill = Bill.objects.filter(mpp=who.mpp, status="unpaid").order_by("pk").first()
    receipt = Payment.objects.filter(mpp=who.mpp, status="accepted").order_by("pk").first()
    return (
        str(bill.public_id) if bill else "00000000-0000-0000-0000-000000000000",
        receipt.receipt_code if receipt else "0" * 16,
    )


def _open_data_month() -> str:
    from satupintu.operations.regional import last_complete_month

    return f"{last_complete_month():%Y-%m}"


def _bookable(who: Who) -> Service:
    from satupintu.appointments.selectors import bookable_services

    found = bookable_services(who.mpp)
    if not found:
        raise LookupError(f"MPP {who.mpp.slug} has no bookable service: was seed_demo() run?")
    return found[0]


def _booking(who: Who):
    from satupintu.appointments.models import Booking

    booking = Booking.objects.filter(mpp=who.mpp).order_by("pk").first()
    if booking is None:
        raise LookupError(f"MPP {who.mpp.slug} has no booking: was seed_demo() run?")
    return booking


def _sample_application(who: Who):
    from satupintu.applications.selectors import sample_for_gates

    return sample_for_gates(who.user, who.mpp)


def _sample_document_code(who: Who) -> str:
    from satupintu.documents.models import IssuedDocument

    code = IssuedDocument.objects.filter(mpp=who.mpp).order_by("pk").values_list("code", flat=True)
    return code.first() or "0" * 16


def _signing_batch(who: Who) -> int:
    from satupintu.documents.models import SigningBatch

    own = SigningBatch.objects.filter(created_by=who.user) if who.user else None
    return (own.values_list("pk", flat=True).first() if own is not None else None) or 0


def _share_token(who: Who) -> str:
    from satupintu.documents.models import DocumentShare

    token = DocumentShare.objects.filter(document__mpp=who.mpp).values_list("token", flat=True)
    return token.first() or "0" * 32


def _knowledge(who: Who) -> tuple[int, int, int]:
    from satupintu.knowledge.selectors import sample_for_gates as sample_knowledge

    return sample_knowledge(who.mpp)


def _sample_complaint(who: Who):
    from satupintu.complaints.selectors import sample_for_gates as sample_complaint

    return sample_complaint(who.user, who.mpp)


class MissingFillRule(LookupError):
    """A URL has a parameter that FILL_RULES cannot fill."""


@dataclass(frozen=True)
class Route:
    """One URL pattern of the configuration, with its full route from the root."""

    route: str  # "mpp/<slug:slug>/"
    name: str | None  # "web:mpp"
    converters: dict

    @property
    def label(self) -> str:
        return f"{self.name or '(unnamed)'} ({self.route or '/'})"

    def fill(self, who: Who) -> str:
        """The path for this persona, every parameter filled from FILL_RULES."""

        def value(match: re.Match) -> str:
            name = match.group("name")
            rule = FILL_RULES.get(name)
            if rule is None:
                raise MissingFillRule(
                    f"URL {self.label} has the path parameter {name!r} and no rule fills it: "
                    f"add {name!r} to FILL_RULES in satupintu/gates/pages.py "
                    "(a value from the demo data that this persona may see)"
                )
            return self.converters[name].to_url(rule(who))

        return "/" + _PARAMETER.sub(value, self.route)


_PARAMETER = re.compile(r"<(?:[^>:]+:)?(?P<name>[^>]+)>")


def routes() -> list[Route]:
    """Every URL pattern outside SKIPPED_PREFIXES and SKIPPED_NAMES, namespaces included."""
    found: list[Route] = []
    _walk(get_resolver().url_patterns, "", [], {}, found)
    return found


def _walk(patterns, prefix: str, namespaces: list[str], converters: dict, found: list) -> None:
    for entry in patterns:
        pattern = entry.pattern
        route = prefix + str(pattern)
        if any(route.startswith(skipped) for skipped in SKIPPED_PREFIXES):
            continue
        if not isinstance(pattern, RoutePattern):
            raise MissingFillRule(
                f"URL {route!r} is a regular expression (re_path); page discovery fills "
                "path() routes only: write it with path() or skip it in satupintu/gates/pages.py"
            )
        merged = {**converters, **pattern.converters}
        if isinstance(entry, URLResolver):
            spaces = [*namespaces, entry.namespace] if entry.namespace else namespaces
            _walk(entry.url_patterns, route, spaces, merged, found)
        elif isinstance(entry, URLPattern):
            name = ":".join([*namespaces, entry.name]) if entry.name else None
            if name not in SKIPPED_NAMES:
                found.append(Route(route=route, name=name, converters=merged))


def who(persona: Persona, mpp_slug: str = DEMO_MPP) -> Who:
    """The demo account behind a persona (None for the anonymous visitor)."""
    mpp = Mpp.objects.get(slug=mpp_slug)
    if persona is Persona.VISITOR:
        return Who(persona, None, mpp)
    users = User.objects.filter(role=persona.value, is_active=True).order_by("pk")
    user = users.first() if persona is Persona.CITIZEN else users.filter(mpp=mpp).first()
    if user is None:
        raise LookupError(f"no demo account for {persona} at {mpp_slug}: was seed_demo() run?")
    return Who(persona, user, mpp)


def session_user(persona: Persona) -> User | None:
    """Whom a browser session of this persona is signed in as.

    People sign in with a session. Devices authenticate with API tokens and have no
    pages of their own yet, so for now they browse the public pages as visitors.
    DEVICE HOOK: when the kiosk, display board or tablet pages land, sign the device
    in here, either by returning its user (a session created for the device, like
    `force_login`) or, if those pages take `?token=`, by adding the token to the
    device pages in `discover_pages` (accounts.services.issue_api_token).
    """
    if persona is Persona.VISITOR or persona.is_device:
        return None
    return who(persona).user


def client_for(persona: Persona) -> Client:
    """A Django test client signed in as the persona (anonymous for visitors and devices)."""
    client = Client()
    user = session_user(persona)
    if user is not None:
        client.force_login(user)
    return client


def session_cookies(persona: Persona, language: str) -> dict[str, str]:
    """Cookies that make a real browser the persona, speaking `language` (id or en)."""
    cookies = {settings.LANGUAGE_COOKIE_NAME: language}
    session = client_for(persona).cookies.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        cookies[settings.SESSION_COOKIE_NAME] = session.value
    return cookies


@dataclass(frozen=True)
class Candidate:
    """A filled route and what a GET as the persona answered."""

    route: Route
    path: str
    status: int
    content_type: str

    @property
    def is_page(self) -> bool:
        return self.status == 200 and self.content_type.startswith("text/html")


def survey(persona: Persona, client: Client | None = None) -> list[Candidate]:
    """GET every route as the persona; a server error stops discovery loudly."""
    client = client or client_for(persona)
    resolved = who(persona)
    found = []
    for route in routes():
        path = route.fill(resolved)
        response = client.get(path)
        if response.status_code >= 500:
            raise AssertionError(f"{persona}: GET {path} ({route.label}) answered {response}")
        found.append(Candidate(route, path, response.status_code, response.get("Content-Type", "")))
    return found


def discover_pages(persona: Persona, client: Client | None = None) -> list[str]:
    """The paths of every HTML page the persona can open, plus the 404 page."""
    pages = [c.path for c in survey(persona, client) if c.is_page]
    return [*sorted(set(pages)), NOT_FOUND_PATH]
