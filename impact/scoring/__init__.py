"""The exposure scoring method, pure: no Django, no ORM, no import of any app.

``impact.scoring`` is the engine's public interface (``engine.py``); the other modules hold
the vocabulary, the aggregates, the uncertainty model, the ILO reference and the small-group
folding rules. ``tests/method/test_purity.py`` imports the package with Django absent, and an
import-linter contract forbids it any import of Django or of the apps.
"""

from impact.scoring.engine import (
    BAND_LOWER_EDGES,
    BAND_WIDTH,
    BETA_WEIGHTS,
    DEFAULT_CONFIDENTIALITY,
    DEFAULT_CONFUSION,
    DEFAULT_FALLBACK_WEIGHTS,
    DEFAULT_INTENSITY,
    DEFAULT_PARAMETERS,
    DEPLOYABLE,
    EPSILON,
    FREED_HOURS,
    INTENSITY_BANDS,
    METHOD_VERSION,
    SHARE_MEASURES,
    InputProblem,
    MethodParameters,
    ScoringInputError,
    prepare_roles,
    prepare_tasks,
    receipt,
    role_measures,
    score_roles,
    task_split,
    weighted_sd,
)
from impact.scoring.vocabulary import (
    CATEGORIES_2023,
    DATA_CLASSES,
    EXPOSURE_CLASSES,
    GRADIENTS_2025,
    SCENARIOS,
    TASK_TYPES,
)

__all__ = [
    "BAND_LOWER_EDGES",
    "BAND_WIDTH",
    "BETA_WEIGHTS",
    "CATEGORIES_2023",
    "DATA_CLASSES",
    "DEFAULT_CONFIDENTIALITY",
    "DEFAULT_CONFUSION",
    "DEFAULT_FALLBACK_WEIGHTS",
    "DEFAULT_INTENSITY",
    "DEFAULT_PARAMETERS",
    "DEPLOYABLE",
    "EPSILON",
    "EXPOSURE_CLASSES",
    "FREED_HOURS",
    "GRADIENTS_2025",
    "INTENSITY_BANDS",
    "METHOD_VERSION",
    "SCENARIOS",
    "SHARE_MEASURES",
    "TASK_TYPES",
    "InputProblem",
    "MethodParameters",
    "ScoringInputError",
    "prepare_roles",
    "prepare_tasks",
    "receipt",
    "role_measures",
    "score_roles",
    "task_split",
    "weighted_sd",
]
