"""The one permissions module: routes (via @permission_required) and templates (via can())
ask the same table, so a button is shown exactly when its action is allowed."""
from functools import wraps

from flask import abort, request
from flask_login import current_user

from .roles import ADMIN, ALL_ROLES, AUDITOR, DOC_MANAGER, EVALUATOR, QUALITY_MANAGER, WINDOW_STAFF

MANAGERS = frozenset({ADMIN, DOC_MANAGER})
READERS_OF_EVERYTHING = frozenset({ADMIN, DOC_MANAGER, AUDITOR})

# permission -> roles allowed. Every route names exactly one permission.
PERMISSIONS: dict[str, frozenset[str]] = {
    # general
    "home.view": ALL_ROLES,
    "account.view": ALL_ROLES,
    "users.manage": frozenset({ADMIN}),
    "audit.view": frozenset({ADMIN, AUDITOR}),
    # controlled documents
    "documents.view": ALL_ROLES,  # documents in force (and their history)
    "documents.view_drafts": READERS_OF_EVERYTHING | {EVALUATOR},
    "documents.edit": MANAGERS,  # create, draft, import, submit, repeal, settings
    "documents.sign": MANAGERS,  # review / approve; only the assigned signer may sign
    "documents.acknowledge": ALL_ROLES,
    "documents.export": ALL_ROLES,
    "documents.track_reading": READERS_OF_EVERYTHING,
    "documents.review_due": READERS_OF_EVERYTHING,
    # records
    "records.view": ALL_ROLES,
    "records.edit": frozenset({ADMIN, DOC_MANAGER, EVALUATOR}),
    "records.cases": frozenset({ADMIN, DOC_MANAGER, EVALUATOR, WINDOW_STAFF}),
    "records.import": frozenset({ADMIN, DOC_MANAGER}),
    # assessment
    "assessment.view": ALL_ROLES,
    "assessment.score": frozenset({ADMIN, EVALUATOR}),
    "assessment.lock": frozenset({ADMIN, EVALUATOR}),
    "assessment.reopen": frozenset({ADMIN}),
    "assessment.appeal": frozenset({WINDOW_STAFF}),
    "assessment.decide_appeal": frozenset({ADMIN, EVALUATOR}),
    "assessment.vote": ALL_ROLES - {AUDITOR},
    "assessment.exemplars_manage": frozenset({ADMIN, EVALUATOR}),  # 服务标兵 cycles
    "assessment.nominate": frozenset({ADMIN, EVALUATOR, WINDOW_STAFF}),  # window staff: own window only
    "assessment.scheme_edit": MANAGERS,  # the scheme of a draft of rule SF-ZD-017
    # search and government documents
    "search.query": ALL_ROLES,
    "govdocs.view": ALL_ROLES,
    "govdocs.upload": MANAGERS,
    # quality improvement loop (app/quality: ISO 9001 6.2, 9.2, 9.3, 10.2)
    "quality.view": ALL_ROLES,
    "quality.manage": frozenset({ADMIN, QUALITY_MANAGER}),  # accept proposals, open NCs, programme, reviews
    "quality.act": ALL_ROLES - {AUDITOR},  # work on a step you own (the service checks ownership)
    "quality.audit": ALL_ROLES - {WINDOW_STAFF},  # record findings; only members of the audit team
    "quality.close": frozenset({QUALITY_MANAGER}),  # closing signature (password re-entered)
    # the hall's service procedures (app/hall: 首问, 一次性告知, 联办件, 效能投诉, 好差评, 季评)
    "hall.view": ALL_ROLES,
    "hall.desk": frozenset({ADMIN, DOC_MANAGER, EVALUATOR, WINDOW_STAFF}),  # window work; own window only
    "hall.manage": frozenset({ADMIN, DOC_MANAGER, EVALUATOR}),  # materials, complaints, 差评 verification, 季评
}


def can(user, permission: str) -> bool:
    """True when `user` (a User or the anonymous user) may do `permission`."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "active", True):
        return False
    return user.role in PERMISSIONS[permission]


def permission_required(permission: str):
    """Login plus role check on the server; a refusal is written to the audit trail."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            from ..extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not can(current_user, permission):
                from ..audit.services import record_now

                record_now(current_user, "denied", "route", request.endpoint, {"permission": permission, "path": request.path})
                abort(403)
            return view(*args, **kwargs)

        wrapped.permission = permission
        return wrapped

    return decorator
