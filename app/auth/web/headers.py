"""Security headers on every response (registered by wiring). The CSP allows no inline script or
handler: the pages' small behaviours live in static/js/app.js. Inline style attributes remain in
some templates, so style-src keeps 'unsafe-inline' (styles cannot run code)."""

from flask import current_app, request, session

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def apply(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    # Pages and files shown to a signed-in person hold personal and internal data: never cached.
    if request.endpoint != "static" and "_user_id" in session:
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response
