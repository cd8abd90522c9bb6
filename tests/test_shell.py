"""model/sh/: the shell scripts' files, and how model/shell.py turns them into the text that runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from model import dbtools, drill, monitoring, restic
from model.shell import SH_DIR, script

EMBEDDED = {
    "BACKUP_SCRIPT": dbtools.BACKUP_SCRIPT,
    "RESTORE_SCRIPT": dbtools.RESTORE_SCRIPT,
    "UPGRADE_DUMP_SCRIPT": dbtools.UPGRADE_DUMP_SCRIPT,
    "UPGRADE_VERIFY_SCRIPT": dbtools.UPGRADE_VERIFY_SCRIPT,
    "UPGRADE_RESTORE_SCRIPT": dbtools.UPGRADE_RESTORE_SCRIPT,
    "UPGRADE_CHECK_SCRIPT": dbtools.UPGRADE_CHECK_SCRIPT,
    "ENSURE_EXPORTER_ROLE_SCRIPT": monitoring.ENSURE_EXPORTER_ROLE_SCRIPT,
    "SET_PASSWORD_SCRIPT": dbtools.SET_PASSWORD_SCRIPT,
    "LOGIN_CHECK_SCRIPT": dbtools.LOGIN_CHECK_SCRIPT,
    "OFFSITE_SCRIPT": restic.OFFSITE_SCRIPT,
    "FETCH_SCRIPT": restic.FETCH_SCRIPT,
    "LIST_SCRIPT": restic.LIST_SCRIPT,
    "DRILL_SCRIPT": drill.DRILL_SCRIPT,
}


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_the_embedded_text_is_the_script_without_its_header_or_placeholders(name: str) -> None:
    text = EMBEDDED[name]
    assert text.startswith(("set -eu\n", "exec ")), text[:40]
    assert "#!/bin/sh" not in text and "shellcheck" not in text
    assert not re.search(r"@[A-Z_]+@", text)


def test_every_file_has_a_shebang_for_shellcheck() -> None:
    files = sorted(SH_DIR.glob("*.sh"))
    assert len(files) == 16
    assert all(f.read_text().startswith("#!/bin/sh\n") for f in files)


@pytest.fixture
def sh_dir(tmp_path: Path) -> Path:
    (tmp_path / "a.sh").write_text("#!/bin/sh\n# why\necho @ROLE@ @LIMIT@\n# a comment that stays\n")
    return tmp_path


def test_placeholders_are_filled_and_only_the_header_dropped(sh_dir: Path) -> None:
    assert script("a.sh", sh_dir=sh_dir, ROLE="exporter", LIMIT=3) == "echo exporter 3\n# a comment that stays\n"


@pytest.mark.parametrize("values", [{"ROLE": "exporter"}, {"ROLE": "exporter", "LIMIT": 3, "EXTRA": "x"}])
def test_a_missing_or_unused_value_is_an_error(sh_dir: Path, values: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="placeholders"):
        script("a.sh", sh_dir=sh_dir, **values)
