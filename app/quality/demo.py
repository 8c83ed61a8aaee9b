"""A year of the improvement loop at the demo center (all names invented), relative to the load day:
内审员, quality objectives for last year and this year computed from the records (twelve monthly
values), this year's audit programme with two audits done and one planned (the coverage matrix
shows what is left), nonconformities in every state (one closed after its effectiveness check,
one whose corrective action revised 《工作人员守则》, one voided), proposals from the records
(one rejected with a reason), and one management review held with its report. Every step goes
through the services, so the audit trail reads as the center's own. Idempotent."""

from __future__ import annotations

from datetime import date, timedelta

import click
from sqlalchemy import select

from ..auth.models import User
from ..core import demoprofile
from ..core.timeutil import local_today
from ..extensions import db
from .models import AuditProgramme, NcProposal

PASSWORD = "hallmark2026"  # app/auth/demo.py DEMO_PASSWORD
REVISED_RULE = "SF-ZD-014"  # 工作人员守则: 挂牌上岗 (第五条) gets a check at shift start


def _user(username: str):
    return db.session.scalar(select(User).filter_by(username=demoprofile.login(username)))


def load() -> None:
    if db.session.scalar(select(AuditProgramme.id).limit(1)) is not None:
        click.echo("质量改进演示数据已存在，跳过。")
        return
    people = {
        u: _user(u) for u in ("zhiliang", "admin", "wenjian", "shenhe", "kaoping", "kaoping2", "shenji", "chuangkou")
    }
    if any(v is None for v in people.values()):
        click.echo("质量改进演示数据：缺少演示账号，跳过。")
        return
    from ..records.models import Window

    windows = {w.number: w for w in db.session.scalars(select(Window))}
    if "6" not in windows:
        click.echo("质量改进演示数据：缺少业务记录演示数据，跳过。")
        return
    today = local_today()
    t = _Demo(people, windows, today)
    t.auditors()
    t.objectives()
    t.programme()
    t.nonconformities()
    t.review()
    db.session.commit()
    click.echo(
        f"质量改进演示数据：审核方案 1 个（{t.done} 次已实施）、不合格 {t.ncs} 项、管理评审 1 次、质量目标 8 项。"
    )


class _Demo:
    def __init__(self, people, windows, today):
        self.p, self.w, self.today = people, windows, today
        self.qm = people["zhiliang"]
        self.done = self.ncs = 0

    def day(self, days_ago: int) -> date:
        """A day this year, `days_ago` before the load day (never before 10 January)."""
        return max(self.today - timedelta(days=days_ago), date(self.today.year, 1, 10))

    # ------------------------------------------------------------------ 内审员 and objectives
    def auditors(self):
        from .services import audits

        w = self.w
        audits.appoint_auditor(
            self.qm,
            self.p["shenhe"].id,
            owned_clauses="9.1.2",
            qualified_on=date(2023, 5, 12),
            certificate="内审员证 NS-2023-017",
        )
        audits.appoint_auditor(
            self.qm,
            self.p["kaoping"].id,
            department_id=w["6"].department_id,
            qualified_on=date(2024, 4, 20),
            certificate="内审员证 NS-2024-031",
        )
        audits.appoint_auditor(
            self.qm,
            self.p["kaoping2"].id,
            department_id=w["10"].department_id,
            qualified_on=date(2024, 4, 20),
            certificate="内审员证 NS-2024-032",
        )
        audits.appoint_auditor(
            self.qm, self.p["shenji"].id, qualified_on=date(2022, 9, 3), certificate="内审员证 NS-2022-008"
        )
        db.session.commit()

    def objectives(self):
        from .services import objectives

        for year in (self.today.year - 1, self.today.year):
            for measure, target in (
                ("on_time_rate", 99),
                ("satisfaction", 98),
                ("complaint_on_time", 100),
                ("instant_share", 50),
            ):
                objectives.create(self.qm, "", measure, target, year, owner_id=self.p["shenhe"].id)
            objectives.refresh(self.qm, year, today=self.today)
        db.session.commit()

    # ------------------------------------------------------------------ the programme and its audits
    def programme(self):
        from .services import audits

        y = self.today.year
        self.prog = audits.create_programme(
            self.qm,
            y,
            note="按 SF-QP-03《内部审核程序》，全年覆盖 GB/T 19001-2016 第4–10章、全部窗口和进驻单位，每季度至少一次。",
        )
        w = self.w
        sh, sj, kp, kp2 = self.p["shenhe"], self.p["shenji"], self.p["kaoping"], self.p["kaoping2"]
        self.a1 = audits.plan_audit(
            self.qm,
            self.prog,
            title="窗口服务提供过程审核",
            planned_on=self.day(85),
            clauses="7.5, 8.5",
            window_ids=[w["6"].id, w["8"].id, w["19"].id],
            rule_numbers=REVISED_RULE,
            member_ids=[sh.id, sj.id],
            leader_id=sh.id,
        )
        self.a2 = audits.plan_audit(
            self.qm,
            self.prog,
            title="体系策划、评价与改进过程审核",
            planned_on=self.day(40),
            clauses="4, 5, 6, 9.1, 9.2, 9.3, 10.2, 10.3",
            window_ids=[w["1"].id, w["10"].id, w["15"].id],
            member_ids=[kp.id, sj.id],
            leader_id=kp.id,
        )
        self.a3 = audits.plan_audit(
            self.qm,
            self.prog,
            title="支持与运行过程审核",
            planned_on=min(self.today + timedelta(days=20), date(y, 12, 28)),
            clauses="7.1, 7.2, 7.3, 7.4, 8.1, 8.2, 8.4",
            window_ids=[w["2"].id, w["12"].id, w["13"].id],
            member_ids=[kp2.id, sh.id],
            leader_id=kp2.id,
        )
        for a in (self.a1, self.a2, self.a3):
            audits.build_checklist(self.qm, a)
        db.session.commit()
        self._perform(
            self.a1,
            sh,
            {"第五条": ("nonconform", w["6"].id, "6号窗口抽查两名工作人员未佩戴工作牌，交接班记录无检查栏。")},
            observation=(w["19"].id, "19号窗口排队叫号屏偶有卡顿，未影响办理。"),
            summary="窗口服务提供过程总体受控；挂牌上岗执行不到位，开具不符合一项。",
        )
        self._perform(
            self.a2,
            kp,
            {"10.2": ("nonconform", w["10"].id, "抽查3份纠正措施处理单，2份未做原因分析即关闭。")},
            summary="体系策划与改进过程基本有效；纠正措施原因分析流于形式，开具不符合一项。",
        )
        self.done = 2

    def _perform(self, audit, leader, faults: dict, observation=None, summary=""):
        from .services import audits

        on = audit.planned_on
        team = [m.user for m in audit.members]
        wids = audit.window_id_list
        marked = set()
        for i, item in enumerate(audit.items):
            key = item.article or (item.clause if not item.document_number else None)
            who = team[i % len(team)]
            if key in faults and key not in marked:
                finding, wid, evidence = faults[key]
                marked.add(key)
                audits.record_finding(who, item, finding, evidence, window_id=wid, today=on)
            elif observation and i == 3:
                audits.record_finding(who, item, "observation", observation[1], window_id=observation[0], today=on)
            else:
                audits.record_finding(who, item, "conform", "", window_id=wids[i % len(wids)], today=on)
        audits.perform(leader, audit, on, summary)
        audits.issue_report(leader, audit, today=on + timedelta(days=2))
        db.session.commit()

    # ------------------------------------------------------------------ nonconformities in every state
    def _steps(self, nc, upto: str, on: date, action_owner=None, action_due=None):
        from .services import nonconformities as svc

        values = {
            "correction": {"correction": "当即纠正，当面向服务对象说明并致歉。"},
            "root_cause": {
                "cause_method": "6m",
                "cause_category": "method",
                "root_cause": "制度只写了要求，没有规定由谁、何时检查。",
                "why_chain": "为什么未执行？——当班人员忘记\n为什么会忘？——无人检查\n为什么无人检查？——制度未规定检查环节",
            },
            "action": {
                "action_plan": "在交接班时增加检查环节，并在制度中写明；对窗口人员集中培训一次。",
                "action_owner_id": (action_owner or self.qm).id,
                "action_due_on": action_due or on + timedelta(days=14),
            },
            "verification": {"verification_note": "抽查两周交接班记录，检查环节均已执行。"},
        }
        for step in ("correction", "root_cause", "action", "verification"):
            if step == upto:
                return nc
            user = action_owner if step == "verification" and action_owner else self.qm
            svc.complete_step(user, nc, step, values[step], today=on)
        return nc  # through 实施验证: now at 有效性评价

    def nonconformities(self):
        from ..documents import services as docs
        from . import queries
        from .services import nonconformities as svc
        from .services import proposals

        T, qm = self.today, self.qm
        # the records propose; one complaint proposal rejected with a reason
        proposals.scan(qm, date(T.year - 1, T.month, 1), T, today=T)
        pending = db.session.scalars(
            select(NcProposal).where(NcProposal.status == "pending").order_by(NcProposal.found_on)
        ).all()
        complaints = [p for p in pending if p.source == "complaint"]
        if len(complaints) > 2:
            proposals.reject(qm, complaints[-1], "同一事项已在投诉处理程序中闭环，未反映体系性问题，不另立不合格。")
        # 1. closed after the effectiveness check: an upheld complaint of last winter
        old = [p for p in complaints[:-1] if p.found_on <= T - timedelta(days=150)]
        closed = None
        for p in old[:6]:
            nc = proposals.accept(
                qm, p, "投诉属实，窗口存在推诿，需纠正", owner_id=qm.id, today=p.found_on + timedelta(days=2)
            )
            start = p.found_on + timedelta(days=3)
            self._steps(nc, "effectiveness", start, action_due=start + timedelta(days=10))
            check_on = nc.steps[-1].due_on
            count, _what = queries.recurrences(nc, nc.verified_on, check_on, check_on)
            svc.check_effectiveness(
                qm,
                nc,
                "三个月内同一窗口无属实的效能投诉，措施有效。"
                if count == 0
                else f"记录显示同一窗口又有 {count} 件属实投诉，原因未消除。",
                count,
                today=check_on,
            )
            if nc.effective:
                svc.close(qm, nc, PASSWORD, "措施有效，予以关闭。", today=check_on)
                closed = nc
                break
        if closed is None:  # every old complaint recurred at its window: close one raised by staff instead
            start = self.day(200)
            nc = svc.open_nc(
                qm,
                source="staff_report",
                title="3号窗口服务指南过期未更新",
                window_id=self.w["3"].id,
                iso_clause="7.5.3",
                found_on=start,
                today=start,
            )
            self._steps(nc, "effectiveness", start)
            check_on = min(nc.steps[-1].due_on, T)
            count, _what = queries.recurrences(nc, nc.verified_on, check_on, check_on)
            svc.check_effectiveness(qm, nc, "三个月内未再发现过期的服务指南，措施有效。", count, today=check_on)
            if nc.effective:
                svc.close(qm, nc, PASSWORD, "措施有效，予以关闭。", today=check_on)
        db.session.commit()
        # 2. the audit finding that revised the rule: now awaiting its effectiveness check
        a1_nc = self.a1.items and next(i.nc for i in self.a1.items if i.nc_id)
        writer = self.p["wenjian"]
        on = self.a1.report_issued_on
        self._steps(a1_nc, "verification", on, action_owner=writer, action_due=on + timedelta(days=15))
        nc = svc.open_revision(writer, a1_nc, REVISED_RULE)
        draft = nc.revision
        text = draft.content_md.replace(
            "第五条　坚持文明服务。挂牌上岗，",
            "第五条　坚持文明服务。挂牌上岗（交接班时由首席代表检查工作牌并在交接班记录上签字），",
        )
        docs.update_draft(writer, draft, text, draft.change_reason, draft.row_version)
        docs.submit(writer, draft)
        docs.sign(self.p["shenhe"], draft, PASSWORD, "审核通过")
        docs.sign(self.p["admin"], draft, PASSWORD, "批准", effective_date=on + timedelta(days=12), allow_past=True)
        svc.complete_step(
            writer,
            nc,
            "verification",
            {"verification_note": "新版守则已发布并组织窗口人员签阅，交接班检查已执行。"},
            today=on + timedelta(days=14),
        )
        # 3. the second audit's finding: at 纠正措施
        a2_nc = next(i.nc for i in self.a2.items if i.nc_id)
        self._steps(a2_nc, "action", self.a2.report_issued_on)
        # 4. a staff report at 原因分析, its deadline passed
        w = self.w
        staff = self.p["chuangkou"]
        nc = svc.open_nc(
            qm,
            source="staff_report",
            title="8号窗口一次性告知单漏填补正期限",
            window_id=w["8"].id,
            iso_clause="8.2.1",
            rule_number="SF-ZD-001",
            severity="minor",
            owner_id=staff.id,
            description="工作人员自查发现：本月有3份一次性告知单未填写补正期限。",
            found_on=self.day(21),
            today=self.day(21),
        )
        svc.complete_step(
            staff, nc, "correction", {"correction": "已电话告知3位申请人补正期限并补填告知单。"}, today=self.day(20)
        )
        # 5. at 实施验证: an external audit's finding, its action due next week
        nc = svc.open_nc(
            qm,
            source="external",
            title="监督审核：文件发放记录不全",
            process="文件控制",
            iso_clause="7.5.3",
            severity="minor",
            description="认证机构监督审核抽查：2份作业指导书的发放回收记录缺少签收人。",
            found_on=self.day(30),
            today=self.day(30),
        )
        self._steps(nc, "verification", self.day(28), action_owner=self.p["wenjian"], action_due=T + timedelta(days=6))
        # 6. at 关闭, waiting for the quality manager's signature (effectiveness confirmed)
        nc = svc.open_nc(
            qm,
            source="scoring_veto",
            title="15号窗口月度考核一票否决：工作时间离岗",
            window_id=w["15"].id,
            iso_clause="7.3",
            rule_number="SF-ZD-013",
            severity="major",
            found_on=self.day(130),
            description="考核发现工作时间两人同时离岗超过30分钟，触发一票否决。",
            today=self.day(130),
        )
        self._steps(nc, "effectiveness", self.day(128))
        check_on = min(nc.steps[-1].due_on, T)
        count, _what = queries.recurrences(nc, nc.verified_on, check_on, check_on)
        svc.check_effectiveness(
            qm,
            nc,
            "三个月考勤记录无同类离岗，措施有效。" if count == 0 else f"又发生 {count} 次同类问题。",
            count,
            today=check_on,
        )
        # 7. a red-light month, just accepted: at 纠正
        reds = [p for p in pending if p.source == "red_light" and p.status == "pending"]
        if reds:
            proposals.accept(qm, reds[-1], "连续亮红灯，需分析办理时限", owner_id=qm.id, today=T - timedelta(days=1))
        # 8. voided: a duplicate of the first audit's finding
        nc = svc.open_nc(
            qm,
            source="staff_report",
            title="6号窗口未挂牌（重复登记）",
            window_id=w["6"].id,
            iso_clause="7.5",
            found_on=self.a1.planned_on,
            today=self.a1.planned_on,
        )
        svc.void(qm, nc, f"与内审不符合 {a1_nc.number} 为同一事实，重复登记。")
        db.session.commit()

    # ------------------------------------------------------------------ the management review
    def review(self):
        from .services import reviews

        T, qm = self.today, self.qm
        start = date(T.year, 1, 1)
        end = max(self.day(30), start + timedelta(days=1))
        held = end + timedelta(days=6)
        r = reviews.create(qm, start, end, planned_on=held)
        reviews.note_input(qm, r, "9.3.2c7", "本期外包的保洁、安保服务经综合科评价均为合格，未发现影响窗口服务的问题。")
        reviews.note_input(qm, r, "9.3.2d", "大厅高峰期叫号等候超过20分钟的情况增多，需增配自助设备。")
        reviews.hold(
            qm,
            r,
            held,
            "周立衡",
            "周立衡、贺文清、郑怀远、林书瑶、韩若溪、各进驻单位首席代表",
            "质量管理体系总体适宜、充分、有效；纠正措施原因分析需加强，大厅高峰期资源不足。",
        )
        reviews.add_action(
            qm,
            r,
            "纠正措施处理单一律附原因分析，督查科每月抽查",
            "improvement",
            self.p["shenhe"].id,
            held + timedelta(days=30),
            opens="nc",
            iso_clause="10.2",
            today=held,
        )
        reviews.add_action(
            qm, r, "高峰时段增配两台自助取号机", "resource", self.p["admin"].id, held + timedelta(days=20)
        )
        done = reviews.add_action(
            qm, r, "窗口人员“一次性告知”专题培训一次", "improvement", qm.id, held + timedelta(days=10)
        )
        reviews.complete_action(qm, done, "已于培训室组织培训，62人参加，签到表存档。", today=held + timedelta(days=8))
        reviews.issue_minutes(qm, r, today=held + timedelta(days=2))
        db.session.commit()
        from .models import Nonconformity

        self.ncs = db.session.query(Nonconformity).count()
