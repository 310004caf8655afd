"""The API's request and response schemas (pydantic), one module per resource family.

They mirror the JSON the CLI prints (``kith show --json`` and friends, built by
:mod:`kithkin.core.views`), so a script can move between the two faces. Values
are checked by the core, not here: an unknown channel is the core's ``BadInput``
with the same message on every face; these models give the shape and the types.
"""

from typing import Any

from pydantic import BeforeValidator


def _integral(value: Any) -> Any:
    """JSON's ``3.0`` is the integer 3 (JSON Schema says so); strict models refuse it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# A whole number in a request: 3 or 3.0, never "3" or true (the models are strict, so
# that a body the schema calls invalid is refused, not coerced). Put it after the
# number's Field: before it, pydantic writes the bounds as "ge"/"le", not JSON Schema.
INTEGRAL = BeforeValidator(_integral)
