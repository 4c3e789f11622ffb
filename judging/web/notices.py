"""One-time notices ("Your changes are saved.") shown on the page a form redirects to.

Litestar's flash messages, kept in the session until the next page shows them, so a notice
needs no ``?notice=`` flag in the URL (nor a whitelist of flags) and a reload does not show
it again. The message is stored untranslated and rendered in the language of the page that
shows it (``templates/_partials/notices.html``, included by the base layout).
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.plugins.flash import flash


def notify(
    request: Request,
    message: str,
    *,
    anchor: str = "notice",
    category: str = "success",
    **params: Any,
) -> None:
    """Show ``message`` (a message id, see :data:`judging.i18n.N_`) with ``params`` on the next
    page; ``anchor`` is the notice's element id, for links and tests; ``category`` is
    ``success``, or ``error`` for what was done but needs the reader's attention."""
    flash(request, {"text": message, "params": params, "id": anchor}, category=category)
