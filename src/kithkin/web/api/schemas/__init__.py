"""The API's request and response schemas (pydantic), one module per resource family.

They mirror the JSON the CLI prints (``kith show --json`` and friends, built by
:mod:`kithkin.core.views`), so a script can move between the two faces. Values
are checked by the core, not here: an unknown channel is the core's ``BadInput``
with the same message on every face; these models give the shape and the types.
"""
