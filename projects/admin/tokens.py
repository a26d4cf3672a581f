"""API tokens in the admin: who holds one and until when; revoking is deleting.

Replaces django-rest-knox's own admin, which lists each digest, searches by the
key's first characters and issues tokens from a form. Here nothing of the key or
its digest is shown, tokens are issued by `manage.py create_api_token` alone,
and a staff member who is not a superuser sees and revokes only their own.
"""

import knox.admin  # noqa: F401  (registers knox's admin, replaced below)
from django.contrib import admin
from django.utils import timezone
from knox.models import AuthToken

from ..models import APIToken

if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(APIToken)
class APITokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created", "expiry", "is_live"]
    list_select_related = ["user"]
    fields = ["user", "created", "expiry"]
    readonly_fields = fields
    search_fields = ["user__username"]

    @admin.display(boolean=True, description="Unexpired")
    def is_live(self, token):
        return token.expiry is None or token.expiry > timezone.now()

    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        if request.user.is_superuser:
            return tokens
        return tokens.filter(user=request.user)

    def _own(self, request, token) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return token is None or user.is_superuser or token.user_id == user.pk

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._own(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
