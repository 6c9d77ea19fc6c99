"""Hypothesis strategies built from the contract schemas (see ARCHITECTURE.md).

Everything a strategy names starts with the run prefix it is given, so the run can find
and delete what it created.
"""

from .bodies import patch_bodies, post_bodies
from .invalid import (
    INVALID_BODY,
    INVALID_PATCH_LABELS,
    INVALID_POST_LABELS,
    WRONG_CONTENT_TYPE,
    InvalidRequest,
    invalid_patch_bodies,
    invalid_post_bodies,
)
from .names import (
    METACHARACTERS,
    awkward_names,
    corpus_names,
    filters_for,
    integration_type_filters,
)
from .queries import INVALID_QUERY_LABELS, invalid_list_queries, list_queries

__all__ = [
    "INVALID_BODY",
    "INVALID_PATCH_LABELS",
    "INVALID_POST_LABELS",
    "INVALID_QUERY_LABELS",
    "METACHARACTERS",
    "WRONG_CONTENT_TYPE",
    "InvalidRequest",
    "awkward_names",
    "corpus_names",
    "filters_for",
    "integration_type_filters",
    "invalid_list_queries",
    "invalid_patch_bodies",
    "invalid_post_bodies",
    "list_queries",
    "patch_bodies",
    "post_bodies",
]
