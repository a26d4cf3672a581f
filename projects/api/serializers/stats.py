"""Project totals: the measures /api/stats/ gives per group, and phases and sectors
carry as annotations (`project_count` there for `count`)."""

from rest_framework import serializers


# No docstring: drf-spectacular would give it to every serializer built on this.
class ProjectMeasures(serializers.Serializer):
    count = serializers.IntegerField(read_only=True)
    known_cost_usd_million = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        read_only=True,
        help_text="The sum of the projects' known costs (0 when none is known); "
        "a project without one is counted in unknown_cost_count, never as zero.",
    )
    unknown_cost_count = serializers.IntegerField(
        read_only=True, help_text="How many of the projects have no known cost."
    )


class SectorStatSerializer(ProjectMeasures):
    slug = serializers.SlugField()
    name = serializers.CharField()
    color = serializers.CharField()


class PhaseStatSerializer(ProjectMeasures):
    number = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()
    reported_investment_usd_million = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True
    )


class StatusStatSerializer(ProjectMeasures):
    status = serializers.CharField()
    label = serializers.CharField()


class ProvinceStatSerializer(ProjectMeasures):
    province = serializers.CharField()
    label = serializers.CharField()


class StatsSerializer(serializers.Serializer):
    total = ProjectMeasures()
    by_sector = SectorStatSerializer(many=True)
    by_phase = PhaseStatSerializer(many=True)
    by_status = StatusStatSerializer(many=True)
    by_province = ProvinceStatSerializer(many=True)
