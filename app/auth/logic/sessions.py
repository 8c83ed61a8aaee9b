"""When a signed-in session stops working. Times are POSIX seconds (floats)."""

EXPIRED_IDLE = "idle"
EXPIRED_LIFETIME = "lifetime"
REVOKED = "revoked"
DISABLED = "disabled"

MESSAGES = {
    EXPIRED_IDLE: "您已超过 {idle} 分钟未操作，登录已失效，请重新登录。",
    EXPIRED_LIFETIME: "登录已超过 {hours} 小时，请重新登录。",
    REVOKED: "您的登录已失效（已退出、修改密码或被管理员重置），请重新登录。",
    DISABLED: "您的账号已停用，请联系系统管理员。",
}


def session_end_reason(
    now: float,
    started: float | None,
    seen: float | None,
    session_epoch,
    user_epoch: int | None,
    user_active: bool | None,
    idle_minutes: int,
    max_hours: int,
) -> str | None:
    """None while the session holds; else why it ended. A session without its bookkeeping (opened
    before this rule existed, or forged without the server's epoch) counts as revoked."""
    if user_epoch is None or user_active is None:
        return REVOKED  # the account is gone
    if not user_active:
        return DISABLED
    if session_epoch is None or started is None or seen is None or session_epoch != user_epoch:
        return REVOKED
    if now - started > max_hours * 3600:
        return EXPIRED_LIFETIME
    if now - seen > idle_minutes * 60:
        return EXPIRED_IDLE
    return None


def message(reason: str, idle_minutes: int, max_hours: int) -> str:
    return MESSAGES[reason].format(idle=idle_minutes, hours=max_hours)
