"""Signals other apps connect to (``impact`` scores an inventory when these are sent).

Both are sent inside the transaction that changed the inventory, with ``inventory_id`` as
their only argument: a receiver only writes (an outbox row, ``services.web.outbox``), so what
it asks for is done if and only if the change commits.
"""

from django.dispatch import Signal

inventory_submitted = Signal()
inventory_validated = Signal()
