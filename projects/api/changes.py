"""/api/changes/: the public feed of edits, the same entries as the /changes/ page."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from projects import selectors

from .pagination import StandardPagination


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="name")
    label = serializers.CharField()
    # Values ("day"), as the API gives them elsewhere; the page shows labels.
    old = serializers.CharField(source="old_value", allow_null=True)
    new = serializers.CharField(source="new_value", allow_null=True)


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="history_id")
    when = serializers.DateTimeField()
    type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    model = serializers.CharField()
    object_id = serializers.IntegerField()
    object_name = serializers.CharField()
    url = serializers.SerializerMethodField()
    changes = FieldChangeSerializer(many=True)
    editor = serializers.CharField(
        allow_null=True,
        help_text='A display name: the first name, or "an editor"; never a username.',
    )

    def get_url(self, entry) -> str | None:
        request = self.context.get("request")
        if entry.url is None or request is None:
            return entry.url
        return request.build_absolute_uri(entry.url)


@extend_schema(summary="Recent edits across the data set, newest first")
class ChangeListAPIView(generics.ListAPIView):
    """Recent edits across the data set, newest first, with what changed."""

    serializer_class = ChangeSerializer
    pagination_class = StandardPagination
    permission_classes = [AllowAny]
    filter_backends = []

    def get_queryset(self):
        return selectors.change_list()
