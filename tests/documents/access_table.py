from app.auth.roles import ADMIN, ALL_ROLES, AUDITOR, DOC_MANAGER

MANAGERS = frozenset({ADMIN, DOC_MANAGER})
READERS_OF_EVERYTHING = frozenset({ADMIN, DOC_MANAGER, AUDITOR})

EXPECTED = {
    "documents.register": ALL_ROLES,
    "documents.show": ALL_ROLES,
    "documents.on_date": ALL_ROLES,
    "documents.version": ALL_ROLES,
    "documents.compare": ALL_ROLES,
    "documents.new_document": MANAGERS,
    "documents.new_draft": MANAGERS,
    "documents.properties": MANAGERS,
    "documents.edit_draft": MANAGERS,
    "documents.submit": MANAGERS,
    "documents.withdraw": MANAGERS,
    "documents.repeal": MANAGERS,
    "documents.settings": MANAGERS,
    "documents.import_docx": MANAGERS,
    "documents.sign": MANAGERS,
    "documents.acknowledge": ALL_ROLES - {AUDITOR},  # 审核员 changes nothing (issue 12)
    "documents.to_read": ALL_ROLES - {AUDITOR},
    "documents.export": ALL_ROLES,
    "documents.reading_overview": READERS_OF_EVERYTHING,
    "documents.readers": READERS_OF_EVERYTHING,
    "documents.review_due": READERS_OF_EVERYTHING,
    "documents.record_review": MANAGERS,
    "documents.new_variant": MANAGERS,  # a 补充规定 / 本地版本 of a rule handed down (issue 13 item 2)
    "documents.redraft_local": MANAGERS,
}
