"""Impact: studies of how generative AI changes the work of a collectivité's agents.

The Celery application (``impact.celery``) is loaded by ``ImpactConfig.ready`` and found by
``celery -A impact``: importing this package loads nothing, so that the pure method
(``impact.scoring``) can be imported without Django or Celery.
"""
