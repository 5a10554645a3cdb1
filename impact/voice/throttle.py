"""At most N requests a minute per address, counted in the cache, never stored with an answer.

The address is reduced to a keyed hash before it becomes a cache key, and the key lives one
minute. A cache that cannot be reached does not stop an agent from answering (it fails open).
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

from services.web.sessions import client_ip


def _key(scope: str, address: str) -> str:
    window = int(time.time() // 60)
    secret = f"impact-throttle:{settings.SECRET_KEY}".encode()
    digest = hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"voice:{scope}:{window}:{digest}"


def client_address(request) -> str:
    return client_ip(request) or "unknown"


def allowed(request, scope: str, limit: int) -> bool:
    """Count this request; False once ``limit`` requests came from its address this minute."""
    key = _key(scope, client_address(request))
    try:
        cache.add(key, 0, timeout=61)
        count = cache.incr(key)
    except Exception:
        return True
    return count <= limit
