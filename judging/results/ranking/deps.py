"""Dependencies of the organizers' results pages: the store of computed rankings shared by
every app process."""

from __future__ import annotations

from litestar import Request
from litestar.di import Provide
from litestar.stores.base import Store

from judging.results.ranking.computed import STORE_NAME


def provide_rankings_store(request: Request) -> Store:
    return request.app.stores.get(STORE_NAME)


# ``rankings_store`` for the controllers that read a round's computed results.
RANKINGS_STORE = {
    "rankings_store": Provide(provide_rankings_store, sync_to_thread=False),
}
