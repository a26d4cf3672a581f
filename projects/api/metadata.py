"""OPTIONS: what a list renders includes its exports (CSV, GeoJSON)."""

from rest_framework.metadata import SimpleMetadata


class FormatsMetadata(SimpleMetadata):
    def determine_metadata(self, request, view):
        metadata = super().determine_metadata(request, view)
        renders = list(metadata.get("renders", []))
        exports = getattr(view, "listed_export_renderers", lambda: ())()
        for renderer in exports:
            if renderer.media_type not in renders:
                renders.append(renderer.media_type)
        metadata["renders"] = renders
        return metadata
