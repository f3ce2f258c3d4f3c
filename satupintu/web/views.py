"""HTML pages: thin views that call one selector or service and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.accounts.models import Role
from satupintu.accounts.roles import is_staff_of
from satupintu.core.errors import DomainError, error_body
from satupintu.queueing.counters.selectors import closing_effects, with_modes
from satupintu.queueing.counters.services import set_counter_mode
from satupintu.queueing.kiosk.selectors import takes_phone_tickets
from satupintu.tenancy import selectors as tenancy
from satupintu.tenancy.access import access_counter_to_serve
from satupintu.web.forms import CounterStatusForm, LoginForm, PhoneForm
from satupintu.web.selectors import counters_for_staff
from satupintu.web.services import phone_channel_name


def home(request: HttpRequest) -> HttpResponse:
    mpps = list(tenancy.active_mpps().prefetch_related("opening_hours", "closures"))
    rows = [(mpp, tenancy.opening_status(mpp)) for mpp in mpps]
    return render(request, "web/home.html", {"rows": rows})


def mpp_landing(request: HttpRequest, slug: str) -> HttpResponse:
    mpp = tenancy.mpp_with_details(slug)
    context = {
        "mpp": mpp,
        "status": tenancy.opening_status(mpp),
        "weekly_hours": tenancy.weekly_hours(mpp),
        "booths": tenancy.booths_at(mpp),
        "upcoming_closures": tenancy.upcoming_closures(mpp),
        "phone_ticket": takes_phone_tickets(mpp),
    }
    return render(request, "web/mpp.html", context)


class LoginView(auth_views.LoginView):
    """/masuk/: a code by WhatsApp/SMS first (citizens, web/pages/signin.py), the password
    form below it (staff, and citizens who have a password)."""

    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("phone_form", PhoneForm())
        context["channel"] = phone_channel_name()
        return context


class LogoutView(auth_views.LogoutView):
    """/keluar/ (POST): signs out and tells the browser to drop what it keeps of this site
    (Clear-Site-Data), so a shared phone keeps no page of the citizen who left; the
    service worker forgets its kept pages on this POST too (web/templates/web/sw.js)."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache"'
        return response


@login_required
def after_login(request: HttpRequest) -> HttpResponse:
    """Send each role to its own start page (a citizen's is "Beranda saya")."""
    if request.user.role == Role.OPERATOR:
        return redirect("admin:index")
    if request.user.role in {Role.OFFICER, Role.SUPERVISOR}:
        return redirect("web:staff")
    if request.user.role == Role.CITIZEN:
        return redirect("web:my_home")
    return redirect("web:account")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "web/account.html")


@login_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.mpp_id is None or not is_staff_of(user, user.mpp):
        raise PermissionDenied(_("Halaman ini untuk petugas dan pengelola MPP."))
    counters = with_modes(counters_for_staff(user))
    # ?tutup=<id>: the confirmation "Tutup loket 3?" under that counter's row, with what
    # closing it would leave behind (the first press of "Tutup loket" only asks)
    asked = request.GET.get("tutup", "")
    closing = next((c for c in counters if str(c.pk) == asked and c.mode != "closed"), None)
    context = {"counters": counters, "closing": closing}
    if closing is not None:
        context["effects"] = closing_effects(closing)
    return render(request, "web/staff.html", context)


@login_required
@require_POST
def counter_status(request: HttpRequest, counter_id: int) -> HttpResponse:
    """Open or close a counter from the staff room: the same counter mode as its console.
    Closing asks first: without `confirm` it shows the confirmation, and changes nothing."""
    counter = access_counter_to_serve(request.user, counter_id)
    form = CounterStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Status loket tidak valid."))
        return redirect("web:staff")
    if not form.cleaned_data["is_active"] and not form.cleaned_data["confirm"]:
        return redirect(f"{reverse('web:staff')}?tutup={counter.pk}#tutup-loket")
    mode = "open" if form.cleaned_data["is_active"] else "closed"
    try:
        set_counter_mode(counter=counter, mode=mode, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("web:staff")
    state = _("dibuka") if form.cleaned_data["is_active"] else _("ditutup")
    messages.success(
        request, _("Loket %(number)s %(state)s.") % {"number": counter.number, "state": state}
    )
    return redirect("web:staff")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, 404, _("Halaman tidak ditemukan"), exception)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, 403, _("Akses ditolak"), exception)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, 500, _("Terjadi kesalahan"), None)


def _error_page(request: HttpRequest, status: int, title: str, exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(status), status=status)
    # Only our own messages (Http404("MPP tidak ditemukan.")); a Resolver404 carries
    # the URL patterns tried, which must never reach a visitor.
    args = getattr(exception, "args", ())
    detail = args[0] if args and isinstance(args[0], str) and status != 500 else ""
    return render(
        request,
        "web/error.html",
        {"status": status, "title": title, "detail": detail},
        status=status,
    )


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for whatever the page's icon link says (e.g. when
    a page is left before its icon loaded): the site's icon, not a 404."""
    return redirect(static("web/favicon.svg"), permanent=True)
