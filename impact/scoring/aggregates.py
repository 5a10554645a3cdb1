"""Aggregates of role measures by service, directorate or the whole collectivité, and the ladder.

Pure module (no Django). Input: the frame returned by ``impact.scoring.score_roles`` with a
roles table, i.e. one row per role with its measures, ``headcount`` and grouping columns.
Every mean is weighted by headcount: a role held by 30 agents counts 30 times.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from impact.scoring import DEPLOYABLE, EPSILON, FREED_HOURS, SHARE_MEASURES
from impact.scoring.ilo import CATEGORIES_2023, GRADIENTS_2025

WHOLE = "collectivité"
AVERAGED = (*SHARE_MEASURES, "sd", *DEPLOYABLE)
SUMMED = ("headcount", "fte", "hours", *FREED_HOURS)

_ELOUNDOU = (
    "Eloundou, Manning, Mishkin, Rock, « GPTs are GPTs », Science 384 (2024), arXiv:2303.10130"
)
_ILO_2025 = (
    "Gmyrek et al., Generative AI and Jobs: A Refined Global Index of Occupational Exposure, "
    "OIT, Working Paper 140 (2025), doi:10.54394/HETP0387"
)

# The ladder of "share of agents affected" (docs/methodology.md "Aggregates"): five definitions, from
# the widest to the narrowest, each with the published figure it can be compared with.
LADDER_RUNGS = [
    {
        "code": "one_task",
        "label": "Au moins une tâche exposée",
        "definition": "zeta > 0 : au moins une tâche du poste est de classe E1 ou E2",
        "reference": "95 % (étiquettes GPT-4) à 97,5 % (étiquettes humaines) des actifs américains",
        "source": f"Calcul sur les données de {_ELOUNDOU}",
    },
    {
        "code": "tenth_of_time",
        "label": "10 % du temps de travail ou plus",
        "definition": "beta ≥ 0,10",
        "reference": "environ 80 % des actifs américains",
        "source": _ELOUNDOU,
    },
    {
        "code": "exposed_occupation",
        "label": "Métier exposé",
        "definition": "gradient OIT 2025 de 1 à 4",
        "reference": "25 % de l'emploi mondial, 34 % dans les pays à revenu élevé",
        "source": _ILO_2025,
    },
    {
        "code": "half_of_time",
        "label": "La moitié du temps de travail ou plus",
        "definition": "beta ≥ 0,50",
        "reference": "environ 19 % des actifs américains",
        "source": _ELOUNDOU,
    },
    {
        "code": "highest_gradient",
        "label": "Gradient d'exposition le plus élevé",
        "definition": "gradient OIT 2025 = 4",
        "reference": "3,3 % de l'emploi mondial",
        "source": _ILO_2025,
    },
]
LADDER_CODES = tuple(rung["code"] for rung in LADDER_RUNGS)

# Other published figures shown beside the city's ladder; their definitions differ from every
# rung, which is why the ladder exists ("40 % to 95 %" depending on what is counted).
LADDER_CONTEXT = [
    {
        "label": "Emplois fortement exposés à l'IA (FMI)",
        "reference": "environ 40 % de l'emploi mondial, 60 % dans les économies avancées",
        "source": "Cazzaniga et al., Gen-AI: Artificial Intelligence and the Future of Work, "
        "FMI, Staff Discussion Note SDN/2024/001 (2024)",
    },
    {
        "label": "Emplois territoriaux français (INET, méthode OIT)",
        "reference": "environ 5 % des postes très concernés, 15 % concernés, 25 % "
        "marginalement, 55 % non concernés",
        "source": "Institut national des études territoriales (INET, CNFPT), étude sur l'IA "
        "générative et les métiers de la fonction publique territoriale (2024)",
    },
]


def ladder_indicators(zeta, beta, gradient) -> np.ndarray:
    """Whether each role reaches each rung of the ladder; boolean array of shape (..., 5).

    Rungs: zeta > 0; beta >= 0.10; ILO gradient 1-4; beta >= 0.50; gradient 4 (``gradient``
    is the index into ``impact.scoring.ilo.GRADIENTS_2025``). Float noise below 1e-9 is ignored.
    Works elementwise on arrays of any shape (roles, or draws x roles).
    """
    zeta, beta, gradient = np.asarray(zeta), np.asarray(beta), np.asarray(gradient)
    return np.stack(
        [
            zeta > EPSILON,
            beta >= 0.10 - EPSILON,
            gradient >= GRADIENTS_2025.index("gradient_1"),
            beta >= 0.50 - EPSILON,
            gradient == GRADIENTS_2025.index("gradient_4"),
        ],
        axis=-1,
    )


def group_keys(
    role_scores: pd.DataFrame, by: str | Sequence[str] | None
) -> tuple[pd.DataFrame, list[str]]:
    """The frame with its grouping columns; ``by=None`` adds a ``group`` column "collectivité"."""
    if "headcount" not in role_scores.columns:
        raise KeyError("Aggregates need a headcount column: score roles with a roles table.")
    if by is None:
        return role_scores.assign(group=WHOLE), ["group"]
    keys = [by] if isinstance(by, str) else list(by)
    missing = [key for key in keys if key not in role_scores.columns]
    if missing:
        raise KeyError(f"Unknown grouping column(s): {', '.join(missing)}.")
    return role_scores, keys


def _weighted_shares(frame: pd.DataFrame, keys: list[str], weighted: pd.DataFrame) -> pd.DataFrame:
    """Group sums of headcount-weighted columns divided by the group headcount (NaN if 0)."""
    groups = [frame[key] for key in keys]
    heads = frame["headcount"].astype(float).groupby(groups, sort=True, dropna=False).sum()
    sums = weighted.groupby(groups, sort=True, dropna=False).sum()
    return sums.div(heads.where(heads > 0), axis=0)


def aggregate(role_scores: pd.DataFrame, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Headcount-weighted means of role measures and shares of agents by ILO class, per group.

    One row per group of ``by`` (a column name, several, or None for the whole collectivité):
    n_roles; sums of headcount, fte, hours and freed hours; headcount-weighted means of alpha,
    beta, zeta, mean, sd, auto, aug, low, none and deployable beta; share_<gradient> and
    share_<category>: shares of agents (0-1) by ILO 2025 gradient and 2023 category.
    A group with no agents has empty (NaN) means. Source: docs/methodology.md "Aggregates".
    """
    frame, keys = group_keys(role_scores, by)
    heads = frame["headcount"].astype(float)
    weighted = frame[[c for c in AVERAGED if c in frame.columns]].mul(heads, axis=0)
    for code in GRADIENTS_2025:
        weighted[f"share_{code}"] = (frame["gradient_2025"] == code) * heads
    for code in CATEGORIES_2023:
        weighted[f"share_{code}"] = (frame["category_2023"] == code) * heads
    means = _weighted_shares(frame, keys, weighted)
    groups = [frame[key] for key in keys]
    summed = [c for c in SUMMED if c in frame.columns]
    totals = frame[summed].groupby(groups, sort=True, dropna=False).sum()
    totals.insert(0, "n_roles", frame.groupby(groups, sort=True, dropna=False).size())
    return totals.join(means)


def ladder(role_scores: pd.DataFrame, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """The ladder of shares of agents affected, per group, with the reference figures.

    One row per group and rung, in rung order: the grouping columns (``group`` when by=None),
    rung, label, definition, share (headcount-weighted share of agents, 0-1, NaN when the group
    has no agents), reference and source. Source: docs/methodology.md "Aggregates".
    """
    frame, keys = group_keys(role_scores, by)
    gradient = pd.Categorical(frame["gradient_2025"], categories=GRADIENTS_2025).codes
    reached = ladder_indicators(frame["zeta"], frame["beta"], gradient)
    heads = frame["headcount"].astype(float).to_numpy()
    weighted = pd.DataFrame(reached * heads[:, None], columns=LADDER_CODES, index=frame.index)
    shares = _weighted_shares(frame, keys, weighted)
    long = shares.reset_index().melt(id_vars=keys, var_name="rung", value_name="share")
    long["_order"] = long["rung"].map(LADDER_CODES.index)
    long = long.sort_values([*keys, "_order"], kind="stable").reset_index(drop=True)
    info = pd.DataFrame(LADDER_RUNGS).rename(columns={"code": "rung"})
    long = long.merge(info, on="rung", how="left")
    return long[[*keys, "rung", "label", "definition", "share", "reference", "source"]]
