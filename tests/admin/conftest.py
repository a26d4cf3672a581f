"""Admin test data and signed-in clients: a superuser and an editor."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from projects.models import Citation
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    MeetingFactory,
    PhaseFactory,
    ProjectFactory,
    SectorFactory,
    SourceFactory,
)


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("chief", "chief@example.org", "x" * 16)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def editor(client):
    call_command("setup_roles", verbosity=0)
    user = User.objects.create_user(
        "eve", "eve@example.org", "x" * 16, first_name="Eve", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def data():
    """Several rows of every model, each cited, so an N+1 shows in the counts."""
    energy = SectorFactory(name="Energy")
    transport = SectorFactory(name="Transport")
    phase1, phase2 = PhaseFactory(number=1), PhaseFactory(number=2)
    phase1.focus_sectors.set([energy, transport])
    source = SourceFactory()
    projects = [
        ProjectFactory(phase=phase, sector=sector)
        for phase in (phase1, phase2)
        for sector in (energy, transport)
    ]
    meetings = [MeetingFactory(phase=phase1) for _ in range(3)]
    for meeting in meetings:
        meeting.projects.set(projects[:2])
    indicators = [IndicatorFactory() for _ in range(3)]
    for target in [*projects, *meetings, *indicators, phase1, energy]:
        CitationFactory(content_object=target, source=source, locator="paragraph 4")
        # Meetings are named by their title.
        named_by = "title" if target in meetings else "name"
        CitationFactory(content_object=target, field=named_by)
    return {
        "project": projects[0],
        "phase": phase1,
        "sector": energy,
        "meeting": meetings[0],
        "source": source,
        "citation": Citation.objects.first(),
        "indicator": indicators[0],
    }


@pytest.fixture(autouse=True)
def import_folder(settings, tmp_path):
    """Each test's CSV imports wait in a folder of its own, to look into."""
    settings.IMPORT_TMP_DIR = tmp_path / "imports"
    return settings.IMPORT_TMP_DIR


def stored_files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
