"""Search across projects, meetings and sources: words, aliases and spellings.

A query's key is its letters and digits, lowercased: "ML-1", "ML1" and "ml 1" are
all "ml1", "Main Line 1" is "mainline1". Every word of the query must match.

SQLite (no full-text search without an extension): every word is part of a field
(icontains, so "Gwadar airport" finds "New Gwadar International Airport"), or the
key is part of the key of the name, the title or an alias. PostgreSQL: full-text
search (websearch syntax, English stems) over the fields and, as words of their
own, the keys of each word of the name and of each alias, so the key is matched
whole; one GIN index (migration 0008) answers it, and SearchRank orders the
matches. So on PostgreSQL words match whole ("airports" finds "airport", "Gwad"
finds nothing) and on SQLite in part. Either way a spelling of the name or an
alias comes first, then a name that holds every word, then the rest.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Lower, Replace

from ..models import Meeting, Project, Source

MAX_QUERY_LENGTH = 200
# Each kind shows its best matches; the count says how many there are in all.
SHOWN_PER_KIND = 50
# Matches past this many are listed by name rather than by relevance (see _group).
RANKED_MAX = 1000
# A shorter key ("a", "12") would be part of too many names.
MIN_KEY_LENGTH = 3
SEARCH_CONFIG = "english"
# Keys are compared as they are: no stemming, no stop words.
KEY_CONFIG = "simple"

# What a key leaves out; the database strips these, Python strips every non-word.
STRIPPED = (
    " ",
    "-",
    "‐",
    "–",
    "—",
    ".",
    ",",
    "/",
    "_",
    "(",
    ")",
    "'",
    "’",
    '"',
    "[",
    "]",
)
# An alias list as JSON text, '["ML-1", "Main Line 1"]': its items keep a border.
ALIAS_BORDER = '", "'

WORD_RE = re.compile(r"[\W_]+")


def search_key(text: str) -> str:
    """Letters and digits only, lowercased: "Main Line-1" is "mainline1"."""
    return WORD_RE.sub("", text.casefold())


def query_words(query: str) -> list[str]:
    """The query's words, without punctuation at either end; "ML-1" stays whole."""
    words = (word.strip("\"'.,;:()[]") for word in query.split())
    return list(dict.fromkeys(word for word in words if word))


def _keyed(expression):
    """expression lowercased, with punctuation and spaces removed (see STRIPPED)."""
    keyed = Lower(expression)
    for character in STRIPPED:
        keyed = Replace(keyed, Value(character), Value(""), output_field=TextField())
    return keyed


def _alias_text():
    return Cast("aliases", TextField())


def _aliases_apart():
    """The alias list as JSON text with "|" between its items, which no key holds."""
    return Replace(
        _alias_text(), Value(ALIAS_BORDER), Value("|"), output_field=TextField()
    )


@dataclass(frozen=True)
class SearchSpec:
    """How one kind of record is searched: its fields and the names it is known by."""

    model: type
    fields: tuple[tuple[str, str], ...]  # (field, full-text weight)
    names: tuple[str, ...]  # fields whose key a query's key may be part of

    def annotated(self, queryset: QuerySet) -> QuerySet:
        extra = {}
        if self.model is Project:
            extra = {
                "search_aliases": _alias_text(),
                "alias_key": _keyed(_aliases_apart()),
            }
        keys = {f"{name}_key": _keyed(F(name)) for name in self.names}
        return queryset.annotate(**extra, **keys)

    def text_fields(self) -> list[str]:
        return [
            "search_aliases" if name == "aliases" else name for name, _ in self.fields
        ]

    def key_q(self, key: str) -> Q:
        condition = Q(pk__in=[])
        if len(key) < MIN_KEY_LENGTH:
            return condition
        for name in self.names:
            condition |= Q(**{f"{name}_key__contains": key})
        if self.model is Project:
            condition |= Q(alias_key__contains=key)
        return condition

    def words_q(self, words: list[str]) -> Q:
        condition = Q()
        for word in words:
            either = Q()
            for name in self.text_fields():
                either |= Q(**{f"{name}__icontains": word})
            condition &= either
        return condition

    def vector(self) -> SearchVector:
        """PostgreSQL: the fields' words (English stems) and, as words of their
        own, the keys of each word of the name and of each alias ("ml1",
        "mainline1"), which a query's key is compared with."""
        parts = [
            SearchVector(
                _alias_text() if name == "aliases" else name,
                weight=weight,
                config=SEARCH_CONFIG,
            )
            for name, weight in self.fields
        ]
        name = F(self.names[0])
        parts += [
            SearchVector(_word_keys(name, joined=joined), weight="A", config=KEY_CONFIG)
            for joined in (True, False)
        ]
        if self.model is Project:
            parts.append(
                SearchVector(
                    _alias_keys(_aliases_apart()), weight="A", config=KEY_CONFIG
                )
            )
        vector = parts[0]
        for part in parts[1:]:
            vector = vector + part
        return vector


def _word_keys(expression, *, joined: bool):
    """PostgreSQL: the words of expression, lowercased, with the punctuation in
    them removed ("(ML-1) Line" is "ml1 line") or made a space ("ml 1 line")."""
    return Func(
        Lower(expression),
        Value(r"[^[:alnum:][:space:]]+" if joined else r"[^[:alnum:]]+"),
        Value("" if joined else " "),
        Value("g"),
        function="REGEXP_REPLACE",
        output_field=TextField(),
    )


def _alias_keys(expression):
    """PostgreSQL: each alias of a list as JSON text as its key, one per word."""
    keys = Func(
        Lower(expression),
        Value(r"[^[:alnum:]|]+"),
        Value(""),
        Value("g"),
        function="REGEXP_REPLACE",
        output_field=TextField(),
    )
    return Replace(keys, Value("|"), Value(" "), output_field=TextField())


PROJECT_SEARCH = SearchSpec(
    Project,
    (
        ("name", "A"),
        ("aliases", "A"),
        ("location", "B"),
        ("sponsors", "C"),
        ("description", "D"),
    ),
    ("name",),
)
MEETING_SEARCH = SearchSpec(
    Meeting, (("title", "A"), ("city", "B"), ("summary", "D")), ("title",)
)
SOURCE_SEARCH = SearchSpec(Source, (("title", "A"), ("publisher", "B")), ("title",))


def search_queryset(spec: SearchSpec, queryset: QuerySet, query: str) -> QuerySet:
    """queryset narrowed to the records that match query, most relevant first."""
    words, key = query_words(query), search_key(query)
    if not words:
        return queryset.none()
    queryset = spec.annotated(queryset)
    key_q, words_q = spec.key_q(key), spec.words_q(words)
    # A key match (an alias, a spelling of the name) first, then a name that holds
    # every word, then the rest.
    in_name = Q()
    for word in words:
        in_name &= Q(**{f"{spec.names[0]}__icontains": word})
    relevance = Case(
        When(key_q, then=Value(2)),
        When(in_name, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    if connection.vendor != "postgresql":
        return (
            queryset.filter(key_q | words_q)
            .annotate(relevance=relevance)
            .order_by("-relevance", spec.names[0], "pk")
        )
    # Words only, so that the GIN index on the vector (migration 0008) answers.
    search = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    if key:
        # The key ("ml1"), and the words split at punctuation ("ml" and "1").
        split = " ".join(WORD_RE.split(query.casefold())).strip()
        search |= SearchQuery(key, search_type="plain", config=KEY_CONFIG)
        search |= SearchQuery(split, search_type="plain", config=KEY_CONFIG)
    return (
        queryset.annotate(search_vector=spec.vector())
        .filter(search_vector=search)
        .annotate(relevance=relevance, rank=SearchRank(F("search_vector"), search))
        .order_by("-relevance", "-rank", spec.names[0], "pk")
    )


def project_search_index() -> GinIndex:
    """PostgreSQL: the GIN index on the projects' search vector (migration 0008).

    The index answers only a vector written exactly as the query writes it: a
    change to PROJECT_SEARCH.vector() needs a migration that rebuilds the index
    (a test explains a search and expects the index in its plan).
    """
    return GinIndex(PROJECT_SEARCH.vector(), name="projects_project_search")


def project_search(query: str, queryset: QuerySet | None = None) -> QuerySet:
    """Projects matching query (name, aliases, location, sponsors, description)."""
    if queryset is None:
        queryset = Project.objects.all()
    return search_queryset(PROJECT_SEARCH, queryset, query)


@dataclass(frozen=True)
class SearchGroup:
    """The records of one kind that match: how many, and the first SHOWN_PER_KIND."""

    kind: str
    label: str
    count: int
    results: list = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        return self.count > len(self.results)


@dataclass(frozen=True)
class SearchResults:
    query: str
    groups: list[SearchGroup]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def _group(kind: str, label: str, queryset: QuerySet, limit: int) -> SearchGroup:
    # The count first, from the index alone. Ranking every match of a broad query
    # ("synthetic energy": 25,000 projects) takes seconds: past RANKED_MAX
    # matches they are listed by name instead.
    count = queryset.count()
    if not count:
        return SearchGroup(kind, label, 0, [])
    if count > RANKED_MAX:
        queryset = queryset.order_by(queryset.model._meta.ordering[0], "pk")
    return SearchGroup(kind, label, count, list(queryset[:limit]))


def search_all(*, query: str, limit: int = SHOWN_PER_KIND) -> SearchResults:
    """Projects, meetings and sources matching query, grouped by kind, with counts."""
    query = query.strip()
    if not query_words(query):
        return SearchResults(query, [])
    projects = project_search(query, Project.objects.with_related())
    meetings = search_queryset(MEETING_SEARCH, Meeting.objects.all(), query)
    sources = search_queryset(SOURCE_SEARCH, Source.objects.all(), query)
    return SearchResults(
        query,
        [
            _group("projects", "Projects", projects, limit),
            _group("meetings", "Meetings", meetings, limit),
            _group("sources", "Sources", sources, limit),
        ],
    )
