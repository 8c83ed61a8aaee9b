"""Sending the 一次性告知书: the outbox against a real SMTP server (aiosmtpd) and a real HTTP SMS
gateway (a small http.server in a thread), sent by the `hall.outbox` job; retry with a doubling
wait, giving up after the configured attempts, the failure on the case page, queueing again."""

import io
import json
import re
import socket
import threading
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from docx import Document

from app.audit.models import AuditEntry
from app.core.timeutil import local_today, utcnow
from app.extensions import db
from app.hall.logic import outbox as rules
from app.hall.models import NoticeMessage
from app.hall.services import outbox, supplement
from app.hall.services.common import HallError
from app.kernel import SAME_TRANSACTION
from app.records.services import cases as case_services

# ------------------------------------------------------------------------------ pure rules


def test_recipients_are_normalised_and_checked():
    assert rules.normalise("sms", " +86 138-1234-1234 ") == "13812341234"
    assert rules.recipient_problem("sms", "13812341234") is None
    assert "11 位" in rules.recipient_problem("sms", "1234567")
    assert rules.recipient_problem("email", "wen.xi@example.cn") is None
    assert "格式" in rules.recipient_problem("email", "wen.xi@")
    assert "发送方式" in rules.recipient_problem("fax", "x")
    assert "手机号码" in rules.recipient_problem("sms", "")


def test_the_wait_doubles_after_each_failure_and_the_message_is_given_up_at_the_limit():
    now = datetime(2026, 12, 3, 8, 0)
    assert [rules.retry_wait(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert rules.retry_wait(20) == timedelta(hours=12)  # capped
    assert rules.after_failure(1, now) == ("pending", now + timedelta(minutes=5))
    assert rules.after_failure(5, now, max_attempts=6) == ("pending", now + timedelta(minutes=80))
    assert rules.after_failure(6, now, max_attempts=6) == ("failed", None)


def test_the_sms_lists_every_missing_material_and_the_deadline():
    text = rules.sms_text(
        "示范中心",
        "告知〔2026〕3号",
        "B001",
        "食品经营许可",
        ["经营场所平面图", "法定代表人身份证明"],
        datetime(2026, 12, 10),
    )
    assert "经营场所平面图、法定代表人身份证明" in text and "2026年12月10日前" in text and "告知〔2026〕3号" in text


# ------------------------------------------------------------------------------ real servers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp_server(app):
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(HALL_SMTP_HOST="127.0.0.1", HALL_SMTP_PORT=controller.port, HALL_MAIL_FROM="zhongxin@example.cn")
    yield inbox
    controller.stop()


class _Gateway:
    """An SMS gateway: answers `status` (200 by default) and keeps what was posted."""

    def __init__(self):
        self.status, self.received = 200, []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.received.append((self.headers.get("Authorization"), json.loads(body)))
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}' if gateway.status == 200 else b'{"error": "busy"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def sms_gateway(app):
    gateway = _Gateway()
    app.config.update(HALL_SMS_GATEWAY_URL=gateway.url, HALL_SMS_GATEWAY_TOKEN="gw-secret")
    yield gateway
    gateway.server.shutdown()
    gateway.server.server_close()


@pytest.fixture
def notice(hall):
    case = case_services.register_case(
        hall.a,
        hall.item,
        datetime.combine(local_today(), datetime.min.time()).replace(hour=9),
        "鹿鸣食品有限公司",
        window_id=hall.wa.id,
        applicant_phone="13812341234",
    )
    db.session.commit()
    n = supplement.issue(hall.a, case, {"form", "license"}, local_today(), case.row_version)
    db.session.commit()
    return n


def _version(html: str, message_id: int) -> str:
    row = re.search(rf'<tr id="message-{message_id}">(.*?)</tr>', html, re.S).group(1)
    return re.search(r'name="row_version" value="(\d+)"', row).group(1)


def test_an_email_goes_out_through_smtp_with_the_notice_attached(app, hall, notice, smtp_server):
    m = outbox.queue(hall.a, notice, "email", "luming@example.cn")
    db.session.commit()
    assert (m.status, m.attempts) == ("pending", 0)
    result = app.test_cli_runner().invoke(args=["jobs", "run-due", "--only", "hall.outbox"])
    assert "已发送 1 条" in result.output, result.output
    [(rcpt, mail)] = smtp_server.messages
    assert rcpt == ["luming@example.cn"] and mail["From"] == "zhongxin@example.cn"
    assert notice.number in mail["Subject"]
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "经营场所平面图" in text and "法定代表人身份证明" in text and "营业执照" not in text
    [attachment] = list(mail.iter_attachments())
    cells = [c.text for t in Document(io.BytesIO(attachment.get_content())).tables for r in t.rows for c in r.cells]
    assert "经营场所平面图" in cells and "营业执照" not in cells
    db.session.expire_all()
    m = db.session.get(NoticeMessage, m.id)
    assert (m.status, m.attempts, m.next_attempt_at, m.last_error) == ("sent", 1, None, "")
    steps = [
        json.loads(e.details).get("step")
        for e in db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.object_type == "hall_notice_messages").order_by(AuditEntry.id)
        )
    ]
    assert steps == [None, "sent"]  # queued (create), then sent


def test_an_sms_failure_is_retried_after_the_wait_and_shown_on_the_case_page(
    app, hall, notice, sms_gateway, client, auth
):
    m = outbox.queue(hall.a, notice, "sms", "+86 138 1234 1234")
    db.session.commit()
    sms_gateway.status = 503
    now = utcnow()
    assert outbox.send_due(now) == (0, 1, 0)
    db.session.commit()
    assert (m.status, m.attempts, m.next_attempt_at) == ("pending", 1, now + timedelta(minutes=5))
    assert "503" in m.last_error
    auth.login(hall.a)
    page = client.get(f"/hall/cases/{notice.case_id}").get_data(as_text=True)
    assert "短信网关拒绝（HTTP 503）" in page and "重试" in page

    sms_gateway.status = 200
    assert outbox.send_due(now + timedelta(minutes=4)) == (0, 0, 0)  # not due yet
    assert outbox.send_due(now + timedelta(minutes=5)) == (1, 0, 0)
    db.session.commit()
    assert (m.status, m.attempts, m.last_error) == ("sent", 2, "")
    auth_header, posted = sms_gateway.received[-1]
    assert auth_header == "Bearer gw-secret" and posted["to"] == "13812341234"
    assert "经营场所平面图、法定代表人身份证明" in posted["text"] and notice.number in posted["text"]
    assert "已发送" in client.get(f"/hall/cases/{notice.case_id}").get_data(as_text=True)


def test_after_the_last_attempt_the_message_is_failed_and_the_window_queues_it_again(app, hall, notice, client, auth):
    app.config.update(HALL_SMS_GATEWAY_URL=f"http://127.0.0.1:{_free_port()}/send", HALL_OUTBOX_MAX_ATTEMPTS=3)
    m = outbox.queue(hall.a, notice, "sms", "13812341234")
    db.session.commit()
    t = utcnow()
    for wait in (0, 5, 10):  # minutes after the previous failure
        t += timedelta(minutes=wait)
        outbox.send_due(t)
        db.session.commit()
    assert (m.status, m.attempts, m.next_attempt_at) == ("failed", 3, None)
    assert "无法连接短信网关" in m.last_error
    assert outbox.send_due(t + timedelta(days=1)) == (0, 0, 0)  # given up: not tried again by itself

    auth.login(hall.a)
    page = client.get(f"/hall/cases/{notice.case_id}").get_data(as_text=True)
    assert "发送失败（已停止重试）" in page and "重新发送" in page and "138****1234" not in page
    home = client.get("/").get_data(as_text=True)
    assert f"一次性告知书 {notice.number} 以短信发送失败" in home  # the window's 待办 list
    r = client.post(f"/hall/messages/{m.id}/requeue", data={"row_version": _version(page, m.id)})
    assert r.status_code == 302
    db.session.expire_all()
    m = db.session.get(NoticeMessage, m.id)
    assert (m.status, m.attempts) == ("pending", 0) and m.next_attempt_at is not None


def test_refusals_another_window_a_bad_number_and_no_gateway(app, hall, notice, client, auth):
    with pytest.raises(HallError):
        outbox.queue(hall.b, notice, "sms", "13812341234")  # not B's case
    db.session.rollback()
    auth.login(hall.a)
    r = client.post(
        f"/hall/notices/{notice.id}/send", data={"channel": "sms", "recipient": "0391-1234"}, follow_redirects=True
    )
    page = r.get_data(as_text=True)
    assert "11 位" in page and 'value="0391-1234"' in page  # refused, the typed number shown again
    assert db.session.scalar(db.select(db.func.count(NoticeMessage.id))) == 0

    app.config.update(HALL_SMTP_HOST="")
    m = outbox.queue(hall.a, notice, "email", "luming@example.cn")
    db.session.commit()
    assert outbox.send_due() == (0, 1, 0)
    assert "未配置邮件服务器" in m.last_error
    with pytest.raises(HallError):
        outbox.requeue(hall.a, m, SAME_TRANSACTION)  # only a given-up message is queued again


def test_window_staff_of_another_window_see_the_recipient_masked(app, hall, notice, client, auth):
    outbox.queue(hall.a, notice, "sms", "13812341234")
    db.session.commit()
    auth.login(hall.b)
    page = client.get(f"/hall/cases/{notice.case_id}").get_data(as_text=True)
    assert "138****1234" in page and "13812341234" not in page
    auth.logout()
    auth.login(hall.a)
    assert "13812341234" in client.get(f"/hall/cases/{notice.case_id}").get_data(as_text=True)
