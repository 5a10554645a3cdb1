"""Signals other apps connect to (``impact`` scores an inventory when these are sent).

Both are sent after the transaction that changed the inventory has committed, with
``inventory_id`` as their only argument.
"""

from django.dispatch import Signal

inventory_submitted = Signal()
inventory_validated = Signal()
