"""factory_boy factories for every model."""

import datetime
from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType

from projects.choices import MeetingKind, Province, Status
from projects.models import Citation, Indicator, Meeting, Phase, Project, Sector, Source


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Sector {n}")
    color = "#1d70b8"


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Phase {o.number}")
    start_year = 2015
    end_year = 2030


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    phase = factory.SubFactory(PhaseFactory, number=1)
    sector = factory.SubFactory(SectorFactory, name="Energy")
    status = Status.OPERATIONAL
    province = Province.PUNJAB
    location = "Sahiwal"
    latitude = Decimal("30.714220")
    longitude = Decimal("73.238020")
    capacity = Decimal("1320")
    capacity_unit = "MW"
    cost_usd_million = Decimal("1912.00")
    start_date = datetime.date(2015, 7, 31)
    completion_date = datetime.date(2017, 10, 28)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = MeetingKind.JCC
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    date = datetime.date(2025, 9, 26)
    city = "Beijing"
    country = "China"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Example Publisher"
    kind = "news"
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    published_on = datetime.date(2025, 9, 22)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation
        exclude = ["content_object"]

    source = factory.SubFactory(SourceFactory)
    content_object = factory.SubFactory(ProjectFactory)
    content_type = factory.LazyAttribute(
        lambda o: ContentType.objects.get_for_model(o.content_object)
    )
    object_id = factory.LazyAttribute(lambda o: o.content_object.pk)
    field = ""
    reported_value = ""
    locator = "paragraph 1"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"Indicator {n}")
    value = Decimal("3")
    unit = "US$ billion"
    year = 2025
