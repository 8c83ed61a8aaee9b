"""The hall devices' JSON API: a rating device (评价器) posts the rating of a case number, a
queue system (排队叫号) posts a ticket that becomes a 首问 record (with the service item drawn
for, when given, so the calling window makes it a case of that item in one click) or, with
register_case, a case of that item received at the device's window. Authorised by the device's
token (Authorization: Bearer …), scoped to its window; every call is audited, refusals too;
errors are JSON with a Chinese message; the OpenAPI description is served at openapi.json."""

from __future__ import annotations

import functools

from flask import jsonify, request

from ...centers.context import acting_in
from ...core.timeutil import local_today
from ...kernel import DomainError, commit_request
from .. import queries
from ..openapi import SPEC
from ..services import devices as device_svc
from ..services import first_contact, ratings

MAX_BODY = 16 * 1024


class ApiRefusal(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _error(status: int, message: str, device=None, action: str = ""):
    device_svc.audit_refusal(device, action or request.endpoint, status, message, request.path)
    response = jsonify({"error": message})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="hallmark-devices"'
    return response


def device_required(kind: str):
    """The route's guard: a valid token of a device of `kind`; the device is passed in."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            token = header[7:] if header[:7].lower() == "bearer " else ""
            device = device_svc.authenticate(token)
            if device is None:
                return _error(401, "设备令牌无效或已停用，请联系中心管理员重新发放令牌。")
            with acting_in(device.center_id):  # the device's center: what it reads, writes and is audited in
                if device.kind != kind:
                    return _error(403, f"该设备是{device_svc.KINDS[device.kind]}，不能调用此接口。", device)
                try:
                    response = view(device, *args, **kwargs)
                except ApiRefusal as exc:
                    return _error(exc.status, exc.message, device)
                except DomainError as exc:
                    return _error(409 if "已评价" in str(exc) else 422, str(exc), device)
                commit_request()  # inside the device's center (the app's commit after the view finds nothing left)
                return response

        guarded.device_api = kind  # read by tests/test_access.py: token routes, not role routes
        return guarded

    return decorate


NUL = "\x00"


def _body() -> dict:
    if request.content_length and request.content_length > MAX_BODY:
        raise ApiRefusal(413, "请求内容过大。")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiRefusal(400, "请求体应为 JSON 对象。")
    return data


def _text(data: dict, key: str, required: bool = True, limit: int = 300) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiRefusal(400, f"字段 {key} 应为非空字符串。")
    if len(value) > limit:
        raise ApiRefusal(400, f"字段 {key} 过长（最多 {limit} 个字符）。")
    if NUL in value:  # PostgreSQL stores no NUL character in text; a device never means one
        raise ApiRefusal(400, f"字段 {key} 含有不可见的控制字符（NUL）。")
    return value.strip()


def _grade(data: dict, key: str, required: bool):
    value = data.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ApiRefusal(400, f"字段 {key} 应为 1 至 5 的整数。")
    return value


@device_required("rating")
def post_rating(device):
    data = _body()
    number = _text(data, "case_number", limit=40)
    grade = _grade(data, "grade", True)
    subs = {k: _grade(data, k, False) for k in ("efficiency", "competence", "attitude")}
    comment = _text(data, "comment", required=False, limit=2000)
    case = queries.case_by_number(number)
    if case is None:
        raise ApiRefusal(404, f"办件 {number} 不存在。")
    r = ratings.rate_case(None, case, grade, local_today(), channel="on_site", comment=comment, device=device, **subs)
    device_svc.used(device)
    response = jsonify({"id": r.id, "case_number": case.number, "grade": grade, "window": case.window.label})
    response.status_code = 201
    return response


@device_required("queue")
def post_ticket(device):
    data = _body()
    ticket = _text(data, "ticket", limit=30)
    visitor = _text(data, "visitor", limit=80)
    matter = _text(data, "matter", limit=300)
    phone = _text(data, "visitor_phone", required=False, limit=40)
    code = _text(data, "item_code", required=False, limit=40)
    as_case = data.get("register_case", False)
    if not isinstance(as_case, bool):
        raise ApiRefusal(400, "字段 register_case 应为 true 或 false。")
    if as_case and not code:
        raise ApiRefusal(400, "登记为办件时须提供字段 item_code（办理事项编码）。")
    item = queries.item_by_code(code) if code else None
    if code and item is None:
        raise ApiRefusal(404, f"事项编码 {code} 不存在。")
    c, case = first_contact.ticket(device, ticket, visitor, matter, visitor_phone=phone, item=item, as_case=as_case)
    device_svc.used(device)
    response = jsonify(
        {
            "first_contact": c.number,
            "ticket": ticket,
            "window": c.window.label if c.window else "",
            "item_code": item.code if item else None,
            "case_number": case.number if case else None,
        }
    )
    response.status_code = 201
    return response


def openapi():
    """The OpenAPI 3 description of the device API (public: it holds no data)."""
    return jsonify(SPEC)


openapi.public_api = True  # read by tests/test_access.py
