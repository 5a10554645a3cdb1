# Method 2.0: the intensity answer moves from four bands to ten steps of 10 %, each stored as
# its midpoint. A stored band midpoint moves to the step that contains it (0.125 lies in
# 10-20 %, 0.375 in 30-40 %...); the reverse maps those steps back to the bands. Other steps
# have no band: the reverse leaves them as they are (the old choices then reject them in forms).

from django.db import migrations, models

BANDS_TO_STEPS = {"0.125": "0.15", "0.375": "0.35", "0.625": "0.65", "0.875": "0.85"}
STEPS_TO_BANDS = {step: band for band, step in BANDS_TO_STEPS.items()}


def remap_intensities(tasks, mapping: dict[str, str]) -> int:
    """Rewrite each task's stored intensity through ``mapping``; return the rows changed."""
    changed = 0
    for old, new in mapping.items():
        changed += tasks.filter(intensity=old).update(intensity=new)
    return changed


def bands_to_steps(apps, schema_editor):
    remap_intensities(apps.get_model("surveys", "InventoryTask").objects, BANDS_TO_STEPS)


def steps_to_bands(apps, schema_editor):
    remap_intensities(apps.get_model("surveys", "InventoryTask").objects, STEPS_TO_BANDS)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inventorytask",
            name="intensity",
            field=models.CharField(
                blank=True,
                choices=[
                    ("0.05", "0 à 10 %"),
                    ("0.15", "10 à 20 %"),
                    ("0.25", "20 à 30 %"),
                    ("0.35", "30 à 40 %"),
                    ("0.45", "40 à 50 %"),
                    ("0.55", "50 à 60 %"),
                    ("0.65", "60 à 70 %"),
                    ("0.75", "70 à 80 %"),
                    ("0.85", "80 à 90 %"),
                    ("0.95", "90 à 100 %"),
                ],
                max_length=5,
                verbose_name="part réalisable par l'IA",
            ),
        ),
        migrations.RunPython(bands_to_steps, steps_to_bands, elidable=False),
    ]
