"""Chinese numerals as used in 第十七条 / 第一百零三条. Pure."""

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
# regex character class of a numeral (Chinese or Arabic), for 第X条 / 第X章 patterns
CN_NUM = r"[零〇一二两三四五六七八九十百千\d]+"

# What an article is, the one definition (rules' article split, Word import, the version diff):
# 第X条 (or 第X条之一), optionally bold in Markdown, then spaces / a colon and the article's text.
# Groups: label (第十条之一), num (十), suffix (之一 or None), text.
ARTICLE = re.compile(
    rf"^(?:\*\*)?(?P<label>第(?P<num>{CN_NUM})条(?P<suffix>之[一二三四五六七八九十]+)?)(?:\*\*)?"
    r"[\s\u3000:：]*(?P<text>.*)$"
)


def cn_to_int(text: str) -> int | None:
    """'十七' -> 17, '一百零三' -> 103, '二十' -> 20, '17' -> 17; None if not a numeral."""
    text = (text or "").strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def int_to_cn(n: int) -> str:
    """17 -> '十七', 103 -> '一百零三', 10 -> '十' (as written in 第十条), for 0..9999."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            out += ("零" if zero and out else "") + digits[d] + unit
            zero = False
        elif out:
            zero = True
    return out
