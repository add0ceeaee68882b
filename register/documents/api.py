"""Identity documents in GraphQL: the lifecycle mutations, lookups, and the public check."""

from __future__ import annotations

from datetime import date  # noqa: TC003  # strawberry reads the resolvers' annotations at runtime
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

import strawberry

from domain.errors import DomainError
from register.civil_status.api_types import UserError
from register.civil_status.inputs import Command, parse
from register.documents import inputs as dc
from register.documents.api_types import Document, DocumentVerification
from register.web.context import context_of, off_loop
from register.web.input_types import input_of
from register.web.resolving import perform, public_floor, refusal_error

if TYPE_CHECKING:
    from collections.abc import Callable

    from register.access import Account
    from register.unit_of_work import Given, Outcome

C = TypeVar("C", bound=Command)


def _query_input(command: type[C], data: dict[str, object]) -> C:
    """A query's arguments validated like a command's; a failure is a typed GraphQL error."""
    try:
        return parse(command, data)
    except DomainError as e:
        raise refusal_error(e) from None


@strawberry.type
class DocumentQuery:
    @strawberry.field(description="One identity document by its number; null when none has it.")
    async def document(self, info: strawberry.Info, number: str) -> Document | None:
        context = context_of(info)
        given = _query_input(dc.LookUpDocument, {"number": number})
        record = await off_loop(
            context.register.documents.document_by_number, context.account, given.number
        )
        return (
            None if record is None else Document.from_record(record, context.register.store.today())
        )

    @strawberry.field(
        description="Public, no token needed: is the document with this number and holder's"
        " birth date valid? Answers only a status (and the expiry date when valid)."
    )
    async def verify_document(
        self, info: strawberry.Info, number: str, birth_date: date
    ) -> DocumentVerification:
        register = context_of(info).register
        async with public_floor():  # timing must not tell whether the number exists
            try:
                given = _query_input(
                    dc.VerifyDocument, {"number": number, "birthDate": birth_date}
                )
                answer = await off_loop(register.documents.verify_document, given)
            except DomainError as e:
                raise refusal_error(e) from None
        return DocumentVerification(status=answer.status, expires_on=answer.expires_on)


# -- mutations -------------------------------------------------------------------------------


@strawberry.type
class DocumentPayload:
    document: Document | None
    position: int | None = strawberry.field(
        description="Store position of the last event recorded; null when a retry was replayed."
    )
    errors: list[UserError]


async def _document_payload(
    info: strawberry.Info,
    handler: Callable[[Account, Given[C]], Outcome],
    command: type[C],
    given: Any,
) -> DocumentPayload:
    context = context_of(info)
    outcome, errors = await perform(info, handler, command, given)
    if outcome is None:
        return DocumentPayload(document=None, position=None, errors=errors)
    record = await off_loop(
        context.register.documents.load_document, UUID(outcome.result["documentId"])
    )
    document = Document.from_record(record, context.register.store.today())
    return DocumentPayload(document=document, position=outcome.position, errors=[])


@input_of(dc.ApplyForDocument)
class ApplyForDocumentInput:
    pass


@input_of(dc.CaptureBiometrics)
class CaptureBiometricsInput:
    pass


@input_of(dc.ApproveDocument)
class ApproveDocumentInput:
    pass


@input_of(dc.RejectDocument)
class RejectDocumentInput:
    pass


@input_of(dc.IssueDocument)
class IssueDocumentInput:
    pass


@input_of(dc.DeliverDocument)
class DeliverDocumentInput:
    pass


@input_of(dc.ReportDocumentLost)
class ReportDocumentLostInput:
    pass


@input_of(dc.ReportDocumentStolen)
class ReportDocumentStolenInput:
    pass


@input_of(dc.RevokeDocument)
class RevokeDocumentInput:
    pass


@strawberry.type
class DocumentMutation:
    @strawberry.mutation(description="Apply for a passport or ID card at any mission.")
    async def apply_for_document(
        self,
        info: strawberry.Info,
        input: ApplyForDocumentInput,  # noqa: A002  # GraphQL's name
    ) -> DocumentPayload:
        reg = context_of(info).register
        return await _document_payload(
            info, reg.documents.apply_for_document, dc.ApplyForDocument, input
        )

    @strawberry.mutation(description="Record the reference ids of the captured biometrics.")
    async def capture_biometrics(
        self,
        info: strawberry.Info,
        input: CaptureBiometricsInput,  # noqa: A002
    ) -> DocumentPayload:
        reg = context_of(info).register
        return await _document_payload(
            info, reg.documents.capture_biometrics, dc.CaptureBiometrics, input
        )

    @strawberry.mutation(description="Approve an application (officers).")
    async def approve_document(
        self,
        info: strawberry.Info,
        input: ApproveDocumentInput,  # noqa: A002
    ) -> DocumentPayload:
        reg = context_of(info).register
        return await _document_payload(
            info, reg.documents.approve_document, dc.ApproveDocument, input
        )

    @strawberry.mutation(description="Reject an application, with the reason (officers).")
    async def reject_document(
        self,
        info: strawberry.Info,
        input: RejectDocumentInput,  # noqa: A002
    ) -> DocumentPayload:
        reg = context_of(info).register
        return await _document_payload(
            info, reg.documents.reject_document, dc.RejectDocument, input
        )

    @strawberry.mutation(description="Issue an approved document under a new number (officers).")
    async def issue_document(
        self,
        info: strawberry.Info,
        input: IssueDocumentInput,  # noqa: A002
    ) -> DocumentPayload:
        reg = context_of(info).register
        return await _document_payload(info, reg.documents.issue_document, dc.IssueDocument, input)

    @strawberry.mutation(description="Hand an issued document to its holder, at any mission.")
    async def deliver_document(
        self,
        info: strawberry.Info,
        input: DeliverDocumentInput,  # noqa: A002
    ) -> DocumentPayload:
        reg = context_of(info).register
        return await _document_payload(
            info, reg.documents.deliver_document, dc.DeliverDocument, input
        )

    @strawberry.mutation
    async def report_document_lost(
        self,
        info: strawberry.Info,
        input: ReportDocumentLostInput,  # noqa: A002
    ) -> DocumentPayload:
        reg = context_of(info).register
        return await _document_payload(
            info, reg.documents.report_document_lost, dc.ReportDocumentLost, input
        )

    @strawberry.mutation
    async def report_document_stolen(
        self,
        info: strawberry.Info,
        input: ReportDocumentStolenInput,  # noqa: A002
    ) -> DocumentPayload:
        reg = context_of(info).register
        return await _document_payload(
            info, reg.documents.report_document_stolen, dc.ReportDocumentStolen, input
        )

    @strawberry.mutation(description="Revoke an issued document, with the reason (officers).")
    async def revoke_document(
        self,
        info: strawberry.Info,
        input: RevokeDocumentInput,  # noqa: A002
    ) -> DocumentPayload:
        reg = context_of(info).register
        return await _document_payload(
            info, reg.documents.revoke_document, dc.RevokeDocument, input
        )
