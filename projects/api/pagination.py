from rest_framework.pagination import PageNumberPagination

from ..caching.paging import DeferredJoinPaginator


class StandardPagination(PageNumberPagination):
    """Page-number pagination; a page_size above the maximum is clamped to it.

    The count is cached until the data changes and deep pages select their ids
    first (see projects.caching.paging), so page 2,000 costs about what page 1 does.
    """

    django_paginator_class = DeferredJoinPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class GeoJSONPagination(StandardPagination):
    """Pages of features; a FeatureCollection carries its links as in OGC API.

    The curated corridor fits in one page; a tracker of 100,000 projects is read
    page by page, following the "next" link.
    """

    page_size = 1000
    max_page_size = 5000

    def geojson_members(self) -> dict:
        """Foreign members of the FeatureCollection: counts and links."""
        links = [
            {"rel": rel, "href": href, "type": "application/geo+json"}
            for rel, href in (
                ("next", self.get_next_link()),
                ("prev", self.get_previous_link()),
            )
            if href
        ]
        return {
            "numberMatched": self.page.paginator.count,
            "numberReturned": len(self.page),
            "links": links,
        }
