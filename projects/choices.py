"""Choice sets shared by the models, filters, API, admin and charts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    OPERATIONAL = "operational", _("Operational")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


STATUS_COLORS = {
    Status.PLANNED: "#6f72af",
    Status.UNDER_CONSTRUCTION: "#b35c00",
    Status.OPERATIONAL: "#00703c",
    Status.SUSPENDED: "#8a1538",
    Status.CANCELLED: "#505a5f",
}


class Province(models.TextChoices):
    PUNJAB = "punjab", _("Punjab")
    SINDH = "sindh", _("Sindh")
    BALOCHISTAN = "balochistan", _("Balochistan")
    KHYBER_PAKHTUNKHWA = "khyber_pakhtunkhwa", _("Khyber Pakhtunkhwa")
    GILGIT_BALTISTAN = "gilgit_baltistan", _("Gilgit-Baltistan")
    AZAD_JAMMU_KASHMIR = "azad_jammu_kashmir", _("Azad Jammu and Kashmir")
    ISLAMABAD = "islamabad", _("Islamabad Capital Territory")
    MULTIPLE = "multiple", _("Multiple provinces")


class MeetingKind(models.TextChoices):
    JCC = "jcc", _("Joint Cooperation Committee (JCC)")
    JWG = "jwg", _("Joint Working Group (JWG)")
    SUMMIT = "summit", _("Summit")
    STATE_VISIT = "state_visit", _("State visit")
    MINISTERIAL = "ministerial", _("Ministerial meeting")
    OTHER = "other", _("Other")


class CapacityUnit(models.TextChoices):
    MW = "MW", _("MW")
    KM = "km", _("km")
    ACRES = "acres", _("acres")
    MTPA = "MTPA", _("million tonnes a year")
    BERTHS = "berths", _("berths")
    PASSENGERS_PER_DAY = "passengers_per_day", _("passengers a day")
    MGD = "MGD", _("million gallons a day")
    BEDS = "beds", _("beds")
    STUDENTS = "students", _("students")


class Works(models.TextChoices):
    """What a road, railway or line's length measures."""

    NEW = "new", _("new build")
    UPGRADE = "upgrade", _("upgrade of an existing line")


class DatePrecision(models.TextChoices):
    """How much of a stored date the sources actually give."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class SourceKind(models.TextChoices):
    """What a source is; forums, mirrors, digests and content farms are not sources."""

    OFFICIAL = "official", _("Official")
    NEWS = "news", _("News")
    RESEARCH = "research", _("Research")
    REFERENCE = "reference", _("Reference (only beside another source)")


# Kinds a figure may rest on alone; reference works only ever stand beside one of these.
PRIMARY_SOURCE_KINDS = (SourceKind.OFFICIAL, SourceKind.NEWS, SourceKind.RESEARCH)

# Hosts that are not sources: forums, Wikipedia mirrors and digests, content farms,
# property and tag sites. A source at one of them (or a subdomain) is refused.
EXCLUDED_SOURCE_HOSTS = (
    "defence.pk",
    "wikiclassic.com",
    "enwikipedia.net",
    "wikipedia-on-ipfs.org",
    "when.com",
    "wikisum.wiki",
    "numerical.co.in",
    "solhkhabar.ir",
    "beltroad-initiative.com",
    "oltottmesz.com",
    "insider.pk",
    "thebizupdate.com",
    "gwadarjaidad.com",
    "tajarat.com.pk",
    "graana.com",
    "agency21.com.pk",
    "paparnews.com",
    "pakistanreaders.com",
    "hrnww.com",
    "alnoorconsultants.com",
    "thedailycpec.com",
    # Blogs, wire republishers and rewrite aggregators.
    "pamirtimes.net",
    "timesofislamabad.com",
    "newsdrum.in",
    "sify.com",
    "southasiamonitor.org",
    "seetao.com",
    "seetaoe.com",
    "tdminews.com",
    "enggpost.com",
    "worldbusinessoutlook.com",
    "insightonkashmir.com",
    "apdnews.com",
    "youtube.com",
    "facebook.com",
    "reddit.com",
    "quora.com",
)


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
