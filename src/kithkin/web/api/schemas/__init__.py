"""The API's request and response schemas (pydantic), one module per resource family.

They mirror the JSON the CLI prints (``kith show --json`` and friends, built by
:mod:`kithkin.core.views`), so a script can move between the two faces. Values
are checked by the core, not here: an unknown channel is the core's ``BadInput``
with the same message on every face; these models give the shape and the types.
"""

from typing import Annotated, Any

from pydantic import BeforeValidator, Field


def _integral(value: Any) -> Any:
    """JSON's ``3.0`` is the integer 3 (JSON Schema says so); strict models refuse it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def whole(lowest: int, highest: int) -> Any:
    """A whole number in a request, in this range: 3 or 3.0, never "3" or true (the
    models are strict, so that a body the schema calls invalid is refused, not coerced)."""
    # Field first: after a validator, pydantic writes its bounds as "ge"/"le", not JSON Schema.
    return Annotated[int, Field(ge=lowest, le=highest), BeforeValidator(_integral)]
