"""Hypothesis strategies built from the contract schemas (see ARCHITECTURE.md).

Everything a strategy names starts with the run prefix it is given, so the run can find
and delete what it created.
"""

from .bodies import patch_bodies, post_bodies
from .faults import (
    BODY_FAULT,
    CONTENT_TYPE_FAULT,
    INVALID_PATCH_LABELS,
    INVALID_POST_LABELS,
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
    "BODY_FAULT",
    "CONTENT_TYPE_FAULT",
    "INVALID_PATCH_LABELS",
    "INVALID_POST_LABELS",
    "INVALID_QUERY_LABELS",
    "METACHARACTERS",
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
