"""Scheduled jobs: each due job runs once across servers, failures are recorded, claims expire."""

import threading
from datetime import datetime, timedelta

from app.extensions import db
from app.jobs.logic.schedule import Job, is_due, lease_for, next_due
from app.jobs.models import JobRun
from app.jobs.services.runner import run_due, statuses
from app.jobs.table import scheduled_jobs

T0 = datetime(2026, 12, 2, 8, 0)


def _counting_job(name="t.count", every=timedelta(hours=1), calls=None, pause=None):
    calls = calls if calls is not None else []

    def work():
        if pause is not None:
            pause.wait(5)
        calls.append(name)
        return f"第 {len(calls)} 次"

    return Job(name, "计数任务", every, work), calls


def test_due_arithmetic_is_pure():
    job, _ = _counting_job(every=timedelta(days=1))
    assert is_due(job, None, T0)
    assert not is_due(job, T0, T0 + timedelta(hours=23))
    assert is_due(job, T0, T0 + timedelta(days=1))
    assert next_due(job, T0, T0 + timedelta(hours=1)) == T0 + timedelta(days=1)
    assert lease_for(job) == timedelta(hours=1)
    assert lease_for(Job("x", "x", timedelta(minutes=5), None)) == timedelta(minutes=5)


def test_a_due_job_runs_once_and_then_waits_for_its_interval(app):
    job, calls = _counting_job()
    first = run_due([job], now=T0)
    assert [(o.ran, o.ok, o.report) for o in first] == [(True, True, "第 1 次")]
    assert [o.ran for o in run_due([job], now=T0 + timedelta(minutes=59))] == [False]
    assert [o.ran for o in run_due([job], now=T0 + timedelta(hours=1))] == [True]
    row = db.session.get(JobRun, "t.count")
    db.session.refresh(row)
    assert (row.runs, row.last_ok, row.claimed_until, row.last_started) == (2, True, None, T0 + timedelta(hours=1))
    assert calls == ["t.count", "t.count"]


def test_a_failing_job_is_recorded_and_the_others_still_run(app):
    def broken():
        raise RuntimeError("磁盘已满")

    good, calls = _counting_job("t.good")
    outcomes = run_due([Job("t.bad", "坏任务", timedelta(hours=1), broken), good], now=T0)
    assert [(o.name, o.ok) for o in outcomes] == [("t.bad", False), ("t.good", True)]
    assert "磁盘已满" in outcomes[0].report
    bad_row = db.session.get(JobRun, "t.bad")
    assert bad_row.last_ok is False and bad_row.claimed_until is None and "磁盘已满" in bad_row.last_report
    assert calls == ["t.good"]


def test_a_claim_left_by_a_dead_server_expires(app):
    job, calls = _counting_job(every=timedelta(days=1))
    run_due([job], now=T0)  # creates the row
    db.session.execute(
        db.update(JobRun).values(
            claimed_until=T0 + timedelta(days=1, minutes=30), claimed_by="dead:1", last_started=T0 - timedelta(days=2)
        )
    )
    db.session.commit()
    assert [o.ran for o in run_due([job], now=T0 + timedelta(days=1))] == [False]  # still held
    assert [o.ran for o in run_due([job], now=T0 + timedelta(days=1, hours=1))] == [True]  # lease over
    assert len(calls) == 2


def test_two_servers_calling_at_once_run_each_job_once(app):
    """Two threads, each with its own app context and database connection, as two servers would."""
    calls, started = [], threading.Event()
    jobs = [_counting_job(f"t.job{i}", calls=calls, pause=started)[0] for i in range(3)]
    run_due([], now=T0)  # nothing; the rows are created by the racers themselves
    results, errors = [], []

    def server():
        try:
            with app.app_context():
                results.extend(run_due(jobs, now=T0))
                db.session.remove()
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=server) for _ in range(2)]
    for t in threads:
        t.start()
    started.set()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sorted(calls) == ["t.job0", "t.job1", "t.job2"]
    assert sorted(o.name for o in results if o.ran) == ["t.job0", "t.job1", "t.job2"]
    assert len([o for o in results if not o.ran]) == 3


def test_cli_runs_the_audit_checkpoint_and_lists_the_jobs(app):
    from app.audit.services import last_checkpoint, record

    record(None, "update", "thing", 1, {})
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["jobs", "run-due"])
    assert result.exit_code == 0, result.output
    assert "完成  审计追踪检查点（audit.checkpoint）" in result.output
    assert "完成  在办办件重新计算红黄灯（records.relight）：已重新计算 0 件" in result.output
    assert "完成  联办件超时默许登记（hall.sweep）：已按超时默许制登记 0 个" in result.output
    assert "完成  办件汇总表重新计算（records.summary）：已按办件重新计算办件汇总表：0 行。" in result.output
    assert last_checkpoint()["count"] == 1
    again = runner.invoke(args=["jobs", "run-due"])
    assert "跳过  审计追踪检查点" in again.output
    listing = runner.invoke(args=["jobs", "list"])
    assert "审计追踪检查点（audit.checkpoint）：上次 " in listing.output and "上次成功" in listing.output
    assert "完成  数据库查询统计信息更新（db.analyze）" in result.output
    assert [s.due for s in statuses(scheduled_jobs())] == [False] * len(scheduled_jobs())
