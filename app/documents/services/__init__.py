"""Use cases of the documents room, one module per subject: documents.py (documents, drafts,
review and signatures, kind settings, and the helpers other rooms call: version_in_force,
find_by_number, text_in_force), reading.py (签阅), review.py (定期评审), transfer.py (Word in
and out), loader.py (bundled documents from a folder). common.py holds the refusal types and
the checks they share."""
from .common import DocumentError, StaleEditError
from .documents import (
    awaiting_reviewers,
    create_document,
    create_draft,
    find_by_number,
    kind_setting,
    latest_approved,
    numbering_problems,
    open_version,
    pending_reviewers,
    repeal,
    sign,
    signature_mismatches,
    signer_steps,
    status_of_document,
    status_of_version,
    submit,
    text_in_force,
    update_document,
    update_draft,
    update_kind_setting,
    verify_signatures,
    version_in_force,
    withdraw,
)

__all__ = [
    "DocumentError", "StaleEditError", "awaiting_reviewers", "create_document", "create_draft",
    "find_by_number", "kind_setting", "latest_approved", "numbering_problems", "open_version", "pending_reviewers", "repeal",
    "sign", "signature_mismatches", "signer_steps", "status_of_document", "status_of_version", "submit",
    "text_in_force", "update_document", "update_draft", "update_kind_setting", "verify_signatures",
    "version_in_force", "withdraw",
]
