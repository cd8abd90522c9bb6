"""The settings of off-site copies and restore drills (docs/backups.md), a base of model.settings.Settings.

Apart only to keep model/settings.py short: Settings inherits these fields, so they are
variables like every other (and come first in its field order). Secrets are restic's own
environment variables (model/restic.py CREDENTIALS), read only by the backup and drill pods.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, SecretStr, ValidationInfo, field_validator

from model.restic import CREDENTIAL_KEYS, CREDENTIALS, DEFAULT_RESTIC_IMAGE, DEFAULT_RESTIC_TAG, scheme
from model.validators import Cron, Image, Repository, Secret, Tag

# Only the backup Job and the restore drill read these; the backend never gets them.
BACKUP_SECRET_KEYS = ("RESTIC_PASSWORD", *CREDENTIAL_KEYS)


class OffsiteSettings(BaseModel):
    # --- off-site copies and restore drills (docs/backups.md) ---
    backup_repository: Repository | None = None
    backup_keep_daily: Annotated[int, Field(ge=0, le=365)] = 7
    backup_keep_weekly: Annotated[int, Field(ge=0, le=520)] = 4
    backup_keep_monthly: Annotated[int, Field(ge=0, le=240)] = 12
    restic_image: Image = DEFAULT_RESTIC_IMAGE
    restic_tag: Tag = DEFAULT_RESTIC_TAG
    restore_drill_schedule: Cron = "0 5 * * 0"
    aws_access_key_id: Secret | None = None
    aws_secret_access_key: Secret | None = None
    restic_rest_username: Secret | None = None
    restic_rest_password: Secret | None = None
    b2_account_id: Secret | None = None
    b2_account_key: Secret | None = None
    azure_account_name: Secret | None = None
    azure_account_key: Secret | None = None
    # After BACKUP_REPOSITORY and the credentials: its check names what the backend lacks.
    restic_password: Annotated[Secret | None, Field(validate_default=True)] = None

    @field_validator("restic_password")
    @classmethod
    def _restic_password(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        repository = info.data.get("backup_repository")
        if not repository:
            return value
        problems = [] if value is not None else ["is required when BACKUP_REPOSITORY is set: it encrypts the copies"]
        missing = [key for key in CREDENTIALS[scheme(repository)] if info.data.get(key.lower()) is None]
        if missing:
            problems.append(f"BACKUP_REPOSITORY {scheme(repository)}: needs {' and '.join(missing)} (secrets)")
        if problems:
            raise ValueError("; ".join(problems))
        return value
