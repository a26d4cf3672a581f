import datetime
import math
import random
import sys
import time
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from projects.caching.version import bump_data_version
from projects.choices import (
    CapacityUnit,
    DatePrecision,
    MeetingKind,
    Province,
    SourceKind,
    Status,
)
from projects.models import Citation, Meeting, Phase, Project, Sector, Source

SOURCE_SLUG = "synthetic-data"
SLUG_PREFIX = "synthetic-"
BATCH = 5000

# Places inside Pakistan, with their province; projects scatter a little around them.
PLACES = [
    ("Lahore", Province.PUNJAB, 31.52, 74.36),
    ("Multan", Province.PUNJAB, 30.16, 71.52),
    ("Faisalabad", Province.PUNJAB, 31.42, 73.08),
    ("Bahawalpur", Province.PUNJAB, 29.40, 71.68),
    ("Karachi", Province.SINDH, 24.86, 67.01),
    ("Hyderabad", Province.SINDH, 25.40, 68.37),
    ("Sukkur", Province.SINDH, 27.71, 68.86),
    ("Tharparkar", Province.SINDH, 24.75, 70.20),
    ("Quetta", Province.BALOCHISTAN, 30.18, 66.98),
    ("Gwadar", Province.BALOCHISTAN, 25.13, 62.33),
    ("Hub", Province.BALOCHISTAN, 25.05, 66.90),
    ("Peshawar", Province.KHYBER_PAKHTUNKHWA, 34.01, 71.58),
    ("Mansehra", Province.KHYBER_PAKHTUNKHWA, 34.33, 73.20),
    ("Gilgit", Province.GILGIT_BALTISTAN, 35.92, 74.31),
    ("Muzaffarabad", Province.AZAD_JAMMU_KASHMIR, 34.37, 73.47),
    ("Islamabad", Province.ISLAMABAD, 33.69, 73.05),
]
UNITS = [CapacityUnit.MW, CapacityUnit.KM, CapacityUnit.ACRES, CapacityUnit.MTPA]


def synthetic_projects():
    return Project.objects.filter(is_synthetic=True)


class Command(BaseCommand):
    help = (
        "Add synthetic projects (clearly labelled, never real) for load and scale "
        "tests, or remove them with --clear."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--clear", action="store_true", help="remove all synthetic data first"
        )

    def handle(self, *args, projects, seed, clear, **options):
        if projects < 0:
            raise CommandError("--projects must be zero or more.")
        started = time.monotonic()
        if clear:
            self.clear()
        elif projects and synthetic_projects().exists():
            raise CommandError(
                "Synthetic data exists already: add --clear to replace it."
            )
        if projects:
            self.seed(projects, random.Random(seed))
        self.stdout.write(
            f"{synthetic_projects().count()} synthetic projects "
            f"({time.monotonic() - started:.1f} s)."
        )

    @transaction.atomic
    def clear(self):
        # Raw deletes: synthetic rows keep no history, and the collector would load
        # every row only to cascade nothing.
        db = Project.objects.db
        project_type = ContentType.objects.get_for_model(Project)
        meeting_type = ContentType.objects.get_for_model(Meeting)
        ids = synthetic_projects().values("pk")
        meeting_ids = Meeting.objects.filter(is_synthetic=True).values("pk")
        Citation.objects.filter(source__slug=SOURCE_SLUG)._raw_delete(db)
        Citation.objects.filter(
            content_type=project_type, object_id__in=ids
        )._raw_delete(db)
        Citation.objects.filter(
            content_type=meeting_type, object_id__in=meeting_ids
        )._raw_delete(db)
        Meeting.projects.through.objects.filter(project_id__in=ids)._raw_delete(db)
        Meeting.projects.through.objects.filter(meeting_id__in=meeting_ids)._raw_delete(
            db
        )
        Meeting.objects.filter(is_synthetic=True)._raw_delete(db)
        synthetic_projects()._raw_delete(db)
        Source.objects.filter(slug=SOURCE_SLUG)._raw_delete(db)
        bump_data_version()

    @transaction.atomic
    def seed(self, count: int, rng: random.Random):
        if not Sector.objects.exists():
            for name, color in [
                ("Energy", "#d4351c"),
                ("Transport infrastructure", "#1d70b8"),
                ("Special economic zones", "#00703c"),
                ("Ports", "#4c2c92"),
            ]:
                Sector.objects.create(name=name, color=color)
        if not Phase.objects.exists():
            Phase.objects.create(number=1, name="Phase I", start_year=2015)
            Phase.objects.create(number=2, name="Phase II", start_year=2025)
        # Read back in a fixed order so that a seed gives the same data every time.
        sectors = list(Sector.objects.order_by("slug"))
        phases = list(Phase.objects.order_by("number"))
        source = Source.objects.create(
            slug=SOURCE_SLUG,
            title="Synthetic data for load tests (not real)",
            kind=SourceKind.RESEARCH,
            publisher="CPEC Tracker seed_synthetic",
            missing_reason="Generated for load tests: not a real document.",
        )
        project_type = ContentType.objects.get_for_model(Project)
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            rows = [self.project(done + i, rng, sectors, phases) for i in range(size)]
            created = Project.objects.bulk_create(rows, batch_size=BATCH)
            Citation.objects.bulk_create(
                [
                    Citation(
                        source=source,
                        content_type=project_type,
                        object_id=project.pk,
                        field="cost_usd_million",
                        reported_value="synthetic",
                        value_number=project.cost_usd_million,
                        locator="generated",
                    )
                    for project in created
                ],
                batch_size=BATCH,
            )
            done += size
            self.progress(done, count)
        self.meetings(rng, phases, count)
        bump_data_version()

    def project(self, index, rng, sectors, phases) -> Project:
        place, province, lat, lon = rng.choice(PLACES)
        sector = rng.choice(sectors)
        phase = rng.choice(phases)
        start = datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randrange(5800))
        precision = rng.choices(
            [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR], [6, 3, 1]
        )[0]
        known_cost = rng.random() < 0.85
        # Costs are skewed: most projects are small, a few are very large.
        cost = Decimal(f"{math.exp(rng.gauss(5.0, 1.3)):.2f}") if known_cost else None
        completion = (
            start + datetime.timedelta(days=rng.randrange(200, 2500))
            if rng.random() < 0.7
            else None
        )
        today = datetime.date.today()
        if completion and completion <= today:
            status = Status.OPERATIONAL
        elif start <= today:
            status = rng.choice([Status.UNDER_CONSTRUCTION, Status.SUSPENDED])
        else:
            status = Status.PLANNED
        unit = rng.choice(UNITS)
        return Project(
            name=f"Synthetic {sector.name.lower()} project {index + 1:06d}",
            slug=f"{SLUG_PREFIX}{index + 1:06d}",
            phase=phase,
            sector=sector,
            status=status,
            province=province,
            location=f"near {place} (synthetic)",
            latitude=Decimal(f"{lat + rng.uniform(-0.4, 0.4):.6f}"),
            longitude=Decimal(f"{lon + rng.uniform(-0.4, 0.4):.6f}"),
            capacity=Decimal(f"{rng.uniform(10, 1500):.1f}"),
            capacity_unit=unit,
            cost_usd_million=cost,
            start_date=start
            if precision == DatePrecision.DAY
            else start.replace(day=1),
            start_date_precision=precision,
            completion_date=completion,
            completion_date_precision=DatePrecision.DAY,
            sponsors="Synthetic sponsor",
            description="Synthetic record for scale testing; not a real project.",
            is_synthetic=True,
        )

    def meetings(self, rng, phases, count):
        number = max(5, min(200, count // 500))
        meetings = Meeting.objects.bulk_create(
            [
                Meeting(
                    kind=MeetingKind.JWG,
                    number=1000 + i,
                    title=f"Synthetic working group meeting {i + 1}",
                    slug=f"{SLUG_PREFIX}meeting-{i + 1:04d}",
                    date=datetime.date(2014, 1, 1)
                    + datetime.timedelta(days=rng.randrange(5800)),
                    city="Islamabad",
                    country="Pakistan",
                    summary="Synthetic meeting for scale testing; not a real meeting.",
                    phase=rng.choice(phases),
                    is_synthetic=True,
                )
                for i in range(number)
            ]
        )
        ids = list(synthetic_projects().values_list("pk", flat=True)[:2000])
        Meeting.projects.through.objects.bulk_create(
            [
                Meeting.projects.through(meeting_id=meeting.pk, project_id=pk)
                for meeting in meetings
                for pk in rng.sample(ids, min(len(ids), 5))
            ]
        )

    def progress(self, done, total):
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        stream = sys.stderr
        stream.write(f"\r[{bar}] {done}/{total} projects")
        if done == total:
            stream.write("\n")
        stream.flush()
