"""Choice sets shared by the models, filters, API, admin and charts."""

from django.db import models


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_CONSTRUCTION = "under_construction", "Under construction"
    OPERATIONAL = "operational", "Operational"
    SUSPENDED = "suspended", "Suspended"
    CANCELLED = "cancelled", "Cancelled"


STATUS_COLORS = {
    Status.PLANNED: "#6f72af",
    Status.UNDER_CONSTRUCTION: "#b35c00",
    Status.OPERATIONAL: "#00703c",
    Status.SUSPENDED: "#8a1538",
    Status.CANCELLED: "#505a5f",
}


class Province(models.TextChoices):
    PUNJAB = "punjab", "Punjab"
    SINDH = "sindh", "Sindh"
    BALOCHISTAN = "balochistan", "Balochistan"
    KHYBER_PAKHTUNKHWA = "khyber_pakhtunkhwa", "Khyber Pakhtunkhwa"
    GILGIT_BALTISTAN = "gilgit_baltistan", "Gilgit-Baltistan"
    AZAD_JAMMU_KASHMIR = "azad_jammu_kashmir", "Azad Jammu and Kashmir"
    ISLAMABAD = "islamabad", "Islamabad Capital Territory"
    MULTIPLE = "multiple", "Multiple provinces"


class MeetingKind(models.TextChoices):
    JCC = "jcc", "Joint Cooperation Committee (JCC)"
    JWG = "jwg", "Joint Working Group (JWG)"
    SUMMIT = "summit", "Summit"
    STATE_VISIT = "state_visit", "State visit"
    MINISTERIAL = "ministerial", "Ministerial meeting"
    OTHER = "other", "Other"


class CapacityUnit(models.TextChoices):
    MW = "MW", "MW"
    KM = "km", "km"
    ACRES = "acres", "acres"
    MTPA = "MTPA", "million tonnes a year"
    BERTHS = "berths", "berths"
    PASSENGERS_PER_DAY = "passengers_per_day", "passengers a day"
    MGD = "MGD", "million gallons a day"
    BEDS = "beds", "beds"
    STUDENTS = "students", "students"


class Works(models.TextChoices):
    """What a road, railway or line's length measures."""

    NEW = "new", "new build"
    UPGRADE = "upgrade", "upgrade of an existing line"


class DatePrecision(models.TextChoices):
    """How much of a stored date the sources actually give."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class SourceKind(models.TextChoices):
    """What a source is; forums, mirrors, digests and content farms are not sources."""

    OFFICIAL = "official", "Official"
    NEWS = "news", "News"
    RESEARCH = "research", "Research"
    REFERENCE = "reference", "Reference (only beside another source)"


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
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
