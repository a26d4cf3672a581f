"""The API's one router."""

from rest_framework.routers import DefaultRouter


class APIRouter(DefaultRouter):
    """A DefaultRouter whose browsable root also links the endpoints that are not
    viewsets; a name that does not resolve is left out of the root."""

    extra_root_links = {
        "stats": "api-stats",
        "changes": "api-changes",
        "schema": "api-schema",
        "docs": "api-docs",
    }

    def get_api_root_view(self, api_urls=None):
        list_name = self.routes[0].name
        api_root_dict = {
            prefix: list_name.format(basename=basename)
            for prefix, _viewset, basename in self.registry
        }
        api_root_dict.update(self.extra_root_links)
        return self.APIRootView.as_view(api_root_dict=api_root_dict)
