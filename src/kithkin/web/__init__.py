"""The web face: server-rendered pages and a JSON API over the same core as the CLI.

``kith serve`` runs :func:`kithkin.web.app.create_app` under uvicorn. Pages live in
``pages/`` (one module per page group), the API in ``api/`` (one module per
resource), the local-safety checks in :mod:`kithkin.web.security`.
"""

from starlette.convertors import IntegerConvertor, register_url_convertor


class _RowId(IntegerConvertor):
    """``{cid:int}`` in a route: at most 18 digits, so an id no row can have (beyond
    64 bits) is a 404 like any other missing one, not an overflow in the driver."""

    regex = "[0-9]{1,18}"


# Before any route is declared: the pages' modules import this package first.
register_url_convertor("int", _RowId())
