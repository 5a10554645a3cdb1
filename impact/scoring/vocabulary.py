"""The codes of the method's vocabulary: the one source that every other module reads.

Pure module. The labels shown to people are translated on the Django side
(``impact.scores.labels``, ``surveys.models`` choices); a test ties those choices to these
codes (``tests/method/test_vocabulary.py``).
"""

from __future__ import annotations

# Exposure classes of a task (Eloundou et al.): E0 not exposed, E1 directly exposed, E2
# exposed with additional software built on the model.
EXPOSURE_CLASSES = ("E0", "E1", "E2")
# Data classes of what a task handles: D0 public ... D4 protected secret.
DATA_CLASSES = ("D0", "D1", "D2", "D3", "D4")
# Tooling scenarios: k1 public tools, k2 tools under contract, k3 tools run by the city.
SCENARIOS = ("k1", "k2", "k3")
# Task types of O*NET: a role's core and supplemental tasks.
TASK_TYPES = ("core", "supplemental")
# ILO 2025 gradients and ILO 2023 categories of an occupation (Gmyrek et al.).
GRADIENTS_2025 = (
    "not_exposed",
    "minimal",
    "gradient_1",
    "gradient_2",
    "gradient_3",
    "gradient_4",
)
CATEGORIES_2023 = ("not_affected", "augmentation", "big_unknown", "automation")
