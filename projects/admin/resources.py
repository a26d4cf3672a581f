"""CSV import and export of projects for the admin (django-import-export)."""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from .. import services
from ..content import in_english
from ..exports.cells import spreadsheet_cell
from ..models import PROJECT_EDITABLE_FIELDS, Citation, Phase, Project, Sector


class LookupWidget(widgets.ForeignKeyWidget):
    """A related record by one of its keys, with a row error naming what is allowed."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist:
            allowed = ", ".join(
                str(v) for v in self.model.objects.values_list(self.field, flat=True)
            )
            raise ValueError(
                f"Unknown {self.model._meta.verbose_name} {value!r}. "
                f"Allowed: {allowed}."
            ) from None


ISO_DATE = widgets.DateWidget(format="%Y-%m-%d")


class ProjectResource(resources.ModelResource):
    """One project a row, keyed on slug; phase by number, sector by slug."""

    phase = fields.Field(
        attribute="phase",
        column_name="phase",
        widget=LookupWidget(Phase, field="number"),
    )
    sector = fields.Field(
        attribute="sector",
        column_name="sector",
        widget=LookupWidget(Sector, field="slug"),
    )
    start_date = fields.Field(
        attribute="start_date", column_name="start_date", widget=ISO_DATE
    )
    completion_date = fields.Field(
        attribute="completion_date", column_name="completion_date", widget=ISO_DATE
    )

    class Meta:
        model = Project
        import_id_fields = ["slug"]
        # One query finds every row's project, rather than one query a row.
        instance_loader_class = CachedInstanceLoader
        fields = list(PROJECT_EDITABLE_FIELDS)
        export_order = fields
        # full_clean() turns constraint and choice violations into row errors
        # with the model's own messages, before anything reaches the database.
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        # All or nothing, whoever calls: one bad row rolls back every row. In
        # English: a row's `name` is the English name in any language.
        with in_english():
            return super().import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=raise_errors,
                use_transactions=True,
                collect_failed_rows=collect_failed_rows,
                rollback_on_validation_errors=True,
                **kwargs,
            )

    def before_import(self, dataset, **kwargs):
        # Named on each history entry, also where no request is (a background job).
        self.editor = kwargs.get("user")
        super().before_import(dataset, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        # A background job passes a callback to count its rows as they go.
        if kwargs.get("progress"):
            kwargs["progress"]()
        super().after_import_row(row, row_result, **kwargs)

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        errors = dict(import_validation_errors or {})
        if instance.pk is not None:
            # A row may not move a figure away from its headline citation.
            headlines = Citation.objects.filter(
                project=instance, is_headline=True
            ).select_related("source")
            try:
                services.check_headlines(instance, headlines)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    errors.setdefault(field, []).extend(map(ValidationError, messages))
        super().validate_instance(instance, errors or None, validate_unique)

    def do_instance_save(self, instance, is_create):
        # A row classified as new never updates an existing row.
        services.save(
            instance,
            editor=getattr(self, "editor", None),
            reason="CSV import",
            force_insert=is_create,
        )

    def export_resource(self, instance, selected_fields=None, **kwargs):
        # Quoted as in every other CSV of the site; import-export's own escaping
        # (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT) only drops a leading "=".
        with in_english():
            row = super().export_resource(instance, selected_fields, **kwargs)
        return [spreadsheet_cell(value) for value in row]

    def get_queryset(self):
        return Project.objects.with_related()
