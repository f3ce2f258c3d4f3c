"""The search results pages: one MPP's services, or every MPP's. Thin: read the query,
search, render. The search box itself is in every page's header (_box.html)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from satupintu.catalog.search.query import MAX_QUERY_LENGTH, SearchResult, search
from satupintu.catalog.selectors import categories_in_use
from satupintu.tenancy.models import Mpp
from satupintu.tenancy.selectors import agencies_at, mpp_by_slug

SHOWN = 50  # results on the page; the rest are rarely what anyone wants
EXAMPLES = ["bikin ktp", "perpanjang sim", "surat kelakuan baik", "akte lahir anak", "bayar pbb"]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Kata pencarian"), max_length=MAX_QUERY_LENGTH, required=False)

    def __init__(self, data, *, mpp: Mpp | None) -> None:
        super().__init__(data)
        agencies: list[tuple[str, str]] = []
        categories: list[tuple[str, str]] = []
        if mpp is not None:
            agencies = [(a.code, a.short_name or a.name) for a in agencies_at(mpp)]
            categories = [(c.slug, c.name) for c in categories_in_use(mpp)]
        for name, label, choices in (
            ("agency", gettext("Instansi"), agencies),
            ("category", gettext("Kategori"), categories),
        ):
            self.fields[name] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", gettext("Semua")), *choices],
                widget=forms.Select(attrs={"class": "form-select"}),
            )


def search_at_mpp(request: HttpRequest, slug: str) -> HttpResponse:
    mpp = mpp_by_slug(slug)
    return _results(request, mpp)


def search_everywhere(request: HttpRequest) -> HttpResponse:
    return _results(request, None)


def _results(request: HttpRequest, mpp: Mpp | None) -> HttpResponse:
    form = SearchForm(request.GET, mpp=mpp)
    result: SearchResult | None = None
    if form.is_valid() and form.cleaned_data["q"]:
        result = search(
            form.cleaned_data["q"],
            mpp=mpp,
            agency=form.cleaned_data["agency"] or None,
            category=form.cleaned_data["category"] or None,
        )
    context = {
        "mpp": mpp,
        "form": form,
        "search_q": request.GET.get("q", "")[:MAX_QUERY_LENGTH],
        "result": result,
        "hits": result.hits[:SHOWN] if result else [],
        "examples": EXAMPLES,
    }
    return render(request, "catalog/search/results.html", context)
