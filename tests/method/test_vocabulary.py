"""One vocabulary: the questionnaire's choices, the task types and the forms say what the method says."""

from impact.scores import forms, labels
from impact.scoring import vocabulary
from surveys import task_types
from surveys.models import DataClass, ExposureClass, IntensityStep


def test_the_questionnaire_offers_the_method_exposure_classes():
    assert tuple(ExposureClass.values) == vocabulary.EXPOSURE_CLASSES


def test_the_questionnaire_offers_the_method_data_classes():
    assert tuple(DataClass.values) == vocabulary.DATA_CLASSES


def test_the_questionnaire_intensity_steps_are_the_midpoints_of_ten_steps_of_ten_percent():
    midpoints = ("0.05", "0.15", "0.25", "0.35", "0.45", "0.55", "0.65", "0.75", "0.85", "0.95")
    assert tuple(IntensityStep.values) == task_types.INTENSITY_STEPS == midpoints


def test_task_types_check_entries_against_the_same_codes():
    assert task_types.EXPOSURE_CLASSES == vocabulary.EXPOSURE_CLASSES
    assert task_types.DATA_CLASSES == vocabulary.DATA_CLASSES


def test_the_parameter_form_has_one_field_per_data_class_and_scenario():
    form = forms.MethodSettingsForm(instance=None)
    expected = {f"c_{d}_{k}" for d in vocabulary.DATA_CLASSES for k in vocabulary.SCENARIOS}
    assert expected <= set(form.fields)


def test_every_gradient_and_category_has_a_label():
    assert set(labels.GRADIENT_2025) == set(vocabulary.GRADIENTS_2025)
    assert set(labels.CATEGORY_2023) == set(vocabulary.CATEGORIES_2023)
    assert set(labels.SCENARIOS) == set(vocabulary.SCENARIOS)
    assert set(labels.data_class_labels()) == set(vocabulary.DATA_CLASSES)


def test_the_category_labels_are_the_ones_pages_and_documents_print():
    assert str(labels.CATEGORY_2023["augmentation"]) == "Potentiel d'assistance"
