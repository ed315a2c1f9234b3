"""The digest of the contract (``proto/src/main/proto/backstop/**/*.proto``) that the generated
stubs come from: ``scripts/generate.sh`` writes it to ``_gen/contract.sha256``, and the package
compares it, on import, with the contract in the repository it sits in, so that stubs left
behind by a change to ``proto/`` fail with the command that regenerates them instead of as an
unknown field. Outside the repository (the package copied elsewhere) there is nothing to
compare with and nothing is checked.

Run as a script, prints the digest of the contract folder given (generate.sh does).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Optional


def contract_digest(contract: Path) -> str:
    """SHA-256 over every ``backstop/**/*.proto`` under ``contract``: path and content, in order."""
    h = hashlib.sha256()
    for f in sorted((contract / "backstop").rglob("*.proto"), key=lambda p: p.as_posix()):
        h.update(f.relative_to(contract).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def stale_stubs(package: Path, contract: Path) -> Optional[str]:
    """A message when the stubs in ``package/_gen`` come from another contract than ``contract``."""
    stamp = package / "_gen" / "contract.sha256"
    if not stamp.is_file() or not (contract / "backstop").is_dir():
        return None
    if stamp.read_text(encoding="ascii").strip() == contract_digest(contract):
        return None
    return (
        "backstop_client: the generated stubs are older than the contract in "
        f"{contract} (its .proto files changed since); run clients/python/scripts/generate.sh"
    )


if __name__ == "__main__":
    print(contract_digest(Path(sys.argv[1])))
