"""Masking personal data for people who may not see it (个人信息保护法: minimum necessary).

张某某 → 张**, 欧阳澄 → 欧**, 13800001234 → 138****1234, 0391-2345678 → 039*****5678,
an ID number 110101199003071234 → 110***********1234. Empty stays empty."""

import re

NAME, PHONE, ID_NUMBER = "name", "phone", "id_number"
_DIGITS = re.compile(r"\d")


def mask_name(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    return value[0] + "*" * max(1, len(value) - 1)


def mask_number(value: str) -> str:
    """Keep the first 3 and last 4 characters of a phone or ID number (the last 3 when short)."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) >= 11:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    if len(value) >= 7:
        return value[:3] + "*" * (len(value) - 6) + value[-3:]
    return value[0] + "*" * (len(value) - 1)


def mask_contact(value: str) -> str:
    """A free contact field: a number is masked as one, anything else (an e-mail, a name) as a name."""
    value = (value or "").strip()
    if len(_DIGITS.findall(value)) >= 6:
        return mask_number(value)
    if "@" in value:
        local, _, domain = value.partition("@")
        return mask_name(local) + "@" + domain
    return mask_name(value)


def mask(value: str, kind: str = NAME) -> str:
    if kind == NAME:
        return mask_name(value)
    if kind == ID_NUMBER:
        return mask_number(value)
    return mask_contact(value)
