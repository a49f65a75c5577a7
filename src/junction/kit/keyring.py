"""Secret keys kept by Junction: Fernet keys for data at rest, and the token signing key.

With no configuration they are generated on first start and kept in `<data_dir>/keys.json`
(mode 600). `junction keys rotate` puts a new Fernet key first; older keys still decrypt until
every stored secret has been re-encrypted with the new one.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from junction.config import Settings


class SecretUnreadable(Exception):
    """A stored secret could not be decrypted with any known key."""


@dataclass
class KeyRing:
    fernet_keys: list[str]
    signing_key: str
    path: Path | None = None
    _fernet: MultiFernet = field(init=False, repr=False)
    _mtime: int | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        self._fernet = MultiFernet([Fernet(k.encode()) for k in self.fernet_keys])
        if self.path is not None and self.path.exists():
            self._mtime = self.path.stat().st_mtime_ns

    def encrypt(self, plaintext: str) -> str:
        # Encrypt under the newest primary key even if a rotation happened since this process began.
        self._reload_from_file()
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            if not self._reload_from_file():
                raise SecretUnreadable("stored secret cannot be decrypted with the current keys") from None
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise SecretUnreadable("stored secret cannot be decrypted with the current keys") from exc

    def _reload_from_file(self) -> bool:
        """`junction keys rotate` may have run beside this process: pick up the keys it wrote."""
        if self.path is None or not self.path.exists():
            return False
        mtime = self.path.stat().st_mtime_ns
        if mtime == self._mtime:
            return False
        self._mtime = mtime
        stored = json.loads(self.path.read_text())
        if stored["fernet_keys"] == self.fernet_keys:
            return False
        self.fernet_keys = stored["fernet_keys"]
        self._fernet = MultiFernet([Fernet(k.encode()) for k in self.fernet_keys])
        return True

    def reencrypt(self, token: str) -> str:
        """Re-encrypt under the primary key (used after a rotation)."""
        return self._fernet.rotate(token.encode()).decode()

    def with_new_primary(self) -> KeyRing:
        return KeyRing([Fernet.generate_key().decode(), *self.fernet_keys], self.signing_key, self.path)

    def without_old_keys(self) -> KeyRing:
        return KeyRing(self.fernet_keys[:1], self.signing_key, self.path)

    def save(self) -> None:
        if self.path is None:
            raise RuntimeError("keys come from the environment; rotate them there")
        write_private_file(
            self.path,
            json.dumps({"fernet_keys": self.fernet_keys, "signing_key": self.signing_key}, indent=1),
        )


def write_private_file(path: Path, content: str) -> None:
    """Write a file readable by its owner only, replacing any previous one atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(content)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def load_keyring(settings: Settings) -> KeyRing:
    if settings.secret_keys:
        keys = [k.strip() for k in settings.secret_keys.split(",") if k.strip()]
        signing = settings.token_signing_key or keys[0]
        return KeyRing(keys, signing)
    path = settings.data_dir / "keys.json"
    if path.exists():
        stored = json.loads(path.read_text())
        return KeyRing(stored["fernet_keys"], settings.token_signing_key or stored["signing_key"], path)
    ring = KeyRing([Fernet.generate_key().decode()], secrets.token_urlsafe(48), path)
    ring.save()
    return ring
