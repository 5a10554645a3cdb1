"""Impact: studies of how generative AI changes the work of a collectivité's agents."""

from .celery import app as celery_app

__all__ = ("celery_app",)
