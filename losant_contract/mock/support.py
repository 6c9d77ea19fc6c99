"""Resources the suite needs around the ones under test: Application API Tokens (GET,
POST), Application API Token (DELETE) and Application (GET).

They mint scoped tokens, find leftovers and serve a preflight. Faults never reach
them: the handler serves them with a pristine Behaviour.
"""

from __future__ import annotations

from ..contracts import validator
from .behaviour import Behaviour
from .http import ApiError, Call, Response
from .integrations import application, read_body, well_formed
from .listing import TOKENS
from .store import Store


def list_tokens(b: Behaviour, store: Store, call: Call) -> Response:
    application_id = application(b, store, call)
    query = b.parse_listing(call.query, TOKENS)
    page = b.listing([token.body for token in store.application_tokens(application_id)], query)
    return Response(200, {**page, "ownerId": application_id, "ownerType": "application"})


def mint_token(b: Behaviour, store: Store, call: Call) -> Response:
    """201 API Token with its secret; org and user scopes are outside the enum, so 400."""
    application_id = application(b, store, call)
    body = read_body(b, call, lambda body: list(validator("Application API Token Post").iter_errors(body)))
    token = store.mint(body, application_id)
    return Response(201, {**token.body, "token": token.secret})


def delete_token(b: Behaviour, store: Store, call: Call) -> Response:
    """Only a token of the path's application: another application's token id is 404."""
    application_id = application(b, store, call)
    token_id = well_formed(b, call.params["apiTokenId"], "apiTokenId")
    token = store.application_token(token_id)
    if token is None or not b.token_in_application(token, application_id) or not store.remove_token(token):
        raise ApiError(404, "NotFound", f"API token {token_id} was not found")
    return Response(200, {"success": True})


def get_application(b: Behaviour, store: Store, call: Call) -> Response:
    application_id = application(b, store, call)
    summary = {
        "integrationCount": len(store.integrations(application_id)),
        "apiTokenCount": len(store.application_tokens(application_id)),
    }
    return Response(200, {**store.applications[application_id], "summary": summary})
