from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from projects.models import Citation, Meeting, Project, Source
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def snapshot():
    return list(
        Project.objects.filter(is_synthetic=True)
        .order_by("slug")
        .values_list("slug", "name", "cost_usd_million", "start_date", "latitude")
    )


def test_seeding_is_deterministic_for_a_seed():
    call_command("seed_synthetic", projects=300, seed=7)
    first = snapshot()
    call_command("seed_synthetic", projects=300, seed=7, clear=True)
    assert snapshot() == first
    call_command("seed_synthetic", projects=300, seed=8, clear=True)
    assert snapshot() != first


def test_synthetic_projects_are_labelled_cited_and_inside_pakistan():
    call_command("seed_synthetic", projects=250, seed=1)
    synthetic = Project.objects.filter(is_synthetic=True)
    assert synthetic.count() == 250
    assert all("Synthetic" in name for name in synthetic.values_list("name", flat=True))
    source = Source.objects.get(slug="synthetic-data")
    assert "not real" in source.title
    assert Citation.objects.filter(source=source).count() == 250
    for lat, lon in synthetic.values_list("latitude", "longitude"):
        assert Decimal("23.5") < lat < Decimal("37.2")
        assert Decimal("60.8") < lon < Decimal("77.9")
    costs = sorted(c for c in synthetic.values_list("cost_usd_million", flat=True) if c)
    # Skewed: the mean is well above the median.
    assert sum(costs) / len(costs) > costs[len(costs) // 2] * Decimal("1.3")
    assert Meeting.objects.filter(is_synthetic=True).exists()


def test_clear_removes_only_synthetic_data():
    real = ProjectFactory(name="Real project")
    call_command("seed_synthetic", projects=120)
    call_command("seed_synthetic", clear=True)
    assert list(Project.objects.all()) == [real]
    assert not Source.objects.filter(slug="synthetic-data").exists()
    assert not Meeting.objects.filter(is_synthetic=True).exists()


def test_seeding_twice_without_clear_is_refused():
    call_command("seed_synthetic", projects=10)
    with pytest.raises(CommandError, match="--clear"):
        call_command("seed_synthetic", projects=10)
