"""What every record shares: times, a slug, the data version, constraint names."""

from django.core.exceptions import FieldError, ValidationError
from django.core.validators import RegexValidator
from django.db import models, router
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from modeltranslation.manager import MultilingualQuerySet

from ..content import CONTENT_LANGUAGES, ENGLISH, column, in_english, translated_fields

HEX_COLOR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as #rrggbb.")


class RecordQuerySet(MultilingualQuerySet):
    """Lookups, ordering and values() on the stored English columns, in every language.

    modeltranslation would rewrite `name` to the active language's column; the
    filters, the search index, exports and the API's values stay the same in every
    language, so only a page's display reads the reader's language.
    """

    def _post_init(self) -> None:
        self._rewrite = False
        self._populate = None


class TimeStampedModel(models.Model):
    """Creation and last-change times; defaults keep raw fixture loads valid."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with in_english():
            self.derive()
            self.updated_at = timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "updated_at"}
            super().save(*args, **kwargs)

    def derive(self) -> None:
        """Fill the fields a record derives from its others.

        Before every validation and every save, so what is checked is what is
        stored, whichever path the write takes (see services).
        """
        # One empty value per column, whichever path wrote it: the English is
        # text like the field it mirrors, a missing translation is NULL (so two
        # sectors without an Urdu name do not clash on the unique one).
        for field in translated_fields(self):
            english = column(field, ENGLISH)
            if getattr(self, english) is None:
                setattr(self, english, "")
            for language in CONTENT_LANGUAGES:
                name = column(field, language)
                if getattr(self, name) is not None and not getattr(self, name).strip():
                    setattr(self, name, None)

    def full_clean(self, *args, **kwargs):
        with in_english():
            self.derive()
            super().full_clean(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        # Django checks each CheckConstraint with a query of its own, in a
        # savepoint: three queries each. One query first checks them all
        # together; only a record that breaks one pays for one query each, which
        # finds the broken ones and their messages. A CSV import of projects
        # runs this for every row.
        self._checks_held = self._check_constraints_held(exclude)
        try:
            super().validate_constraints(exclude)
        finally:
            del self._checks_held

    def get_constraints(self):
        held = {id(c) for c in getattr(self, "_checks_held", ())}
        return [
            (model, [c for c in constraints if id(c) not in held])
            for model, constraints in super().get_constraints()
        ]

    def _check_constraints_held(self, exclude) -> list:
        """This model's check constraints, if one query finds that all hold."""
        checks = [
            c for c in self._meta.constraints if isinstance(c, models.CheckConstraint)
        ]
        if len(checks) < 2:
            return []
        # The same map of field values CheckConstraint.validate checks against.
        against = self._get_field_expression_map(meta=self._meta, exclude=exclude)
        using = router.db_for_write(type(self), instance=self)
        try:
            held = Q(*(c.condition for c in checks)).check(against, using=using)
        except FieldError:  # a condition names an excluded field: one by one
            return []
        return checks if held else []


class SluggedModel(TimeStampedModel):
    """A record with a unique slug, derived from its name when left blank."""

    slug_source = "name"

    class Meta:
        abstract = True

    def derive(self) -> None:
        super().derive()
        if not self.slug:
            self.slug = slugify(getattr(self, self.slug_source))[:80]

    def clean_fields(self, exclude=None):
        try:
            super().clean_fields(exclude)
        except ValidationError as exc:
            if not self.slug and "slug" in exc.error_dict:
                exc.error_dict["slug"] = [
                    ValidationError(
                        f"Give a slug: the {self.slug_source} has no letters or "
                        "digits to make one from.",
                        code="blank",
                    )
                ]
            raise


class DataVersion(models.Model):
    """A counter bumped after every committed write to the data; keys caches and ETags.

    It lives in the database rather than the cache so that every process agrees on it
    whatever the cache backend, and a flushed cache can never resurrect stale figures.
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    # The newest version whose pages have been rebuilt: public reads may be
    # answered from its entries while a later one is rebuilt (caching.revalidate).
    served_version = models.PositiveBigIntegerField(null=True, blank=True)
    served_changed_at = models.DateTimeField(null=True, blank=True)
    # When the served version stopped being the latest; it is served for at most
    # DATA_STALE_SECONDS after that.
    stale_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"data version {self.version}"


# The field a violated constraint belongs to, where its condition names several.
CONSTRAINT_FIELDS = {
    "projects_phase_end_year_after_start": "end_year",
    "projects_project_capacity_has_unit": "capacity_unit",
    "projects_project_completion_after_start": "completion_date",
    "projects_project_coordinates_paired": ("latitude", "longitude"),
    "projects_meeting_unique_number_per_kind": "number",
    "projects_citation_one_headline_per_field": "is_headline",
}


def constraint_field(constraint) -> str | tuple[str, ...] | None:
    """The form field that a violation of this constraint belongs to, if one."""
    if constraint.name in CONSTRAINT_FIELDS:
        return CONSTRAINT_FIELDS[constraint.name]
    condition = getattr(constraint, "condition", None)
    fields = getattr(constraint, "fields", ())
    if isinstance(constraint, models.CheckConstraint):
        referenced = condition.referenced_base_fields
        return next(iter(referenced)) if len(referenced) == 1 else None
    if len(fields) == 1:
        return fields[0]
    return None


def constraint_for_message(model, message: str):
    """The constraint of a model whose violation message this is, if any."""
    for constraint in model._meta.constraints:
        if str(constraint.get_violation_error_message()) == message:
            return constraint
    return None
