"""The admin's CSV import kept in bounds (projects.imports), and its job pages."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin

from ..imports.forms import CheckedConfirmImportForm, LimitedImportForm
from ..imports.jobs import rows_done, start_job
from ..imports.storage import remove_stale, remove_stored
from ..imports.uploads import refused_uploads
from ..models import ImportJob, Project


class LimitedImportExportMixin(ImportExportMixin):
    """import-export's admin views with limits, file clean-up and background jobs."""

    import_form_class = LimitedImportForm
    confirm_form_class = CheckedConfirmImportForm

    def get_import_form_kwargs(self, request):
        kwargs = super().get_import_form_kwargs(request)
        kwargs.update(refused=refused_uploads(request), encoding=self.from_encoding)
        return kwargs

    def create_import_form(self, request):
        # Once a request: the large-file check and import-export's view share it.
        if not hasattr(request, "_import_form"):
            request._import_form = super().create_import_form(request)
        return request._import_form

    def get_confirm_form_kwargs(self, request, import_form=None):
        kwargs = super().get_confirm_form_kwargs(request, import_form)
        kwargs.update(
            formats=self.get_import_formats(),
            resources=self.get_import_resource_classes(request),
            encoding=self.from_encoding,
        )
        return kwargs

    def import_action(self, request, **kwargs):
        remove_stale()
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if (
                form.is_valid()
                and (form.row_count or 0) > settings.IMPORT_BACKGROUND_ROWS
            ):
                return self.start_preview_job(request, form)
        response = super().import_action(request, **kwargs)
        if "confirm_form" not in response.context_data:
            # Refused (row errors, unreadable): no confirm will ever read it.
            upload = request.FILES.get("import_file")
            remove_stored(getattr(upload, "tmp_storage_name", None))
        return response

    def start_preview_job(self, request, form):
        upload = form.cleaned_data["import_file"]
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        stored = self.write_to_tmp_storage(upload, input_format)
        job = start_job(
            self,
            user=request.user,
            file_name=upload.name[:200],
            stored_name=stored.name,
            format_index=int(form.cleaned_data["format"]),
            resource_index=self.get_resource_index(form),
            dry_run=True,
            rows_total=form.row_count,
        )
        return redirect(job.get_absolute_url())

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_confirm_form(request)
        if not form.is_valid():
            response = super().process_import(request, **kwargs)
            response.status_code = 400
            return response
        if form.row_count > settings.IMPORT_BACKGROUND_ROWS:
            job = start_job(
                self,
                user=request.user,
                file_name=form.cleaned_data["original_file_name"],
                stored_name=form.cleaned_data["import_file_name"],
                format_index=form.cleaned_data["format"],
                resource_index=form.cleaned_data["resource"],
                dry_run=False,
                rows_total=form.row_count,
            )
            return redirect(job.get_absolute_url())
        try:
            return super().process_import(request, **kwargs)
        finally:
            remove_stored(form.cleaned_data["import_file_name"])


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only: a large import's progress and result, refreshed while it runs."""

    change_form_template = "admin/projects/importjob/change_form.html"
    list_display = ["file_name", "kind", "state", "progress", "user", "created_at"]
    list_filter = ["state", "dry_run"]
    list_select_related = ["user"]
    fields = ["file_name", "dry_run", "state", "user", "created_at", "finished_at"]

    @admin.display(description="Kind")
    def kind(self, obj):
        return "Preview" if obj.dry_run else "Import"

    @admin.display(description="Rows done")
    def progress(self, obj):
        return f"{rows_done(obj):,} of {obj.rows_total:,}"

    def _can_import(self, request):
        project_admin = self.admin_site._registry.get(Project)
        return project_admin is not None and project_admin.has_import_permission(
            request
        )

    def has_module_permission(self, request):
        return self._can_import(request)

    def has_view_permission(self, request, obj=None):
        return self._can_import(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            context.update(
                job=obj,
                rows_done=rows_done(obj),
                more_errors=max(0, obj.totals.get("errors", 0) - len(obj.row_errors)),
            )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
