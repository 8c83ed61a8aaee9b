"""A small center for the quality tests: a quality manager, a document team, two windows, a rule."""

import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.documents import services as docs
from app.extensions import db
from app.records.models import Complaint
from tests.factories import PASSWORD, RULE_MD, approve, create_center, create_signers, create_user


@pytest.fixture
def qm(app):
    admin = create_user("admin", "qadmin", "周批准")
    t = SimpleNamespace(
        admin=admin,
        manager=create_user("quality_manager", "qmgr", "贺质量"),
        author=create_user("doc_manager", "author", "林作者"),
        reviewer=create_user("doc_manager", "reviewer", "郑审核"),
        approver=admin,
        window=create_user("window_staff", "window1", "宋窗口"),
        password=PASSWORD,
    )
    create_signers(t.reviewer, t.approver, ("rule", "procedure"))
    t.center = create_center(admin)
    db.session.commit()
    t.rule = docs.create_document(t.author, "rule", "窗口服务规定", "窗口管理", "综合科", 12, "all", RULE_MD)
    approve(t, t.rule.versions[0], effective_date=date(2025, 1, 1))
    db.session.commit()
    return t


def complaint(window, on: date, valid=True, number="TS-2026-001", deadline=None, replied=None):
    c = Complaint(
        number=number,
        received_on=on,
        window_id=window.id,
        content="窗口人员态度生硬，推诿不办。",
        finding="true" if valid else "false",
        valid=valid,
        deadline_on=deadline,
        replied_on=replied,
    )
    db.session.add(c)
    db.session.commit()
    return c


CHECKER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_gbt9704.py"


def check_gbt9704(data: bytes, tmp_path) -> str:
    """Run the shared GB/T 9704 checker on a .docx; fails loudly when the checker is missing."""
    if not CHECKER.exists():
        pytest.fail(f"GB/T 9704 checker missing at {CHECKER} (../shared sits beside the clone in CI)")
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    result = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout
