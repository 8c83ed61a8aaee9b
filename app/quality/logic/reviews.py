"""Management review (ISO 9001 9.3.2): the inputs a review must consider, by clause. Pure data."""

INPUTS = [
    ("9.3.2a", "以往管理评审所采取措施的情况"),
    ("9.3.2b", "与质量管理体系相关的内外部因素的变化"),
    ("9.3.2c1", "顾客满意和相关方的反馈（好差评趋势、投诉、表扬）"),
    ("9.3.2c2", "质量目标的实现程度"),
    ("9.3.2c3", "过程绩效以及产品和服务的合格情况（按时办结率、即办件占比、超期办件、考核趋势与红旗）"),
    ("9.3.2c4", "不合格及纠正措施"),
    ("9.3.2c5", "监视和测量结果"),
    ("9.3.2c6", "审核结果（内部审核与外部审核）"),
    ("9.3.2c7", "外部供方的绩效"),
    ("9.3.2d", "资源的充分性"),
    ("9.3.2e", "应对风险和机遇所采取措施的有效性"),
    ("9.3.2f", "改进的机会"),
]
INPUT_LABELS = dict(INPUTS)


def trend_word(first, last, higher_is_better: bool = True, tolerance: float = 0.5) -> str:
    """上升 / 下降 / 持平 between two values of a series (None when either is missing)."""
    if first is None or last is None:
        return "—"
    if abs(last - first) <= tolerance:
        return "持平"
    better = (last > first) == higher_is_better
    return ("上升" if last > first else "下降") + ("（向好）" if better else "（变差）")


def pct(num: int, den: int) -> float | None:
    return round(num * 100 / den, 1) if den else None


def _p(v) -> str:
    return "—" if v is None else f"{v:g}%"


def compose(f: dict) -> dict:
    """The review's inputs by clause of 9.3.2 from the facts the records gave (queries.review_facts):
    {clause: {"title", "lines": [sentences], "header": [...], "rows": [[...]]}}. Pure: numbers in,
    Chinese out, so a review reads the same whenever its snapshot is shown."""
    out = {code: {"title": title, "lines": [], "header": [], "rows": []} for code, title in INPUTS}

    a = out["9.3.2a"]
    acts = f.get("previous_actions", [])
    done = sum(1 for x in acts if x["state"] == "done")
    if acts:
        a["lines"].append(f"以往管理评审措施 {len(acts)} 项：已完成 {done} 项，未完成 {len(acts) - done} 项。")
        a["header"] = ["评审", "措施", "负责人", "期限", "状态"]
        a["rows"] = [[x["review"], x["text"], x["owner"], x["due"], x["state_label"]] for x in acts]
    else:
        a["lines"].append("本次为首次管理评审，或以往评审未提出措施。")

    b = out["9.3.2b"]
    docs = f.get("documents", {})
    b["lines"].append(f"评审期内发布或修订受控文件 {docs.get('approved', 0)} 份，废止 {docs.get('repealed', 0)} 份。")
    b["header"], b["rows"] = ["文件", "版本", "生效日期", "修订原因"], docs.get("rows", [])

    c1 = out["9.3.2c1"]
    months = f.get("ratings_by_month", [])
    total = sum(m[1] for m in months)
    sat = sum(m[2] for m in months)
    bad = sum(m[3] for m in months)
    c1["lines"].append(f"好差评 {total} 条，满意率 {_p(pct(sat, total))}，差评 {bad} 条。")
    rated = [m for m in months if m[1]]
    if len(rated) >= 2:
        c1["lines"].append(
            f"满意率趋势（{rated[0][0]}至{rated[-1][0]}）："
            + trend_word(pct(rated[0][2], rated[0][1]), pct(rated[-1][2], rated[-1][1]))
            + "。"
        )
    comp = f.get("complaints", {})
    c1["lines"].append(
        f"效能投诉 {comp.get('received', 0)} 件，其中属实 {comp.get('valid', 0)} 件；表扬 {f.get('commendations', 0)} 次。"
    )
    c1["header"] = ["月份", "评价数", "满意率", "差评"]
    c1["rows"] = [[m[0], str(m[1]), _p(pct(m[2], m[1])), str(m[3])] for m in months]

    c2 = out["9.3.2c2"]
    objs = f.get("objectives", [])
    c2["header"] = ["目标", "目标值", "达成月数", "未达成月数", "最近值"]
    for o in objs:
        c2["rows"].append([o["name"], f"{o['target']:g}%", str(o["met"]), str(o["missed"]), _p(o["last"])])
    missed = [o["name"] for o in objs if o["missed"]]
    c2["lines"].append(
        f"质量目标 {len(objs)} 项"
        + (f"，有未达成月份的：{'、'.join(missed)}。" if missed else "，评审期内各月均达成。")
    )

    c3 = out["9.3.2c3"]
    cs = f.get("cases", {})
    c3["lines"].append(
        f"办结 {cs.get('completed', 0)} 件，按时办结率 {_p(pct(cs.get('on_time', 0), cs.get('completed', 0)))}；"
        f"收件 {cs.get('received', 0)} 件，即办件占比 {_p(pct(cs.get('instant', 0), cs.get('received', 0)))}；"
        f"期末超期未办结 {cs.get('overdue_open', 0)} 件。"
    )
    reds = f.get("red_windows", [])
    if reds:
        c3["lines"].append("超过承诺时限（亮红灯）最多的窗口：" + "、".join(f"{w}（{n} 件）" for w, n in reds) + "。")
    sc = f.get("scores", [])
    if sc:
        c3["lines"].append(
            f"月度考核平均分：{'、'.join(f'{m}{v:.1f}' for m, v in sc)}；趋势" + trend_word(sc[0][1], sc[-1][1]) + "。"
        )
    flags = f.get("flags", [])
    if flags:
        c3["lines"].append("“流动红旗”：" + "、".join(f"{w} {n} 次" for w, n in flags) + "。")
    c3["header"] = ["月份", "办结", "按时办结率", "收件", "即办件占比"]
    c3["rows"] = [
        [m[0], str(m[1]), _p(pct(m[2], m[1])), str(m[3]), _p(pct(m[4], m[3]))] for m in f.get("cases_by_month", [])
    ]

    c4 = out["9.3.2c4"]
    nc = f.get("ncs", {})
    c4["lines"].append(
        f"评审期内新开不合格 {nc.get('opened', 0)} 项，关闭 {nc.get('closed', 0)} 项，期末未关闭 {nc.get('open', 0)} 项，"
        f"逾期步骤 {nc.get('overdue_steps', 0)} 个；有效性评价 {nc.get('checked', 0)} 次，其中无效 {nc.get('ineffective', 0)} 次。"
    )
    c4["header"] = ["编号", "来源", "标题", "状态"]
    c4["rows"] = nc.get("rows", [])

    c5 = out["9.3.2c5"]
    mon = f.get("monitoring", {})
    c5["lines"].append(
        f"投诉按期办结率 {_p(pct(mon.get('complaints_on_time', 0), mon.get('complaints_due', 0)))}；"
        f"属实差评按期整改率 {_p(pct(mon.get('rectified_on_time', 0), mon.get('rectify_due', 0)))}。"
    )

    c6 = out["9.3.2c6"]
    aud = f.get("audits", [])
    c6["header"] = ["审核", "日期", "符合", "观察项", "不符合", "状态"]
    c6["rows"] = [
        [x["number"], x["on"], str(x["conform"]), str(x["observation"]), str(x["nonconform"]), x["state"]] for x in aud
    ]
    c6["lines"].append(
        f"内部审核实施 {len(aud)} 次，不符合 {sum(x['nonconform'] for x in aud)} 项、观察项 {sum(x['observation'] for x in aud)} 项；"
        f"外部审核发现的不合格 {f.get('external_ncs', 0)} 项。"
    )

    out["9.3.2c7"]["lines"].append(f.get("suppliers") or "记录中没有外部供方的绩效数据，请在会上补充。")
    res = f.get("resources", {})
    out["9.3.2d"]["lines"].append(
        f"在岗窗口 {res.get('windows', 0)} 个、进驻单位 {res.get('departments', 0)} 个、工作人员 {res.get('staff', 0)} 人；"
        f"内审员 {res.get('auditors', 0)} 名。"
    )
    risk = f.get("risks", {})
    out["9.3.2e"]["lines"].append(
        f"严重不合格 {risk.get('major', 0)} 项；连续未达成的质量目标 {risk.get('objective_runs', 0)} 项；"
        f"亮红灯 3 件以上的窗口月 {risk.get('red_months', 0)} 个。"
    )
    imp = f.get("improvement", {})
    out["9.3.2f"]["lines"].append(
        f"记录提出的不合格建议 {imp.get('proposals', 0)} 条（采纳 {imp.get('accepted', 0)} 条，待处理 {imp.get('pending', 0)} 条）。"
    )
    return out
