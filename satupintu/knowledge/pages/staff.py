"""The officers' knowledge pages: search (`/staf/pengetahuan/`, also the console's panel),
an article or a regulation, writing an article, and the supervisor's review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.accounts.models import User
from satupintu.accounts.roles import is_supervisor_of
from satupintu.knowledge import notices, selectors, services
from satupintu.knowledge.access import access_article, knowledge_mpp
from satupintu.knowledge.forms import ArticleForm, RegulationForm
from satupintu.knowledge.models import Article, Regulation
from satupintu.knowledge.search import search


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mpp = knowledge_mpp(user)
    query = request.GET.get("q", "")
    results = search(query, mpp=mpp)
    context = {
        "mpp": mpp,
        "q": query,
        "results": results,
        "stale_days": selectors.stale_days(),
        "panel": request.GET.get("panel") == "1",
    }
    if request.headers.get("HX-Request"):
        return render(request, "knowledge/staff/_results.html", context)
    supervisor = is_supervisor_of(user, mpp)
    context["supervisor"] = supervisor
    if supervisor:
        context["revoked"] = selectors.revoked_bases(mpp)
        context["drafts"] = selectors.awaiting_review(mpp)
        context["stale"] = selectors.stale_articles(mpp)
        context["outstanding"] = notices.not_acknowledged(mpp.pk)
    if not query:
        context["recent"] = selectors.reviewed_articles(mpp).order_by("-updated_at")[:10]
    return render(request, "knowledge/staff/home.html", context)


@login_required
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    user = _user(request)
    item = access_article(user, article_id)
    context = {
        "article": item,
        "stale": selectors.is_stale(item),
        "services": selectors.named_services(item.services.all()),
        "stale_days": selectors.stale_days(),
        "supervisor": is_supervisor_of(user, item.mpp),
    }
    return render(request, "knowledge/staff/article.html", context)


@login_required
@require_POST
def review(request: HttpRequest, article_id: int) -> HttpResponse:
    user = _user(request)
    item = access_article(user, article_id)
    services.review_article(item, reviewer=user)
    messages.success(request, _("Artikel ditinjau; petugas kini dapat membacanya."))
    return redirect("knowledge:article", item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest, article_id: int | None = None) -> HttpResponse:
    user = _user(request)
    mpp = knowledge_mpp(user)
    instance = access_article(user, article_id) if article_id else Article(mpp=mpp)
    form = ArticleForm(request.POST or None, instance=instance, mpp=mpp)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.write_article(
                form.save(commit=False),
                author=user,
                services=form.cleaned_data["services"],
                sources=form.cleaned_data["sources"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Artikel disimpan.")
                if saved.status == "reviewed"
                else _("Artikel disimpan sebagai draf dan menunggu tinjauan pengelola MPP."),
            )
            return redirect("knowledge:article", saved.pk)
    status = 422 if form.errors else 200
    return render(
        request, "knowledge/staff/write.html", {"form": form, "article": instance}, status=status
    )


@login_required
def regulation(request: HttpRequest, regulation_id: int) -> HttpResponse:
    user = _user(request)
    mpp = knowledge_mpp(user)
    item = get_object_or_404(Regulation, pk=regulation_id)
    context = {
        "regulation": item,
        "services": selectors.named_services(
            item.services.filter(mpp=mpp).select_related("agency")
        ),
        "articles": selectors.reviewed_articles(mpp).filter(sources=item),
        "supervisor": is_supervisor_of(user, mpp),
    }
    return render(request, "knowledge/staff/regulation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def enter_regulation(request: HttpRequest, regulation_id: int | None = None) -> HttpResponse:
    """The supervisor adds or edits a regulation: texts, PDF, services, amendments."""
    user = _user(request)
    mpp = knowledge_mpp(user)
    if not is_supervisor_of(user, mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat mengisi peraturan."))
    instance = get_object_or_404(Regulation, pk=regulation_id) if regulation_id else Regulation()
    form = RegulationForm(request.POST or None, request.FILES or None, instance=instance, mpp=mpp)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.enter_regulation(
                form.save(commit=False),
                user=user,
                mpp=mpp,
                services=form.cleaned_data["services"],
                amends=form.cleaned_data["amends"],
                revokes=form.cleaned_data["revokes"],
                pdf=form.cleaned_data["pdf_upload"],
            )
        except ValidationError as exc:
            form.add_error("pdf_upload", exc)
        else:
            messages.success(request, _("Peraturan disimpan."))
            return redirect("knowledge:regulation", saved.pk)
    context = {"form": form, "regulation": instance}
    return render(
        request, "knowledge/staff/regulation_form.html", context, status=422 if form.errors else 200
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, notice_id: int) -> HttpResponse:
    """The officer has read a change; back to where they were (their console)."""
    user = _user(request)
    if notices.acknowledge(notice_id, user):
        messages.success(request, _("Perubahan ditandai sudah dibaca."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/staf/"
    return redirect(target)


@login_required
def reply_template(request: HttpRequest) -> HttpResponse:
    """The complaint answer field filled with a reviewed reply template (htmx swaps it)."""
    user = _user(request)
    mpp = knowledge_mpp(user)
    raw = request.GET.get("templat", "")
    chosen = None
    if raw.isdigit():
        chosen = next((t for t in selectors.reply_templates(mpp.pk) if t.pk == int(raw)), None)
    if chosen is None:  # "— pilih templat —": the answer typed so far stays
        return HttpResponse(status=204)
    return render(request, "knowledge/staff/_answer_field.html", {"body": chosen.body})


def regulation_pdf(request: HttpRequest, regulation_id: int) -> FileResponse:
    """A regulation's PDF: public law, served to anyone (checked when it was attached)."""
    item = get_object_or_404(Regulation, pk=regulation_id)
    if not item.pdf:
        raise Http404(_("Berkas peraturan belum tersedia."))
    name = f"{item.citation.replace('/', '-').replace(' ', '-')}.pdf"
    return FileResponse(item.pdf.open("rb"), content_type="application/pdf", filename=name)


urlpatterns: list[URLPattern] = [
    path("staf/pengetahuan/", home, name="home"),
    path("staf/pengetahuan/artikel/baru/", write, name="write"),
    path("staf/pengetahuan/artikel/<int:article_id>/", article, name="article"),
    path("staf/pengetahuan/artikel/<int:article_id>/ubah/", write, name="edit"),
    path("staf/pengetahuan/artikel/<int:article_id>/tinjau/", review, name="review"),
    path("staf/pengetahuan/perubahan/<int:notice_id>/baca/", acknowledge, name="acknowledge"),
    path("staf/pengetahuan/templat-balasan/", reply_template, name="reply_template"),
    path("staf/pengetahuan/peraturan/<int:regulation_id>/", regulation, name="regulation"),
    path("staf/pengetahuan/peraturan/baru/", enter_regulation, name="regulation_new"),
    path(
        "staf/pengetahuan/peraturan/<int:regulation_id>/ubah/",
        enter_regulation,
        name="regulation_edit",
    ),
    path("peraturan/<int:regulation_id>/berkas.pdf", regulation_pdf, name="regulation_pdf"),
]
