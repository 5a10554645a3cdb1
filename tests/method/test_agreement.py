"""Agreement between heads and agents (docs/methodology.md section 26). Pure: no database."""

import dataclasses
import itertools
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from impact.scoring import score_roles
from impact.scoring.agreement import (
    BETA_DIFFERENCE_THRESHOLD,
    CLASS_AGREEMENT_THRESHOLD,
    MINIMUM_RESPONDENTS,
    NOT_DONE_SHARE_THRESHOLD,
    POSTERIOR_MINIMUM_TASKS,
    AddedTask,
    AgentResponse,
    HeadTask,
    TaskAnswer,
    campaign_agreement,
    cohen_kappa,
    intraclass_correlation,
    kappa_from_table,
    mean_absolute_difference,
    modal_answer,
    modal_intensity,
    own_posterior,
    role_agreement,
)
from impact.scoring.reliability import f_quantile
from impact.scoring.uncertainty import posterior_from_double_ratings

CLASSES = ("E0", "E1", "E2")
Z = 1.959963984540054

# Head (rows) x agents (columns), 100 tasks:
#          E0  E1  E2 | p_i.
#   E0     30   6   4 | 0.40
#   E1      4  24   2 | 0.30
#   E2      6  10  14 | 0.30
#   p_.j  0.40 0.40 0.20
TABLE = [[30, 6, 4], [4, 24, 2], [6, 10, 14]]


def pairs_of(table):
    return [
        (CLASSES[i], CLASSES[j]) for i in range(3) for j in range(3) for _ in range(table[i][j])
    ]


def test_kappa_on_a_hand_computed_table():
    # p_o = 0.30 + 0.24 + 0.14 = 0.68; p_e = 0.4 x 0.4 + 0.3 x 0.4 + 0.3 x 0.2 = 0.34;
    # kappa = (0.68 - 0.34) / 0.66 = 17/33 = 0.515151...; 1 - kappa = 16/33.
    # Fleiss, Cohen and Everitt (1969):
    # A = sum p_ii (1 - (p_i. + p_.i)(1 - kappa))^2
    #   = 0.30 (1 - 0.8 x 16/33)^2 + 0.24 (1 - 0.7 x 16/33)^2 + 0.14 (1 - 0.5 x 16/33)^2
    #   = (0.30 x 20.2^2 + 0.24 x 21.8^2 + 0.14 x 25^2) / 33^2 = 323.9696 / 1089
    # B = (1 - kappa)^2 sum_(i != j) p_ij (p_.i + p_j.)^2
    #   = (16/33)^2 (0.06 x 0.7^2 + 0.04 x 0.7^2 + 0.04 x 0.8^2 + 0.02 x 0.7^2
    #                + 0.06 x 0.6^2 + 0.10 x 0.5^2) = 256 x 0.131 / 1089 = 33.536 / 1089
    # C = (kappa - p_e (1 - kappa))^2 = ((17 - 0.34 x 16) / 33)^2 = 11.56^2 / 1089 = 133.6336 / 1089
    # SE^2 = (A + B - C) / (n (1 - p_e)^2) = (223.872 / 1089) / (100 x 0.4356) = 0.00471937...
    # SE = 0.0686977, interval 17/33 -/+ 1.95996 SE = 0.380507 to 0.649796.
    kappa = cohen_kappa(pairs_of(TABLE))
    assert kappa.n == 100
    assert kappa.observed == pytest.approx(0.68, abs=1e-9)
    assert kappa.expected == pytest.approx(0.34, abs=1e-9)
    assert kappa.kappa == pytest.approx(17 / 33, abs=1e-9)
    standard_error = math.sqrt(223.872 / 1089 / 43.56)
    assert kappa.standard_error == pytest.approx(standard_error, abs=1e-9)
    assert standard_error == pytest.approx(0.0686977, abs=1e-7)
    assert kappa.ci_low == pytest.approx(17 / 33 - Z * standard_error, abs=1e-9)
    assert kappa.ci_high == pytest.approx(17 / 33 + Z * standard_error, abs=1e-9)
    assert not kappa.wide
    assert kappa_from_table(TABLE) == kappa


def test_linear_weighted_kappa_on_the_hand_computed_table():
    # Weights 1 on the diagonal, 0.5 one class apart, 0 two apart. p_o = 0.68 + 0.5 x (0.06 +
    # 0.04 + 0.02 + 0.10) = 0.79; p_e = 0.34 + 0.5 x (0.4 x 0.4 + 0.3 x 0.4 + 0.3 x 0.2 + 0.3 x
    # 0.4) = 0.57; kappa_w = 0.22 / 0.43 = 22/43.
    weighted = cohen_kappa(pairs_of(TABLE), weights="linear")
    assert (weighted.observed, weighted.expected) == pytest.approx((0.79, 0.57), abs=1e-9)
    assert weighted.kappa == pytest.approx(22 / 43, abs=1e-9)
    assert weighted.weights == "linear"


def independent_kappa(pairs, weighted: bool):
    """Kappa and its FCE (1969) standard error, in exact fractions, cell by cell."""
    n = len(pairs)
    cells = list(itertools.product(range(3), repeat=2))
    p = {(i, j): Fraction(pairs.count((CLASSES[i], CLASSES[j])), n) for i, j in cells}
    row = [sum(p[i, j] for j in range(3)) for i in range(3)]
    col = [sum(p[i, j] for i in range(3)) for j in range(3)]
    w = {c: 1 - Fraction(abs(c[0] - c[1]), 2) if weighted else Fraction(c[0] == c[1]) for c in p}
    po = sum(w[c] * p[c] for c in p)
    pe = sum(w[i, j] * row[i] * col[j] for i, j in p)
    kappa = (po - pe) / (1 - pe)
    if not weighted:  # their unweighted form, A + B - C
        a = sum(p[i, i] * (1 - (row[i] + col[i]) * (1 - kappa)) ** 2 for i in range(3))
        b = (1 - kappa) ** 2 * sum(p[i, j] * (col[i] + row[j]) ** 2 for i, j in p if i != j)
        spread = a + b - (kappa - pe * (1 - kappa)) ** 2
    else:
        wi = [sum(col[j] * w[i, j] for j in range(3)) for i in range(3)]
        wj = [sum(row[i] * w[i, j] for i in range(3)) for j in range(3)]
        spread = sum(p[i, j] * (w[i, j] - (wi[i] + wj[j]) * (1 - kappa)) ** 2 for i, j in p)
        spread -= (kappa - pe * (1 - kappa)) ** 2
    return float(kappa), math.sqrt(spread / (n * (1 - pe) ** 2))


@pytest.mark.parametrize("seed", range(6))
def test_kappa_matches_an_independent_exact_computation(seed):
    rng = np.random.default_rng(seed)
    heads = rng.choice(CLASSES, 80, p=[0.5, 0.3, 0.2])
    agents = np.where(rng.random(80) < 0.6, heads, rng.choice(CLASSES, 80))
    pairs = list(zip(heads.tolist(), agents.tolist(), strict=True))
    for weights in ("none", "linear"):
        kappa, standard_error = independent_kappa(pairs, weights == "linear")
        result = cohen_kappa(pairs, weights=weights)
        assert result.kappa == pytest.approx(kappa, abs=1e-12)
        assert result.standard_error == pytest.approx(standard_error, abs=1e-12)


def test_kappa_standard_error_is_the_spread_of_kappa_over_samples():
    # 20,000 samples of 400 tasks drawn from the hand-computed table's cell probabilities.
    probabilities = np.array(TABLE, dtype=float).ravel() / 100
    counts = np.random.default_rng(7).multinomial(400, probabilities, size=20_000)
    p = counts.reshape(-1, 3, 3) / 400
    observed = np.trace(p, axis1=1, axis2=2)
    expected = (p.sum(axis=2) * p.sum(axis=1)).sum(axis=1)
    spread = ((observed - expected) / (1 - expected)).std()
    predicted = kappa_from_table(np.array(TABLE) * 4).standard_error
    assert spread == pytest.approx(predicted, rel=0.05)


def test_perfect_agreement_gives_kappa_one_with_no_error():
    kappa = cohen_kappa([("E0", "E0"), ("E1", "E1"), ("E2", "E2")] * 20)
    assert (kappa.kappa, kappa.standard_error, kappa.ci_low, kappa.ci_high) == (1, 0, 1, 1)


def test_kappa_is_undefined_when_both_raters_always_give_one_class():
    kappa = cohen_kappa([("E1", "E1")] * 40)
    assert kappa.kappa is None and kappa.standard_error is None and kappa.ci_low is None
    assert (kappa.observed, kappa.expected, kappa.n) == (1.0, 1.0, 40)


def test_kappa_of_no_pairs_is_undefined():
    kappa = cohen_kappa([])
    assert (kappa.kappa, kappa.observed, kappa.expected, kappa.n) == (None, None, None, 0)


def test_kappa_below_thirty_pairs_is_computed_but_flagged_wide():
    small = cohen_kappa(pairs_of([[3, 1, 0], [1, 2, 1], [0, 1, 2]]))
    assert small.n == 11 and small.wide and small.kappa is not None
    assert -1 <= small.ci_low < small.kappa < small.ci_high <= 1
    assert not cohen_kappa(pairs_of(TABLE)[:30]).wide


def test_kappa_interval_is_clipped_to_minus_one_and_one():
    opposite = cohen_kappa([("E0", "E2"), ("E2", "E0"), ("E0", "E0")])
    assert opposite.ci_low == -1.0


def test_kappa_refuses_unknown_classes_and_weights():
    with pytest.raises(ValueError, match="not both in"):
        cohen_kappa([("E0", "E3")])
    with pytest.raises(ValueError, match="weights"):
        cohen_kappa([("E0", "E0")], weights="quadratic")


def test_icc_on_a_hand_computed_two_rater_example():
    # Three roles' beta, by the head (a) and the agents (b). Grand mean 2.7 / 6 = 0.45.
    a, b = [0.2, 0.4, 0.6], [0.3, 0.4, 0.8]
    # Row means 0.25, 0.40, 0.70; column means 0.40, 0.50.
    # MSR = 2 ((-0.20)^2 + (-0.05)^2 + 0.25^2) / 2 = 0.105
    # MSC = 3 ((-0.05)^2 + 0.05^2) / 1 = 0.015
    # SST = 0.0625 + 0.0025 + 0.0225 + 0.0225 + 0.0025 + 0.1225 = 0.235
    # MSE = (0.235 - 0.21 - 0.015) / ((3 - 1)(2 - 1)) = 0.005
    # ICC = (0.105 - 0.005) / (0.105 + 0.005 + 2 (0.015 - 0.005) / 3) = 0.1 / (0.35 / 3) = 6/7
    icc = intraclass_correlation(a, b)
    assert (icc.ms_rows, icc.ms_columns, icc.ms_error) == pytest.approx((0.105, 0.015, 0.005))
    assert icc.icc == pytest.approx(6 / 7, abs=1e-12)
    assert icc.n == 3
    # a = 2 (6/7) / (3 / 7) = 4; b = 1 + 2 (6/7) 2 / (3/7) = 9;
    # v = (4 x 0.015 + 9 x 0.005)^2 / ((4 x 0.015)^2 + (9 x 0.005)^2 / 2) = 98/41.
    # F(2, v) has a closed form: F_q(2, v) = v/2 ((1 - q)^(-2/v) - 1); F_0.975(v, 2) = 1 /
    # F_0.025(2, v). kn - k - n = 1, so k MSC + MSE = 0.035 and n MSR = 0.315.
    v = 98 / 41
    f_low = v / 2 * (0.025 ** (-2 / v) - 1)
    f_high = 1 / (v / 2 * (0.975 ** (-2 / v) - 1))
    low = 3 * (0.105 - f_low * 0.005) / (f_low * 0.035 + 0.315)
    high = 3 * (f_high * 0.105 - 0.005) / (0.035 + 0.315 * f_high)
    assert (icc.ci_low, icc.ci_high) == pytest.approx((low, high), abs=1e-9)
    assert (round(low, 4), round(high, 4)) == (-0.0502, 0.9959)
    assert intraclass_correlation(b, a).icc == pytest.approx(icc.icc, abs=1e-12)


def test_icc_measures_absolute_agreement_so_an_offset_lowers_it():
    a = [0.1, 0.3, 0.5, 0.7]
    same = intraclass_correlation(a, a)
    assert (same.icc, same.ci_low, same.ci_high) == (1.0, 1.0, 1.0)
    shifted = intraclass_correlation(a, [x + 0.2 for x in a])
    # Row means 0.2, 0.4, 0.6, 0.8 around 0.5: MSR = 2 x 0.2 / 3 = 2/15; column means 0.4 and
    # 0.6: MSC = 4 x 0.02 = 0.08; MSE = 0. ICC = (2/15) / (2/15 + 2 x 0.08 / 4) = 10/13, not 1.
    assert shifted.icc == pytest.approx(10 / 13, abs=1e-12)


def test_icc_is_none_for_fewer_than_two_subjects_or_no_variance():
    assert intraclass_correlation([0.3], [0.4]) is None
    assert intraclass_correlation([0.3, 0.3], [0.3, 0.3]) is None
    with pytest.raises(ValueError, match="same length"):
        intraclass_correlation([0.1, 0.2], [0.1])


@pytest.mark.parametrize("v", [0.7, 2.390243902439, 5.0, 47.3])
def test_f_quantile_matches_the_closed_forms(v):
    for q in (0.025, 0.5, 0.975):
        closed = v / 2 * ((1 - q) ** (-2 / v) - 1)  # F(2, v)
        assert f_quantile(q, 2, v) == pytest.approx(closed, rel=1e-11)
        assert f_quantile(q, v, 2) == pytest.approx(1 / f_quantile(1 - q, 2, v), rel=1e-11)
    assert f_quantile(0.975, 1, 1) == pytest.approx(math.tan(0.975 * math.pi / 2) ** 2, rel=1e-11)
    # Printed tables: F_0.975(5, 10) = 4.2361, F_0.95(3, 20) = 3.0984.
    assert f_quantile(0.975, 5, 10) == pytest.approx(4.2361, abs=5e-5)
    assert f_quantile(0.95, 3, 20) == pytest.approx(3.0984, abs=5e-5)


def test_mean_absolute_difference():
    # (|0.2 - 0.3| + |0.4 - 0.4| + |0.6 - 0.8|) / 3 = 0.1
    assert mean_absolute_difference([0.2, 0.4, 0.6], [0.3, 0.4, 0.8]) == pytest.approx(0.1)
    assert mean_absolute_difference([], []) is None


def test_modal_answer_takes_the_most_frequent_and_ignores_missing_answers():
    assert modal_answer(["E2", "E1", "E2", None], CLASSES) == "E2"
    assert modal_answer([None, None], CLASSES) is None
    assert modal_answer([], CLASSES) is None
    with pytest.raises(ValueError, match="not one of"):
        modal_answer(["E3"], CLASSES)


def test_modal_answer_tie_goes_to_the_answer_nearest_the_median():
    # Positions 0 0 1 1 2 2: median 1, so the middle class of a three-way tie.
    assert modal_answer(["E0", "E0", "E1", "E1", "E2", "E2"], CLASSES) == "E1"
    # E1 and E2 tied, with an E0: positions 0 1 1 2 2, median 1.
    assert modal_answer(["E2", "E1", "E0", "E2", "E1"], CLASSES) == "E1"
    # Steps: 0.05 x 2, 0.85 x 2, 0.95: positions 0 0 8 8 9, median 8, so 0.85, not the lower.
    assert modal_intensity([0.05, 0.85, 0.95, 0.05, 0.85]) == 0.85


def test_modal_answer_tie_at_equal_distance_goes_to_the_lower():
    # Positions 0 0 2 2: median 1, E0 and E2 both one away.
    for answers in itertools.permutations(["E0", "E0", "E2", "E2"]):
        assert modal_answer(answers, CLASSES) == "E0"
    assert modal_intensity([0.25, 0.45]) == 0.25


def test_modal_intensity_counts_each_value_in_its_ten_percent_step():
    assert modal_intensity([0.31, 0.35, 0.3, 0.45]) == 0.35  # 0.3 is in 0.3-0.4
    assert modal_intensity([1.0, 0.95, 0.5]) == 0.95
    assert modal_intensity([None, float("nan")]) is None
    with pytest.raises(ValueError, match="between 0 and 1"):
        modal_intensity([1.2])


# A role of three tasks, by its head: 50 % letters E1 0.65, 30 % desk E0 0.15, 20 % files E2
# 0.35. beta = 0.5 + 0.2 x 0.5 = 0.60; mu = 0.325 + 0.045 + 0.07 = 0.44.
HEAD = [
    HeadTask("letters", "E1", 0.65, 50),
    HeadTask("desk", "E0", 0.15, 30),
    HeadTask("files", "E2", 0.35, 20),
]


def agent(added=(), **answers):
    """An agent's response: task=(does, exposure, intensity, time share)."""
    return AgentResponse({t: TaskAnswer(*a) for t, a in answers.items()}, tuple(added))


def like_the_head(**changes):
    answers = {t.task: ("yes", t.exposure, t.intensity, t.time_share) for t in HEAD}
    return agent(**(answers | changes))


def test_role_with_fewer_than_three_respondents_is_not_computed():
    assert MINIMUM_RESPONDENTS == 3
    assert role_agreement(HEAD, [like_the_head(), like_the_head()]) is None
    # Not computed at all: even answers the function would refuse are not looked at.
    assert role_agreement(HEAD, [agent(unknown=("yes", "E1", 0.5, 10))]) is None
    two = role_agreement(HEAD, [like_the_head(), like_the_head()], minimum_respondents=2)
    assert two.respondents == 2


def test_role_where_agents_describe_it_as_the_head_is_not_to_discuss():
    result = role_agreement(HEAD, [like_the_head()] * 4)
    assert (result.respondents, result.scored_respondents) == (4, 4)
    assert (result.head_beta, result.head_mean) == pytest.approx((0.60, 0.44))
    assert (result.agents_beta, result.agents_mean) == pytest.approx((0.60, 0.44))
    assert (result.beta_difference, result.mean_difference) == pytest.approx((0, 0))
    assert result.class_agreement == 1.0 and result.intensity_mad == pytest.approx(0)
    assert [t.agents_exposure for t in result.tasks] == ["E1", "E0", "E2"]
    assert [t.head_share for t in result.tasks] == pytest.approx([0.5, 0.3, 0.2])
    assert result.tasks_not_done == () and result.added_tasks == 0
    assert not result.to_discuss and result.reasons == ()


def test_role_figures_are_the_engines():
    table = pd.DataFrame(
        {
            "role": ["r"] * 3,
            "task": [t.task for t in HEAD],
            "exposure": [t.exposure for t in HEAD],
            "intensity": [t.intensity for t in HEAD],
            "time_share": [t.time_share for t in HEAD],
        }
    )
    scores = score_roles(table).loc["r"]
    result = role_agreement(HEAD, [like_the_head()] * 3)
    assert (result.head_beta, result.head_mean) == (scores["beta"], scores["mean"])


def test_role_beta_difference_above_015_is_to_discuss():
    assert BETA_DIFFERENCE_THRESHOLD == 0.15

    # Agents put letters at 30 %, 40 % and 50 % (desk the rest, files as the head): beta =
    # 0.3 + 0.1, 0.4 + 0.1, 0.5 + 0.1; mean 0.5, |0.60 - 0.50| = 0.10: not flagged.
    def at(share):
        return like_the_head(
            letters=("yes", "E1", 0.65, share), desk=("yes", "E0", 0.15, 80 - share)
        )

    close = role_agreement(HEAD, [at(30), at(40), at(50)])
    assert close.agents_beta == pytest.approx(0.50) and not close.to_discuss
    # Exactly 0.15 (0.45, computed in floats) is not above the threshold.
    edge = role_agreement(HEAD, [at(35)] * 3)
    assert edge.beta_difference == pytest.approx(0.15) and not edge.to_discuss
    # 0.20 is: letters at 20 %, 30 %, 40 % give beta 0.3, 0.4, 0.5, mean 0.4.
    far = role_agreement(HEAD, [at(20), at(30), at(40)])
    assert far.beta_difference == pytest.approx(0.20)
    assert far.to_discuss and far.reasons == ("beta_difference",)
    assert not role_agreement(HEAD, [at(20), at(30), at(40)], beta_threshold=0.25).to_discuss


def test_role_class_agreement_below_60_percent_is_to_discuss():
    assert CLASS_AGREEMENT_THRESHOLD == 0.60
    # Five tasks of 20 %; swapping an E1 and an E2 leaves beta unchanged (0.6 both sides).
    head = [HeadTask(f"t{i}", e, 0.45, 20) for i, e in enumerate(["E1", "E2", "E0", "E2", "E1"])]

    def saying(*classes):
        return agent(**{f"t{i}": ("yes", e, 0.45, 20) for i, e in enumerate(classes)})

    three_of_five = role_agreement(head, [saying("E2", "E1", "E0", "E2", "E1")] * 3)
    assert three_of_five.class_agreement == pytest.approx(0.6)
    assert three_of_five.beta_difference == pytest.approx(0) and not three_of_five.to_discuss
    one_of_five = role_agreement(head, [saying("E2", "E1", "E2", "E0", "E1")] * 3)
    assert one_of_five.class_agreement == pytest.approx(0.2)
    assert one_of_five.beta_difference == pytest.approx(0)
    assert one_of_five.to_discuss and one_of_five.reasons == ("class_agreement",)
    # kappa on the five (head, modal) pairs: p_o = 0.2, p_e = 0.4 x 0.4 + 0.4 x 0.4 + 0.2 x 0.2.
    assert one_of_five.kappa.kappa == pytest.approx((0.2 - 0.36) / 0.64)
    assert one_of_five.kappa.wide


def test_role_task_of_20_percent_not_done_by_a_majority_is_to_discuss():
    assert NOT_DONE_SHARE_THRESHOLD == 0.20
    # Files (20 % of the head's time, E2) not done: the agent's time goes to letters, 70 %,
    # beta 0.70, within 0.15 of the head's 0.60.
    skipping = like_the_head(letters=("yes", "E1", 0.65, 70), files=("no",))
    result = role_agreement(HEAD, [skipping, skipping, like_the_head()])
    assert result.tasks_not_done == ("files",)
    files = result.tasks[2]
    assert (files.not_done, files.does_answered, files.rated) == (2, 3, 1)
    assert files.agents_exposure == "E2"  # the one agent who does it
    assert result.beta_difference == pytest.approx((0.7 + 0.7 + 0.6) / 3 - 0.6)
    assert result.to_discuss and result.reasons == ("task_not_done",)
    # One "no" out of three is no majority; nor is one "no", one "yes" and one unanswered.
    assert role_agreement(HEAD, [skipping, like_the_head(), like_the_head()]).reasons == ()
    unanswered = like_the_head(files=(None, "E2", 0.35, 20))
    assert not role_agreement(HEAD, [skipping, like_the_head(), unanswered]).tasks_not_done
    # A task of less than 20 % of the head's time not done by a majority is listed, not flagged.
    head = [
        dataclasses.replace(HEAD[1], time_share=31),
        dataclasses.replace(HEAD[2], time_share=19),
    ]
    small = role_agreement([HEAD[0], *head], [skipping, skipping, like_the_head()])
    assert small.tasks_not_done == ("files",) and not small.to_discuss


def test_role_added_tasks_are_counted_and_enter_the_agents_own_beta():
    # An agent adds a 20 % E1 task and cuts the desk to 10 %: beta 0.5 + 0.2 + 0.1 = 0.8.
    adding = like_the_head(desk=("yes", "E0", 0.15, 10))
    adding = dataclasses.replace(adding, added=(AddedTask("E1", 0.55, 20),))
    result = role_agreement(HEAD, [adding, like_the_head(), like_the_head()])
    assert result.added_tasks == 1
    assert result.agents_beta == pytest.approx((0.8 + 0.6 + 0.6) / 3)
    # mu of that agent: 0.325 + 0.015 + 0.07 + 0.11 = 0.52.
    assert result.agents_mean == pytest.approx((0.52 + 0.44 + 0.44) / 3)


def test_role_leaves_an_incomplete_respondent_out_of_the_figures_only():
    partial = like_the_head(letters=("yes", "E2", 0.65, None))  # no time share for letters
    result = role_agreement(HEAD, [partial, partial, like_the_head()])
    assert (result.respondents, result.scored_respondents) == (3, 1)
    assert result.agents_beta == pytest.approx(0.60)
    assert result.tasks[0].agents_exposure == "E2"  # the partial answers still count here
    nobody = role_agreement(HEAD, [agent(letters=("yes",))] * 3)
    assert nobody.agents_beta is None and nobody.beta_difference is None
    assert nobody.class_agreement is None and not nobody.to_discuss


def test_role_refuses_answers_it_cannot_read():
    with pytest.raises(ValueError, match="did not list"):
        role_agreement(HEAD, [agent(unknown=("yes", "E1", 0.5, 10))] * 3)
    with pytest.raises(ValueError, match="does"):
        role_agreement(HEAD, [agent(letters=("maybe",))] * 3)
    with pytest.raises(ValueError, match="exposure"):
        role_agreement(HEAD, [agent(letters=("yes", "E4", 0.5, 10))] * 3)


def test_campaign_pools_the_task_pairs_of_roles_with_enough_respondents():
    skipping = like_the_head(letters=("yes", "E1", 0.65, 70), files=("no",))
    wrong = like_the_head(desk=("yes", "E1", 0.15, 30))
    roles = [
        role_agreement(HEAD, [like_the_head()] * 3),  # 3 pairs, all agreeing
        role_agreement(HEAD, [wrong] * 3),  # desk: head E0, agents E1
        role_agreement(HEAD, [skipping] * 3),  # files not rated: 2 pairs
        role_agreement(HEAD, [wrong] * 2),  # None: too few respondents
        role_agreement(HEAD, [wrong] * 2, minimum_respondents=2),  # left out by the campaign
    ]
    campaign = campaign_agreement(roles)
    assert (campaign.roles, campaign.tasks, campaign.double_rated_tasks) == (3, 9, 8)
    assert campaign.roles_to_discuss == 2  # wrong: beta 0.9; skipping: files not done
    assert campaign.joint == ((2, 1, 0), (0, 3, 0), (0, 0, 2))
    pairs = [("E0", "E0")] * 2 + [("E0", "E1")] + [("E1", "E1")] * 3 + [("E2", "E2")] * 2
    assert campaign.kappa == cohen_kappa(pairs)
    assert campaign.weighted_kappa == cohen_kappa(pairs, weights="linear")
    # Role beta, head against agents: (0.6, 0.6), (0.6, 0.9), (0.6, 0.7).
    assert [r.agents_beta for r in roles[:3]] == pytest.approx([0.6, 0.9, 0.7])
    assert campaign.beta_mad == pytest.approx((0 + 0.3 + 0.1) / 3)
    heads, agents = [r.head_beta for r in roles[:3]], [r.agents_beta for r in roles[:3]]
    assert campaign.beta_icc == intraclass_correlation(heads, agents)
    means = [r.head_mean for r in roles[:3]], [r.agents_mean for r in roles[:3]]
    assert campaign.mean_icc == intraclass_correlation(*means)
    assert campaign.mean_mad == mean_absolute_difference(*means)
    assert not campaign.reaches_posterior_minimum and own_posterior(campaign) is None


def test_campaign_uses_its_own_posterior_from_300_double_rated_tasks():
    assert POSTERIOR_MINIMUM_TASKS == 300
    full = role_agreement(HEAD, [like_the_head()] * 3)  # 3 double-rated tasks
    short = role_agreement(HEAD, [like_the_head(files=("no",))] * 3)  # 2: files not rated
    below = campaign_agreement([full] * 99 + [short])
    assert below.double_rated_tasks == 299 and not below.reaches_posterior_minimum
    assert own_posterior(below) is None
    reached = campaign_agreement([full] * 100)
    assert reached.double_rated_tasks == 300 and reached.reaches_posterior_minimum
    assert own_posterior(reached) == posterior_from_double_ratings(reached.joint)
    # A class nobody gives leaves its row of q undefined: the default q stays.
    e1_only = [HeadTask(t.task, "E1", t.intensity, t.time_share) for t in HEAD]
    answers = agent(**{t.task: ("yes", "E1", t.intensity, t.time_share) for t in HEAD})
    uniform = campaign_agreement([role_agreement(e1_only, [answers] * 3)] * 100)
    assert uniform.reaches_posterior_minimum and own_posterior(uniform) is None
