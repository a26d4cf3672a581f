"""The search page and the source list: finding a record by what it is called."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..caching.policy import not_stored, page_cache, refused
from ..filters import SourceFilterSet
from ..models import Source
from .forms import page_links, prepare_form

SOURCES_PER_PAGE = 50


class SearchInput(forms.TextInput):
    input_type = "search"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search projects, meetings and sources"),
        max_length=selectors.MAX_QUERY_LENGTH,
        required=False,
        widget=SearchInput,
        error_messages={
            "max_length": _(
                "Enter at most %(limit_value)d characters; a name or a "
                "few words find more than a sentence does."
            )
        },
    )

    def clean_q(self):
        if len(self.data.getlist("q")) > 1:
            raise forms.ValidationError(_("Enter one search, not several."))
        return self.cleaned_data["q"]


@page_cache(["q"], bounded=[])
def search(request):
    form = SearchForm(request.GET)
    valid = prepare_form(form)
    query = form.cleaned_data["q"] if valid else ""
    results = selectors.search_all(query=query)
    response = render(
        request,
        "projects/search.html",
        {
            "form": form,
            "valid": valid,
            "query": query,
            "results": results,
        },
    )
    return response if valid else refused(response)


@page_cache(
    [*SourceFilterSet.base_filters, "page"],
    # q and source take any text: pages with them are not kept.
    bounded=["kind", "publisher", "page"],
)
def source_list(request):
    filterset = SourceFilterSet(request.GET, queryset=selectors.sources_with_counts())
    valid = prepare_form(filterset.form)
    sources = filterset.qs if valid else Source.objects.none()
    page = Paginator(sources, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    response = render(
        request,
        "projects/source_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "valid": valid,
            "page": page,
            "page_links": page_links(page),
            # Kept only for the pages that are kept (no free text): a client
            # must not mint entries.
            "sources": selectors.with_shown_citations(
                list(page.object_list),
                cache=source_list.cache_policy.may_store(request.GET),
            ),
            "filtered": any(request.GET.get(name) for name in filterset.form.fields),
        },
    )
    if not valid:
        return refused(response)
    # A page number that is not the page shown is not kept.
    if request.GET.get("page", "1") != str(page.number):
        return not_stored(response)
    return response
