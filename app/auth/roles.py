"""The five roles of HallMark. Pure data: no Flask imports."""

ADMIN = "admin"
DOC_MANAGER = "doc_manager"
EVALUATOR = "evaluator"
WINDOW_STAFF = "window_staff"
AUDITOR = "auditor"
QUALITY_MANAGER = "quality_manager"  # 质量负责人 (ISO 9001 5.3): owns the improvement loop

ROLE_LABELS = {
    ADMIN: "系统管理员",
    DOC_MANAGER: "文件管理员",
    EVALUATOR: "考评员",
    WINDOW_STAFF: "窗口工作人员",
    AUDITOR: "审核员",
    QUALITY_MANAGER: "质量负责人",
}
ALL_ROLES = frozenset(ROLE_LABELS)
