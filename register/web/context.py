"""What every resolver receives: the register, the caller's account, and per-request loaders."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from register.views.read_models import DocumentSummary, documents_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from domain.civil_status.citizen import Citizen
    from register.access import Account
    from register.application import Register
    from register.audit.checkpoints import AuditLog
    from register.bootstrap import Container
    from register.views.projector import Projector
    from register.views.read_models import ReadModels

P = ParamSpec("P")
T = TypeVar("T")


async def off_loop(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run blocking register work on the thread pool, so the event loop keeps serving."""
    return await run_in_threadpool(fn, *args, **kwargs)


class Context(BaseContext):
    def __init__(self, container: Container, account: Account | None) -> None:
        super().__init__()
        self.register: Register = container.register
        self.projector: Projector = container.projector
        self.read_models: ReadModels = container.read_models
        self.audit: AuditLog = container.audit
        self._account = account
        register = container.register

        async def load_relatives(ids: list[UUID]) -> list[Citizen | None]:
            return await off_loop(register.civil_status.relatives, self.account, ids)

        self.relatives: DataLoader[UUID, Citizen | None] = DataLoader(load_fn=load_relatives)

        async def load_documents(ids: list[str]) -> list[list[DocumentSummary]]:
            found = await off_loop(documents_of, container.db, ids)
            return [found[i] for i in ids]

        self.documents_index: DataLoader[str, list[DocumentSummary]] = DataLoader(
            load_fn=load_documents
        )

    @property
    def account(self) -> Account:
        if self._account is None:  # the web layer refuses operations without a token first
            msg = "this operation needs a bearer token"
            raise PermissionError(msg)
        return self._account

    @property
    def caller(self) -> Account | None:
        """The account, or None for a public operation asked without a token."""
        return self._account


def context_of(info: Any) -> Context:
    context: Context = info.context
    return context
