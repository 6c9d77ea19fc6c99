"""Faults at the edges of valid input: documented maxima refused at the bound itself,
huge but valid pages, and values of a JSON type the schema does not allow.

Off-by-one bounds refuse a valid request (400 where 201 or 200 is due); type confusion
crashes the server (500 where 400 is due), as code that uses a value before validating
it does.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from jsonschema.exceptions import ValidationError

from .behaviour import Behaviour
from .http import ApiError
from .listing import MAX_PER_PAGE, bad_request
from .store import Record
from .variation import Catalogue

boundaries, types = Catalogue("boundaries"), Catalogue("types")
INT32_MAX = 2**31 - 1
MAX_SAFE_INTEGER = 2**53 - 1  # JavaScript's Number.MAX_SAFE_INTEGER
MAX_NAME = 1024  # Integration Post: name maxLength
MAX_PORT = 65535  # Integration Post: mqttConfig.port maximum


def _refused(path: tuple[str, ...], validator: str, message: str) -> ValidationError:
    return ValidationError(message, validator=validator, path=deque(path))


def _mqtt_port(body: Record) -> Any:
    config = body.get("mqttConfig")
    return config.get("port") if isinstance(config, dict) else None


# -- boundaries ---------------------------------------------------------------------------


@boundaries.fault("per-page-1000-refused", "parse_per_page", "perPage=1000, the documented maximum, answers 400")
def _(self: Behaviour, raw: str | None) -> int:
    per_page = Behaviour.parse_per_page(self, raw)
    if raw and per_page == MAX_PER_PAGE:
        raise bad_request(f"perPage must be below {MAX_PER_PAGE}")
    return per_page


@boundaries.fault(
    "page-above-int32-500",
    "paginate",
    "a page of 2**31 or more answers 500: the offset overflows a 32-bit integer",
)
def _(self: Behaviour, records: list[Record], page: int, per_page: int) -> list[Record]:
    if page > INT32_MAX:
        raise OverflowError(f"page {page} does not fit in a signed 32-bit integer")
    return Behaviour.paginate(self, records, page, per_page)


@boundaries.fault(
    "page-above-2-53-500",
    "paginate",
    "a page of 2**53 or more answers 500: past JavaScript's safe integers",
)
def _(self: Behaviour, records: list[Record], page: int, per_page: int) -> list[Record]:
    if page > MAX_SAFE_INTEGER:
        raise OverflowError(f"page {page} is not a safe integer")
    return Behaviour.paginate(self, records, page, per_page)


@boundaries.fault("past-the-end-400", "paginate", "a page past the end answers 400, not an empty 200")
def _(self: Behaviour, records: list[Record], page: int, per_page: int) -> list[Record]:
    if page and page * per_page >= len(records):
        raise ApiError(400, "BadRequest", f"page {page} is past the last page")
    return Behaviour.paginate(self, records, page, per_page)


@boundaries.fault(
    "max-length-name-refused",
    "validate_post",
    f"POST with a name of exactly {MAX_NAME} characters (the maximum) answers 400",
)
def _(self: Behaviour, body: Record) -> list[ValidationError]:
    errors = Behaviour.validate_post(self, body)
    name = body.get("name")
    if isinstance(name, str) and len(name) == MAX_NAME:
        errors.append(_refused(("name",), "maxLength", f"name must be shorter than {MAX_NAME} characters"))
    return errors


@boundaries.fault(
    "port-65535-refused",
    "validate_post",
    f"POST with mqttConfig.port {MAX_PORT} (the maximum) answers 400",
)
def _(self: Behaviour, body: Record) -> list[ValidationError]:
    errors = Behaviour.validate_post(self, body)
    if _mqtt_port(body) == MAX_PORT:
        errors.append(_refused(("mqttConfig", "port"), "maximum", f"port must be below {MAX_PORT}"))
    return errors


# -- types --------------------------------------------------------------------------------


@types.fault(
    "name-not-string-500",
    "validate_post",
    "POST with a name that is not a string (an object, a list, a number) answers 500, not 400",
)
def _(self: Behaviour, body: Record) -> list[ValidationError]:
    name = body.get("name")
    if name is not None and not isinstance(name, str):
        raise TypeError("name.trim is not a function")  # used before it was validated
    return Behaviour.validate_post(self, body)


@types.fault(
    "port-not-number-500",
    "validate_post",
    "POST with an mqttConfig.port that is not a number (null, a string) answers 500, not 400",
)
def _(self: Behaviour, body: Record) -> list[ValidationError]:
    config = body.get("mqttConfig")
    if isinstance(config, dict) and "port" in config:
        port = config["port"]
        if port is None or isinstance(port, (bool, str, list, dict)):
            raise TypeError(f"cannot read port from {type(port).__name__}")
    return Behaviour.validate_post(self, body)


CATALOGUES = (boundaries, types)
