"""Internal audit rules on tables, without an app: programme coverage, auditor independence,
clause syntax, checklists from the clauses and the documents in force."""

import pytest

from app.quality.logic import audits as al
from app.quality.logic.audits import Auditor, AuditScope, coverage, independence_conflicts

WD = {10: 1, 11: 1, 20: 2}  # windows 10, 11 belong to department 1, window 20 to department 2


def scope(i, clauses, windows=(), depts=()):
    return AuditScope(i, f"NS-{i}", frozenset(clauses), frozenset(windows), frozenset(depts))


@pytest.mark.parametrize(
    "audits, missing_clauses, missing_windows, missing_depts",
    [
        ([], ["7.5", "8.5.1", "9.2"], [10, 11, 20], [1, 2]),
        ([scope(1, ["7"], [10])], ["8.5.1", "9.2"], [11, 20], [2]),  # '7' covers 7.5; window 10 covers dept 1
        ([scope(1, ["8.5"], depts=[1]), scope(2, ["9.2", "7.5"], [20])], [], [], []),  # dept 1 covers its windows
        (
            [scope(1, ["8.5.1.2"])],
            ["7.5", "8.5.1", "9.2"],
            [10, 11, 20],
            [1, 2],
        ),  # a sub-clause does not cover its parent
    ],
)
def test_coverage_matrix_names_the_gaps(audits, missing_clauses, missing_windows, missing_depts):
    cov = coverage(audits, ["7.5", "8.5.1", "9.2"], [10, 11, 20], [1, 2], WD)
    assert cov.missing_clauses == missing_clauses
    assert cov.missing_windows == missing_windows
    assert cov.missing_departments == missing_depts
    assert cov.complete == (not (missing_clauses or missing_windows or missing_depts))


@pytest.mark.parametrize(
    "auditor, s, conflicts",
    [
        (Auditor(1, "甲", department_id=2), scope(1, ["8.5"], [10]), []),
        (
            Auditor(1, "甲", department_id=1),
            scope(1, ["8.5"], [10]),
            ["甲所在单位在审核范围内"],
        ),  # own department via its window
        (
            Auditor(1, "甲", window_id=10, department_id=1),
            scope(1, ["8.5"], [10]),
            ["甲在受审核窗口工作", "甲所在单位在审核范围内"],
        ),
        (Auditor(1, "甲", department_id=1), scope(1, ["8.5"], depts=[1]), ["甲所在单位在审核范围内"]),
        (
            Auditor(1, "甲", owned_processes=frozenset({"7.5"})),
            scope(1, ["7"], [20]),
            ["甲是受审核过程（7.5）的负责人"],
        ),
        (Auditor(1, "甲", owned_processes=frozenset({"7.5"})), scope(1, ["7.5.3"]), ["甲是受审核过程（7.5）的负责人"]),
        (Auditor(1, "甲", owned_processes=frozenset({"9.2"})), scope(1, ["8.5", "9.1"], [20]), []),
        (Auditor(1, "甲"), scope(1, ["4", "5", "6", "7", "8", "9", "10"]), []),  # center staff, no own process
    ],
)
def test_auditor_never_audits_own_area(auditor, s, conflicts):
    assert independence_conflicts(auditor, s, WD) == conflicts


@pytest.mark.parametrize(
    "clause, ok",
    [
        ("8", True),
        ("8.5.1", True),
        ("10.2", True),
        ("9.3.2", True),
        ("3.1", False),
        ("11", False),
        ("8.", False),
        ("abc", False),
        ("", False),
    ],
)
def test_known_clause(clause, ok):
    assert al.known_clause(clause) is ok


def test_checklist_from_clauses_and_documents_in_force():
    docs = [
        ("SF-QP-05", "纠正措施程序", "10.2", []),
        ("SF-QP-08", "承诺件受理与办理程序", "8.5.1", []),
        (
            "SF-ZD-001",
            "窗口服务规定",
            "8.5",
            [("一", "为了规范窗口服务，制定本规定。"), ("二", "窗口工作人员应当挂牌上岗。")],
        ),
    ]
    lines = al.checklist(["8.5", "10.2"], {"8.5": "生产和服务提供", "10.2": "不合格和纠正措施"}, docs)
    assert [(ln.clause, ln.document_number, ln.article) for ln in lines] == [
        ("8.5", "", ""),
        ("8.5", "SF-QP-08", ""),
        ("8.5", "SF-ZD-001", ""),
        ("8.5", "SF-ZD-001", "第一条"),
        ("8.5", "SF-ZD-001", "第二条"),
        ("10.2", "", ""),
        ("10.2", "SF-QP-05", ""),
    ]
    assert "挂牌上岗" in lines[4].question and lines[0].question.startswith("8.5 生产和服务提供")


def test_procedure_sections_become_questions():
    docs = [("SF-QP-05", "纠正措施程序", "10.2", [("", "职责"), ("", "工作程序")])]
    lines = al.checklist(["10"], {}, docs)
    assert [ln.question for ln in lines[2:]] == [
        "《纠正措施程序》“职责”：是否照此执行，有无记录？",
        "《纠正措施程序》“工作程序”：是否照此执行，有无记录？",
    ]
    assert all(ln.article == "" and ln.document_number == "SF-QP-05" for ln in lines[1:])
