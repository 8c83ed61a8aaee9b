"""The one permissions module: routes (via @permission_required) and templates (via can())
ask the same table, so a button is shown exactly when its action is allowed.

Two layers: PERMISSIONS (permission -> roles) answers `can(user, perm)`; OBJECT_RULES (permission ->
rule on the object) narrows it when the object is given, `can(user, perm, obj)`: window staff and
the personal data of other windows' records, segregation of duties on document signatures. The
rules need the staff register (window of a person on a date): the records room hands it in at
set-up (auth/directory.py), so this module imports no other room."""

from datetime import date, datetime
from functools import wraps

from flask import abort, g, has_request_context, request
from flask_login import current_user

from ..centers.queries import ancestor_ids, descendant_ids
from .directory import staff_directory
from .roles import ADMIN, ALL_ROLES, AUDITOR, DOC_MANAGER, EVALUATOR, QUALITY_MANAGER, WINDOW_STAFF

MANAGERS = frozenset({ADMIN, DOC_MANAGER})
READERS_OF_EVERYTHING = frozenset({ADMIN, DOC_MANAGER, AUDITOR})

# permission -> roles allowed. Every route names exactly one permission.
PERMISSIONS: dict[str, frozenset[str]] = {
    # general
    "home.view": ALL_ROLES,
    "account.view": ALL_ROLES,
    "users.manage": frozenset({ADMIN}),
    "centers.manage": frozenset({ADMIN}),  # create a center below one's own, rename (app/centers)
    "audit.view": frozenset({ADMIN, AUDITOR}),
    # controlled documents
    "documents.view": ALL_ROLES,  # documents in force (and their history)
    "documents.view_drafts": READERS_OF_EVERYTHING | {EVALUATOR},
    "documents.edit": MANAGERS,  # create, draft, import, submit, repeal, settings
    "documents.sign": MANAGERS,  # review / approve; only the assigned signer, never the version's author
    "documents.acknowledge": ALL_ROLES - {AUDITOR},  # 审核员 changes nothing, not even a 签阅
    "documents.export": ALL_ROLES,
    "documents.track_reading": READERS_OF_EVERYTHING,
    "documents.review_due": READERS_OF_EVERYTHING,
    # records
    "records.view": ALL_ROLES,
    "records.edit": frozenset({ADMIN, DOC_MANAGER, EVALUATOR}),
    "records.cases": frozenset({ADMIN, DOC_MANAGER, EVALUATOR, WINDOW_STAFF}),
    "records.import": frozenset({ADMIN, DOC_MANAGER}),
    # applicant / complainant names, phones, ID numbers; window staff: own window's records only
    "records.personal_data": ALL_ROLES,
    # assessment
    "assessment.view": ALL_ROLES,
    # evidence attachments of score entries: they follow the sheet's window (window staff: own window only)
    "assessment.evidence": ALL_ROLES,
    "assessment.score": frozenset({ADMIN, EVALUATOR}),
    "assessment.lock": frozenset({ADMIN, EVALUATOR}),
    "assessment.reopen": frozenset({ADMIN}),
    "assessment.appeal": frozenset({WINDOW_STAFF}),
    "assessment.decide_appeal": frozenset({ADMIN, EVALUATOR}),
    "assessment.vote": ALL_ROLES - {AUDITOR},
    "assessment.exemplars_manage": frozenset({ADMIN, EVALUATOR}),  # 服务标兵 cycles
    "assessment.nominate": frozenset({ADMIN, EVALUATOR, WINDOW_STAFF}),  # window staff: own window only
    "assessment.scheme_edit": MANAGERS,  # the scheme of a draft of rule SF-ZD-017
    "assessment.scheme_source": frozenset({ADMIN}),  # whose scheme the center's months use: its own or the city's
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
    # 三级汇总 (app/rollup): the roles that see below for statistics (SEE_BELOW); each sees the
    # centers visible_center_ids(user, "statistics") gives them (a township: only itself)
    "rollup.view": frozenset({ADMIN, EVALUATOR, QUALITY_MANAGER}),
}


def record_date(obj) -> date | None:
    """The date a record belongs to (the day a case was received, a complaint filed …)."""
    for name in ("received_on", "rated_on", "day", "start_on", "sheet_date", "contact_on"):
        value = getattr(obj, name, None)
        if isinstance(value, date):
            return value.date() if isinstance(value, datetime) else value
    created = getattr(obj, "created_at", None)
    return created.date() if isinstance(created, datetime) else None


def window_of(user, on: date | None) -> int | None:
    """The window a window-staff account serves on the date (by the roster), cached per request."""
    staff_id = getattr(user, "staff_id", None)
    if not staff_id or on is None:
        return None
    cache = g.setdefault("_hallmark_window_of", {}) if has_request_context() else {}
    key = (staff_id, on)
    if key not in cache:
        cache[key] = staff_directory().window_of(staff_id, on)
    return cache[key]


def own_window_only(user, obj) -> bool:
    """Window staff reach a record only when it belongs to the window they served on its date
    (a record of no window belongs to none of them); every other role is not window-bound."""
    if user.role != WINDOW_STAFF:
        return True
    # a record handled by more than one window names them (a 首问 matter: its owner and, while a
    # hand-over waits, the receiving window); otherwise its one window
    windows = getattr(obj, "personal_data_window_ids", None)
    if windows is None:
        window_id = getattr(obj, "window_id", None)
        windows = {window_id} if window_id is not None else set()
    return bool(windows) and window_of(user, record_date(obj)) in windows


def not_the_author(user, version) -> bool:
    """Segregation of duties: whoever wrote a version neither reviews nor approves it."""
    return getattr(version, "author_id", None) != user.id


# permission -> rule(user, obj); applied after the role check, only when an object is given.
OBJECT_RULES = {
    "records.personal_data": own_window_only,
    "assessment.evidence": own_window_only,  # the object is the score sheet (its window and month)
    "documents.sign": not_the_author,
}
# What the routes x roles x objects test and bench call each object kind.
OBJECT_KINDS = ("own window", "other window", "no window")


# Who may see below (issue 13): purpose -> roles that, in a center with centers below it, read the
# rows of those centers for that purpose. Everyone reads their own center; nobody reads a sibling
# (another county) or the center above, except the rules it hands down (handed_down_center_ids).
SEE_BELOW: dict[str, frozenset[str]] = {
    # monthly case statistics, lights, 好差评 and scores of the counties and townships below
    "statistics": frozenset({ADMIN, EVALUATOR, QUALITY_MANAGER}),
    # which centers below added a 补充规定 / 本地版本 to one of the center's rules (names and kinds,
    # not their text): the people who keep the center's documents (issue 13 item 2)
    "local_rules": frozenset({ADMIN, DOC_MANAGER}),
}
PURPOSES = ("own", *SEE_BELOW)


def visible_center_ids(user, purpose: str = "own") -> list[int]:
    """The centers whose rows `user` may read for `purpose`: their own center first, then (for a
    purpose of SEE_BELOW and a role it names) every center below theirs. Nobody signed in: none.
    Use it with `app.centers.context.seeing(ids)` or `.execution_options(center_ids=ids)`."""
    if purpose not in PURPOSES:
        raise KeyError(f"unknown purpose {purpose!r}")
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "active", True):
        return []
    own = getattr(user, "center_id", None)
    if own is None:
        return []
    if user.role not in SEE_BELOW.get(purpose, frozenset()):
        return [own]
    return [own, *descendant_ids(own)]


def handed_down_center_ids(user) -> list[int]:
    """The centers above the user's own (parent first): the rules they hand down are in force in
    the user's center, so the user reads those (and only those) of their documents (search, the
    register). Nobody signed in: none."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "active", True):
        return []
    own = getattr(user, "center_id", None)
    return [] if own is None else ancestor_ids(own)


def may_see_center(user, center_id: int, purpose: str = "own") -> bool:
    """True when `center_id` is one of `visible_center_ids(user, purpose)` (a drill-down link)."""
    return int(center_id) in visible_center_ids(user, purpose)


# Rules handed down (issue 13 item 2): the rules (kind "rule") a center made are in force for the
# centers below it. Every role of a center reads the released versions of the rules of the centers
# above it (parent first: handed_down_center_ids), never their drafts, a center's own variants of
# a rule (those apply in that center only), or any other row.
HANDED_DOWN_KINDS = frozenset({"rule"})


def centers_handing_down_to(center_id: int) -> list[int]:
    """The centers above `center_id` (parent first): their rules, and the scoring scheme a center
    may choose to use instead of its own (app/assessment), are in force in it. For reads that have
    no signed-in user (opening a month from the command line); a user's: handed_down_center_ids."""
    return [] if center_id is None else ancestor_ids(center_id)


def may_read_handed_down(user, document) -> bool:
    """True when `document` is a rule of a center above `user`'s, handed down to it (not a center's
    own variant of a rule, which is in force in that center only)."""
    return (
        document is not None
        and getattr(document, "kind", None) in HANDED_DOWN_KINDS
        and getattr(document, "handed_down_from_id", None) is None
        and getattr(document, "center_id", None) in handed_down_center_ids(user)
    )


def can(user, permission: str, obj=None) -> bool:
    """True when `user` (a User or the anonymous user) may do `permission` (on `obj`, when given
    and the permission has an object rule)."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "active", True):
        return False
    if user.role not in PERMISSIONS[permission]:
        return False
    rule = OBJECT_RULES.get(permission)
    return True if obj is None or rule is None else bool(rule(user, obj))


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

                record_now(
                    current_user, "denied", "route", request.endpoint, {"permission": permission, "path": request.path}
                )
                abort(403)
            return view(*args, **kwargs)

        wrapped.permission = permission
        return wrapped

    return decorator
