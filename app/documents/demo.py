"""Demo center documents: reviewers and approver per kind, then the bundled set in documents/.
Runs after app/auth/demo.py (DOMAINS order: auth before documents). Idempotent."""
import os

import click

from ..auth.models import User
from ..extensions import db
from .models import KIND_LABELS
from .services import kind_setting

DOCUMENTS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "documents")


def configure_signers() -> None:
    """郑怀远 (shenhe) reviews and 周立衡 (admin) approves every kind, unless already configured."""
    reviewer = db.session.scalar(db.select(User).filter_by(username="shenhe"))
    approver = db.session.scalar(db.select(User).filter_by(username="admin"))
    for kind in KIND_LABELS:
        setting = kind_setting(kind)
        if reviewer is not None and not setting.reviewer_ids:
            setting.reviewer_ids = str(reviewer.id)
        if approver is not None and setting.approver_id is None:
            setting.approver_id = approver.id
    db.session.commit()


def load(directory: str = DOCUMENTS_DIR) -> None:
    from .loader import default_signers, load_directory

    configure_signers()
    author, reviewer, approver = default_signers()
    report = load_directory(directory, author, reviewer, approver)
    for error in report.errors:
        click.echo("  文件集错误：" + error, err=True)
    click.echo("受控文件：" + report.summary())
