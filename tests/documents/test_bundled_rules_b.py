"""Checks on the bundled documents of part B: rules SF-ZD-018 … SF-ZD-034, the quality manual,
procedures, work instructions and forms (documents/rules, manual, procedures, instructions, forms).

Pure file checks: no app, no database. Front matter is read with a small local parser, so a
malformed file fails here even if the real loader becomes more lenient.
"""

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from app.core.cn_numerals import cn_to_int as cn_number
from app.documents.logic.frontmatter import split_front_matter

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "documents"
SHARED = ROOT.parent / "shared"

RULE_NUMBERS = [f"SF-ZD-{n:03d}" for n in range(18, 35)]
BASE_KEYS = (
    "kind",
    "number",
    "title",
    "category",
    "owner_office",
    "review_interval_months",
    "revision",
    "effective_date",
    "change_reason",
)
RULE_CATEGORIES = {"综合管理", "审批服务", "监督考核", "考核评比", "党风廉政", "机关事务", "安全卫生"}
NUMBER_PATTERNS = {
    "rule": re.compile(r"^SF-ZD-0(1[89]|2\d|3[0-4])$"),
    "manual": re.compile(r"^SF-QM$"),
    "procedure": re.compile(r"^SF-QP-\d{2}$"),
    "instruction": re.compile(r"^SF-WI-\d{3}$"),
    "form": re.compile(r"^SF-QR-\d{3}$"),
}
DIR_KIND = {"manual": "manual", "procedures": "procedure", "instructions": "instruction", "forms": "form"}
REVISION = re.compile(r"^[A-Z]/\d+$")
CLAUSE = re.compile(r"^\d+(\.\d+)*$")
ARTICLE = re.compile(r"^第([零一二三四五六七八九十百]+)条　\S")


def parse(path):
    """The loader's own parser, so these checks see the files exactly as `flask documents load` does."""
    return split_front_matter(path.read_text(encoding="utf-8"))


def rev_key(revision):
    letter, _, minor = revision.partition("/")
    return (letter, int(minor))


def part_b_files():
    files = []
    for number in RULE_NUMBERS:
        files += sorted((DOCS / "rules").glob(f"{number}_*.md"))
    for folder in DIR_KIND:
        files += sorted((DOCS / folder).glob("SF-*.md"))
    return files


FILES = part_b_files()
PARSED = {p: parse(p) for p in FILES}


def by_number(kind=None):
    groups = defaultdict(list)
    for path, (meta, body) in PARSED.items():
        if kind is None or meta["kind"] == kind:
            groups[meta["number"]].append((meta, body, path))
    for versions in groups.values():
        versions.sort(key=lambda v: rev_key(v[0]["revision"]))
    return groups


def article_numbers(body):
    return [cn_number(m.group(1)) for line in body.splitlines() if (m := ARTICLE.match(line))]


def headings(body, level="## "):
    return [line[len(level) :].strip() for line in body.splitlines() if line.startswith(level)]


def test_every_part_b_number_is_present():
    groups = by_number()
    for number in RULE_NUMBERS + ["SF-QM"] + [f"SF-QP-{n:02d}" for n in range(1, 10)]:
        assert number in groups, f"缺少 {number}"
    for number in ("SF-WI-001", "SF-WI-002", "SF-QR-001", "SF-QR-002", "SF-QR-003"):
        assert number in groups, f"缺少 {number}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_front_matter(path):
    meta, body = PARSED[path]
    for key in BASE_KEYS:
        assert meta.get(key), f"{path.name}: 缺少 {key}"
    kind = meta["kind"]
    assert kind in NUMBER_PATTERNS, f"{path.name}: 未知 kind {kind}"
    folder = path.parent.name
    assert kind == ("rule" if folder == "rules" else DIR_KIND[folder]), f"{path.name}: kind 与目录不符"
    assert NUMBER_PATTERNS[kind].match(meta["number"]), f"{path.name}: 编号 {meta['number']} 不符合格式"
    assert REVISION.match(meta["revision"]), f"{path.name}: 版本号 {meta['revision']}"
    assert path.name == f"{meta['number']}_{meta['revision'].replace('/', '')}.md"
    effective = date.fromisoformat(meta["effective_date"])
    # A version may be approved ahead of its effective date (已批准（待生效）), e.g. SF-ZD-033 A/1.
    assert date(2018, 1, 1) <= effective <= date(2027, 12, 31)
    assert int(meta["review_interval_months"]) in (6, 12, 24, 36)
    if kind == "rule":
        assert meta["category"] in RULE_CATEGORIES
        assert meta["title"].startswith(("示范市行政服务中心", "落实"))
        assert "焦作" not in meta["title"]
    else:
        assert meta["category"] == "质量体系"
    if kind in ("manual", "procedure"):
        assert CLAUSE.match(meta.get("iso_clause", "")), f"{path.name}: iso_clause 缺失或格式错误"
    assert not body.lstrip().startswith("# "), f"{path.name}: 正文不应有标题行"
    assert "焦作" not in body


def test_revisions_unique_and_dates_increase():
    for number, versions in by_number().items():
        revisions = [m["revision"] for m, _, _ in versions]
        assert len(set(revisions)) == len(revisions), f"{number}: 版本号重复 {revisions}"
        assert revisions[0] == "A/0", f"{number}: 第一个版本应为 A/0"
        assert versions[0][0]["change_reason"] == "首次发布"
        dates = [m["effective_date"] for m, _, _ in versions]
        assert dates == sorted(dates) and len(set(dates)) == len(dates), f"{number}: 生效日期未递增 {dates}"
        titles = {m["title"] for m, _, _ in versions}
        assert len(titles) == 1, f"{number}: 各版本标题不一致"


def test_second_versions_where_asked():
    groups = by_number()
    for number in ("SF-ZD-018", "SF-ZD-028", "SF-QM", "SF-QP-01"):
        assert len(groups[number]) >= 2, f"{number} 应有两个版本"
    r18 = {m["revision"]: m["effective_date"] for m, _, _ in groups["SF-ZD-018"]}
    assert r18 == {"A/0": "2019-01-01", "A/1": "2024-01-01"}


@pytest.mark.parametrize("number", RULE_NUMBERS)
def test_rule_articles_are_consecutive(number):
    for meta, body, path in by_number("rule")[number]:
        arts = article_numbers(body)
        assert len(arts) >= 5, f"{path.name}: 条文少于 5 条"
        assert arts == list(range(1, len(arts) + 1)), f"{path.name}: 条文序号不连续 {arts}"
        assert headings(body)[0] == "第一章 总则", f"{path.name}: 第一章应为总则"
        chapters = [cn_number(re.match(r"第(\S+)章", h).group(1)) for h in headings(body)]
        assert chapters == list(range(1, len(chapters) + 1)), f"{path.name}: 章序号不连续"
        length = len(re.sub(r"\s", "", body))
        assert 450 <= length <= 2500, f"{path.name}: 正文长度 {length} 不合适"
        assert re.search(r"自\d{4}年\d{1,2}月\d{1,2}日起施行", body), f"{path.name}: 缺少施行日期"
        y, m, d = meta["effective_date"].split("-")
        assert f"自{int(y)}年{int(m)}月{int(d)}日起施行" in body, f"{path.name}: 施行日期与元数据不一致"


def test_items_are_separate_paragraphs():
    for path, (meta, body) in PARSED.items():
        if meta["kind"] != "rule":
            continue
        for line in body.splitlines():
            assert not re.search(r"。（[一二三四五六七八九十]+）", line), f"{path.name}: 项应另起一段：{line[:30]}"


@pytest.mark.parametrize("number", [f"SF-QP-{n:02d}" for n in range(1, 10)])
def test_procedure_sections(number):
    for meta, body, path in by_number("procedure")[number]:
        names = [re.sub(r"^\d+\s*", "", h) for h in headings(body)]
        assert names[:4] == ["目的", "适用范围", "职责", "工作程序"], f"{path.name}: 章节 {names}"
        assert "相关文件" in names and names[-1] == "记录"
        assert any(h.startswith("4.1 ") for h in headings(body, "### "))
        assert "| 记录名称 | 编号 | 保存期限 | 保管部门 |" in body
        length = len(re.sub(r"\s", "", body))
        assert 1500 <= length <= 3500, f"{path.name}: 正文长度 {length}"


def test_procedure_clauses():
    expected = {
        "SF-QP-01": "7.5",
        "SF-QP-02": "7.5.3",
        "SF-QP-03": "9.2",
        "SF-QP-04": "8.7",
        "SF-QP-05": "10.2",
        "SF-QP-06": "9.3",
        "SF-QP-07": "9.1.2",
        "SF-QP-08": "8.5.1",
        "SF-QP-09": "9.1.2",
    }
    groups = by_number("procedure")
    for number, clause in expected.items():
        assert {m["iso_clause"] for m, _, _ in groups[number]} == {clause}


def test_manual_lists_the_procedures_and_objectives():
    versions = by_number("manual")["SF-QM"]
    latest_meta, latest, _ = versions[-1]
    for text in ("42个", "31个", "便民、高效、规范、廉洁", "≥ 50 %", "≥ 98 %", "有效投诉办结率"):
        assert text in latest, f"SF-QM 最新版缺少 {text}"
    procedures = by_number("procedure")
    for number, pversions in procedures.items():
        title = pversions[-1][0]["title"]
        assert f"| {number} | {title} |" in latest, f"程序文件清单缺少 {number}"
    # the first edition must not list a procedure that was issued after it
    first_meta, first, _ = versions[0]
    for number, pversions in procedures.items():
        issued = pversions[0][0]["effective_date"]
        assert (f"| {number} |" in first) == (issued <= first_meta["effective_date"]), number


def test_rule_18_latest_states_weights_quota_and_steps():
    meta, body, _ = by_number("rule")["SF-ZD-018"][-1]
    assert meta["revision"] == "A/1"
    flat = re.sub(r"\s", "", body)
    for weight in ("月度考核成绩占40%", "民主测评得分占30%", "群众评价得分占20%", "领导意见得分占10%"):
        assert weight in flat, weight
    assert "不超过当期在岗窗口工作人员总数的百分之十" in flat
    assert "按一名确定" in flat and "同一窗口每期最多评选一名" in flat
    for fact in (
        "98分以上",
        "满分",
        "有效投诉",
        "旷工",
        "不超过2次",
        "累计达到5次",
        "无记名投票",
        "首席代表",
        "回访",
        "公示5个工作日",
        "申诉",
        "荣誉证书",
        "按月评选",
        "按季度评选",
        "年度",
    ):
        assert fact in flat, fact


def test_rule_18_first_edition_differs():
    meta, body, _ = by_number("rule")["SF-ZD-018"][0]
    flat = re.sub(r"\s", "", body)
    assert "占50%" in flat and "民主测评得分占30%" in flat and "群众评价得分占20%" in flat
    assert "领导意见" not in flat
    assert "每季度评选一次" in flat


def test_rule_18_agrees_with_domain_defaults():
    domain = SHARED / "DOMAIN.md"
    if not domain.exists():
        pytest.fail(f"{domain} is missing: ../shared must sit beside the clone (it does in CI)")
    text = domain.read_text(encoding="utf-8")
    section = text.split("## Service model staff", 1)[1].split("\n## ", 1)[0]
    weights = [int(w) for w in re.findall(r"(\d+) %", section.split("Default score", 1)[1])[:5]]
    assert weights[:4] == [40, 30, 20, 10] and weights[4] == 10  # four weights, then the quota
    _, body, _ = by_number("rule")["SF-ZD-018"][-1]
    stated = [int(w) for w in re.findall(r"占(\d+)%", body)]
    assert stated == weights[:4]
    assert re.search(r"公示(\d+)个工作日", body).group(1) == re.search(r"公示.*?for (\d+) working", section).group(1)


def test_forms_are_field_tables_with_instructions():
    for number, versions in by_number("form").items():
        _, body, path = versions[-1]
        rows = [line for line in body.splitlines() if line.startswith("| ") and "---" not in line]
        assert len(rows) >= 8, f"{path.name}: 字段太少"
        assert "## 填写说明" in body


def test_work_instructions_cover_the_steps():
    groups = by_number("instruction")
    wi1 = re.sub(r"\s", "", groups["SF-WI-001"][-1][1])
    for step in ("一次性告知", "补正", "受理", "不予受理", "SF-QR-001"):
        assert step in wi1
    wi2 = re.sub(r"\s", "", groups["SF-WI-002"][-1][1])
    for step in ("黄灯", "红灯", "绿灯", "暂停计时"):
        assert step in wi2


def test_no_seed_text():
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    if not seeds:
        pytest.fail(f"no seeds under {SHARED / 'seeds'}: ../shared must sit beside the clone (it does in CI)")
    n = 20
    shingles = set()
    for seed in seeds:
        for line in seed.read_text(errors="replace").splitlines():
            t = re.sub(r"\s+", "", line)
            if len(t) >= 50:
                shingles.update(t[i : i + n] for i in range(len(t) - n + 1))
    for path in FILES:
        flat = re.sub(r"\s+", "", path.read_text(encoding="utf-8"))
        copied = [flat[i : i + n] for i in range(len(flat) - n + 1) if flat[i : i + n] in shingles]
        assert not copied, f"{path.name}: 与种子文本重复：{copied[0]}"
