"""The ledger import as a job: parse the uploaded bytes, import all-or-nothing.

The upload is stored on the job row (every node and worker reads it from the
database) and cleared once the import is done. A refused ledger fails the job at once
with every bad row in its result; the page shows them as before.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict
from functools import partial
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from gongkai.ledger import LedgerError, parse_ledger
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.jobs.models import Job
from gongkai_web.jobs.progress import report_progress
from gongkai_web.jobs.registry import JobFailed, job_kind
from gongkai_web.jobs.services import enqueue

KIND = "applications.import_ledger"


def enqueue_import(
    agency: Agency,
    user: AbstractBaseUser | AnonymousUser,
    file_name: str,
    data: bytes,
    *,
    update: bool = False,
) -> Job:
    """Queue the import of one uploaded ledger file (run at once without a broker).

    `update`: write the descriptive columns of registered cases ("update from ledger").
    """
    return enqueue(
        KIND,
        key=f"{KIND}:{agency.code}:{uuid.uuid4().hex}",
        agency=agency,
        user=user,
        label=f"导入台账 {file_name}",
        arguments={
            "file_name": file_name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "update": update,
        },
        data=data,
    )


@job_kind(KIND, max_attempts=3)
def import_ledger(job: Job) -> dict[str, Any]:
    """Import the job's ledger file; return the summary lines and the batch id.

    Raises:
        JobFailed: a ledger refused (its problems in `details`), or an agency missing.
    """
    if job.agency is None:
        raise JobFailed(f"job {job.pk}: a ledger import needs an agency")
    name = str(job.arguments["file_name"])
    try:
        ledger = parse_ledger(bytes(job.data), name)
        summary = services.import_ledger(
            job.agency,
            job.created_by,
            ledger,
            sha256=str(job.arguments.get("sha256", "")),
            progress=partial(report_progress, job.pk),
            update=bool(job.arguments.get("update", False)),
        )
    except LedgerError as exc:
        raise JobFailed(
            str(exc).splitlines()[0],
            {"problems": [asdict(p) for p in exc.problems]},
        ) from exc
    return {"lines": summary.lines(), "batch": summary.batch_id}
