"""A lost database connection: the errors it raises and how a request recovers from it.

PostgreSQL restarting, failing over or dropping a connection makes the next query raise
``OperationalError`` (or ``InterfaceError`` on a connection already closed). Django drops a
broken connection at the end of the request; ``drop_failed_connections`` does it at once, so
the page that explains the failure can query again on a fresh connection.
"""

from django.db import InterfaceError, OperationalError, connections
from django.utils.translation import gettext_lazy as _

DATABASE_ERRORS = (OperationalError, InterfaceError)

UNSAVED_MESSAGE = _(
    "La base de données ne répond pas : vos modifications n'ont pas été enregistrées. "
    "Elles sont encore dans le formulaire ; réessayez dans un instant."
)


def drop_failed_connections() -> None:
    """Close the connections a query failed on, outside a transaction (no query is sent)."""
    for connection in connections.all(initialized_only=True):
        if connection.errors_occurred and not connection.in_atomic_block:
            connection.close()
