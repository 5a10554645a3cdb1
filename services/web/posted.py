"""What a posted form holds that is never shown again or kept: tokens, passwords, counters.

Shared by the CSRF failure page (``services.web.csrf``) and the forms kept across an expired
session (``services.web.pending_posts``).
"""

# Counters of a Django formset: sent by every grid, never typed by anyone.
FORMSET_COUNTERS = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


# Fields whose values are used once and never stored nor shown again: the e-mail addresses a
# head pastes to send the agents' codes (impact.voice, docs/confidentiality.md).
NEVER_KEPT = frozenset({"addresses"})


def is_secret(name: str) -> bool:
    """Tokens, passwords and the fields of ``NEVER_KEPT``: never shown again nor kept, even
    for the person who sent them."""
    lowered = name.lower()
    return "csrf" in lowered or "password" in lowered or "passwd" in lowered or name in NEVER_KEPT


def is_formset_counter(name: str) -> bool:
    return name.endswith(FORMSET_COUNTERS)
