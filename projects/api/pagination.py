from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Page-number pagination; a page_size above the maximum is clamped to it."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
