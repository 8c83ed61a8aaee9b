from datetime import date

from app.documents import services
from tests.conftest import AuthActions
from tests.factories import approve


def test_iso_documents_by_level_with_clause_and_review_date(client, team):
    proc = services.create_document(
        team.author,
        "procedure",
        "文件控制程序",
        "质量体系",
        review_interval_months=24,
        iso_clause="7.5",
        content_md="## 1 目的\n\n控制文件。\n",
    )
    approve(team, proc.versions[0], effective_date=date(2021, 5, 1))
    manual = services.create_document(team.author, "manual", "质量手册", content_md="## 0 前言\n")
    approve(team, manual.versions[0], effective_date=date(2022, 3, 1))
    AuthActions(client).login(team.evaluator)
    page = client.get("/procedures/").get_data(as_text=True)
    assert page.index("质量手册") < page.index("程序文件") < page.index("作业指导书") < page.index("记录表单")
    assert "SF-QP-01" in page and "7.5 成文信息" in page
    assert "2023年5月1日" in page and "已逾期" in page  # 24 months after 2021-05-01
