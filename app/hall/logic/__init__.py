"""Pure rules of the hall's service procedures (no Flask, no database): the clocks of joint
cases, deemed consent, reported cases and complaint steps, the one-time notice, ratings and the
quarterly evaluation. All limits count working days (app.core.workdays, with 调休)."""
