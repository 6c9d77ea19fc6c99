"""Access seams: who is asking, what they may do, and how refusals and errors look.

Order of checks (contract-decisions.md sections 1, 2, 6): a request without a
usable Bearer token is 401 before anything looks at the application; a known
token without an accepted scope is refused (403 here; 401 is also compliant)
before anything runs, so a refused write has no side effect. Then the path's
application: unknown is 404; known but out of the token's reach (an application
token of the other application) is refused like a missing scope, 403 here (401
is as compliant; the control wrong-application-401 takes it). An integration is
looked up only inside the path's application.
"""

from __future__ import annotations

from collections.abc import Callable

from .http import ApiError, Response
from .scopes import ACCEPTED
from .store import Record, Store, Token

BEARER = "Bearer "


def integration_not_found(integration_id: str) -> ApiError:
    return ApiError(404, "NotFound", f"Integration {integration_id} was not found")


class AccessSeams:
    """Authentication, scopes, application lookup, error rendering, latency."""

    def authenticate(self, store: Store, header: str | None) -> Token | None:
        """The token named by an exact `Bearer <token>` header, if it is known and usable."""
        if not header or not header.startswith(BEARER):
            return None
        token = store.token(header[len(BEARER) :])
        return token if token is not None and token.usable() else None

    def accepted_scopes(self, action: str) -> frozenset[str]:
        return ACCEPTED[action]

    def scope_allows(self, scopes: tuple[str, ...], accepted: frozenset[str]) -> bool:
        return not accepted.isdisjoint(scopes)

    def refused_status(self) -> int:
        return 403

    def refuse(self, action: str, proceed: Callable[[], Response]) -> Response:
        """Answer a known token that lacks the scope; `proceed` is the action, not run."""
        status = self.refused_status()
        raise ApiError(
            status,
            "Forbidden" if status == 403 else "Unauthorized",
            f"the token has none of the scopes that allow {action}",
        )

    def malformed_id_status(self) -> int:
        return 404

    def find_application(self, store: Store, application_id: str) -> Record | None:
        return store.application(application_id)

    def application_not_found(self, application_id: str) -> None:
        raise ApiError(404, "NotFound", f"Application {application_id} was not found")

    def token_reaches(self, token: Token, application_id: str) -> bool:
        """An application token reaches its own application; organisation and user tokens
        reach every application of the organisation (the mock has one organisation)."""
        return token.application_id is None or token.application_id == application_id

    def foreign_application_status(self) -> int:
        return 403

    def open_application(self, store: Store, token: Token, application_id: str) -> str:
        """The path's (well-formed) applicationId once it exists and the token reaches it."""
        if self.find_application(store, application_id) is None:
            self.application_not_found(application_id)
        if not self.token_reaches(token, application_id):
            status = self.foreign_application_status()
            raise ApiError(
                status,
                "Forbidden" if status == 403 else "Unauthorized",
                f"the token does not reach application {application_id}",
            )
        return application_id

    def locate_integration(self, store: Store, token: Token, application_id: str, integration_id: str) -> Record:
        """The integration the path names: only ever inside the path's application."""
        self.open_application(store, token, application_id)
        record = store.integration(application_id, integration_id)
        if record is None:
            raise integration_not_found(integration_id)
        return record

    def token_in_application(self, token: Token, application_id: str) -> bool:
        """Whether DELETE /applications/{application_id}/tokens/{id} may delete `token`."""
        return token.application_id == application_id

    def error(self, status: int, type_: str, message: str) -> Response:
        return Response(status, {"type": type_, "message": message})

    def decorate(self, payload: object) -> object:
        """Last touch on every JSON body before it is sent."""
        return payload

    def latency(self) -> float:
        """Seconds to wait before answering."""
        return 0.0
