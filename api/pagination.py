from django.core.paginator import Page, Paginator
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=`` and ``?page_size=`` (1-100, default 25); a bad page size is 400, not ignored."""

    page_size = 25
    max_page_size = 100
    page_size_query_param = "page_size"
    page_query_description = _("Het nummer van de pagina (vanaf 1).")
    page_size_query_description = _("Het aantal resultaten per pagina (1-100, standaard 25).")

    def page_number(self, request) -> int | None:
        """The page ``request`` asks for (``None`` for one that is not a whole number from 1,
        which :meth:`paginate_queryset` refuses)."""
        try:
            number = int(request.query_params.get(self.page_query_param, 1))
        except ValueError:
            return None
        return number if number >= 1 else None

    def paginate_rows(self, rows, request, number: int, count: int) -> list:
        """As :meth:`paginate_queryset`, for ``rows`` the caller fetched as page ``number`` of
        ``count`` results itself."""
        paginator = Paginator([], self.get_page_size(request))
        paginator.count = count
        self.page = Page(rows, number, paginator)
        self.request = request
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return rows

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Kies een paginagrootte van 1 tot en met %(max)s.")
                        % {"max": self.max_page_size}
                    ]
                },
                code="invalid",
            )
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": _("Het aantal resultaten op alle pagina's samen."),
            "next": _("De volgende pagina, of null op de laatste."),
            "previous": _("De vorige pagina, of null op de eerste."),
            "results": _("De resultaten op deze pagina."),
        }
        for name, description in descriptions.items():
            paginated["properties"][name]["description"] = description
        paginated["properties"]["next"]["example"] = "https://regio.example/api/v1/...?page=3"
        paginated["properties"]["previous"]["example"] = "https://regio.example/api/v1/...?page=1"
        return paginated
