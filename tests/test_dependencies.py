"""The declared dependency floors leave out versions with known vulnerabilities."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"

#: (package, the last vulnerable version, the advisory)
VULNERABLE = [
    ("urllib3", "2.5.0", "CVE-2025-66471 / CVE-2025-66418: streaming decompression bombs"),
    ("requests", "2.32.3", "CVE-2024-47081: .netrc credentials sent to another host"),
    (
        "cryptography",
        "44.0.0",
        "CVE-2024-12797: the OpenSSL its wheels bundle (and 42.0.x: CVE-2024-26130)",
    ),
]


def _declared() -> dict[str, Requirement]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    return {r.name: r for r in map(Requirement, project["dependencies"])}


@pytest.mark.parametrize(("package", "last_bad", "advisory"), VULNERABLE)
def test_no_vulnerable_version_is_allowed_or_installed(
    package: str, last_bad: str, advisory: str
) -> None:
    requirement = _declared()[package]
    assert last_bad not in requirement.specifier, f"{package} {last_bad} allowed: {advisory}"
    assert version(package) in requirement.specifier
