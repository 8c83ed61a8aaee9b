"""The server's evidence key: it seals the audit chain, its checkpoints and document signatures.

It lives outside the database so that whoever can write the database cannot re-seal what they changed:
AUDIT_KEY from the environment (any string of at least 32 characters), else a key file under the
instance folder (AUDIT_KEY_FILE, default instance/audit.key), 32 random bytes, mode 0600, written once
on first use. It is never the session key (SECRET_KEY). Each use gets its own subkey, derived by HMAC
with a label, so a signature key can never be replayed as a chain key.
"""

import hashlib
import hmac
import os
import secrets

from flask import current_app


class EvidenceKeyError(RuntimeError):
    pass


def _key_file() -> str:
    return current_app.config.get("AUDIT_KEY_FILE") or os.path.join(current_app.instance_path, "audit.key")


def _load_master() -> bytes:
    configured = current_app.config.get("AUDIT_KEY") or os.environ.get("AUDIT_KEY")
    if configured:
        if len(configured) < 32:
            raise EvidenceKeyError("AUDIT_KEY 太短：至少 32 个字符。")
        key = configured.encode("utf-8")
    else:
        key = _read_or_create(_key_file())
    secret = current_app.config.get("SECRET_KEY")
    if secret and hmac.compare_digest(key, str(secret).encode("utf-8")):
        raise EvidenceKeyError("审计密钥不能与会话密钥 SECRET_KEY 相同。")
    return key


def _read_or_create(path: str) -> bytes:
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        tmp = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # atomic, and never replaces a key another worker wrote first
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    mode = os.stat(path).st_mode & 0o777
    if mode & 0o077:
        os.chmod(path, 0o600)
    with open(path, encoding="ascii") as fh:
        text = fh.read().strip()
    if len(text) < 32:
        raise EvidenceKeyError(f"审计密钥文件 {path} 内容不完整。")
    return text.encode("ascii")


def master_key() -> bytes:
    cache = current_app.extensions.setdefault("hallmark_keys", {})
    if "master" not in cache:
        cache["master"] = _load_master()
    return cache["master"]


def subkey(label: str) -> bytes:
    cache = current_app.extensions.setdefault("hallmark_keys", {})
    if label not in cache:
        cache[label] = hmac.new(master_key(), ("hallmark\x1f" + label).encode("utf-8"), hashlib.sha256).digest()
    return cache[label]


def chain_key() -> bytes:
    return subkey("audit-chain")


def signature_key() -> bytes:
    return subkey("document-signature")
