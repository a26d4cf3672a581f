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


class DatePrecision(models.TextChoices):
    """How much of a stored date the sources actually give."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
