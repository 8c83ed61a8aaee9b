"""Delivering an outbox message: e-mail through SMTP (smtplib) to the configured host, SMS by an
HTTP POST to the configured gateway. Any failure is a DeliveryError with a Chinese reason, which
the outbox records on the message and retries later."""

from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.parse
import urllib.request
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


class DeliveryError(Exception):
    """A message could not be delivered (Chinese reason, kept on the message)."""


def send_email(cfg, to: str, subject: str, body: str, attachment: tuple[str, bytes] | None = None) -> None:
    host = (cfg.get("HALL_SMTP_HOST") or "").strip()
    if not host:
        raise DeliveryError("未配置邮件服务器（HALL_SMTP_HOST），无法发送电子邮件。")
    msg = EmailMessage()
    msg["From"] = cfg.get("HALL_MAIL_FROM") or "noreply@localhost"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="hallmark")
    msg.set_content(body)
    if attachment is not None:
        name, data = attachment
        msg.add_attachment(data, maintype=DOCX[0], subtype=DOCX[1], filename=name)
    timeout = int(cfg.get("HALL_OUTBOX_TIMEOUT", 10))
    port = int(cfg.get("HALL_SMTP_PORT", 25))
    try:
        smtp = smtplib.SMTP_SSL if cfg.get("HALL_SMTP_SSL") else smtplib.SMTP
        with smtp(host, port, timeout=timeout) as server:
            if cfg.get("HALL_SMTP_STARTTLS") and not cfg.get("HALL_SMTP_SSL"):
                server.starttls()
            if cfg.get("HALL_SMTP_USER"):
                server.login(cfg["HALL_SMTP_USER"], cfg.get("HALL_SMTP_PASSWORD", ""))
            server.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"邮件服务器拒收该收件地址：{_smtp_reason(exc.recipients)}") from exc
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"邮件服务器拒绝（{exc.smtp_code}）：{_text(exc.smtp_error)}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"无法连接邮件服务器 {host}:{port}：{exc}") from exc


def send_sms(cfg, to: str, text: str, ref: str) -> None:
    url = (cfg.get("HALL_SMS_GATEWAY_URL") or "").strip()
    if not url:
        raise DeliveryError("未配置短信网关（HALL_SMS_GATEWAY_URL），无法发送短信。")
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise DeliveryError("短信网关地址应以 http:// 或 https:// 开头。")
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if cfg.get("HALL_SMS_GATEWAY_TOKEN"):
        headers["Authorization"] = f"Bearer {cfg['HALL_SMS_GATEWAY_TOKEN']}"
    data = json.dumps({"to": to, "text": text, "ref": ref}, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=int(cfg.get("HALL_OUTBOX_TIMEOUT", 10))) as response:
            response.read(2000)
    except urllib.error.HTTPError as exc:
        detail = _text(exc.read(300)) if exc.fp is not None else ""
        raise DeliveryError(f"短信网关拒绝（HTTP {exc.code}）{('：' + detail) if detail else ''}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise DeliveryError(f"无法连接短信网关：{getattr(exc, 'reason', exc)}") from exc


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return " ".join(str(value).split())[:200]


def _smtp_reason(recipients: dict) -> str:
    return "；".join(f"{addr}（{code} {_text(msg)}）" for addr, (code, msg) in recipients.items())
