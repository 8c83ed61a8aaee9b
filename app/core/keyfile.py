"""A secret kept in a file under the instance folder: written once (mode 0600), atomically, so
every worker that starts at the same time reads the same value. Pure stdlib, used by app.config."""

import os
import secrets


def read_or_create(path: str, nbytes: int = 32) -> tuple[str, bool]:
    """(the secret in `path`, True when this call wrote it). Never replaces a file another process
    wrote first: the key is written to a private temporary file and hard-linked into place."""
    created = False
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        tmp = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(nbytes) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
            created = True
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    if os.stat(path).st_mode & 0o077:
        os.chmod(path, 0o600)
    with open(path, encoding="ascii") as fh:
        text = fh.read().strip()
    if len(text) < 32:
        raise RuntimeError(f"密钥文件 {path} 内容不完整（少于 32 个字符），请删除后重启。")
    return text, created
