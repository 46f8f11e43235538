"""Collecting a region's reports of a year in background jobs, with progress.

A collection takes each agency's report from

- (a) its latest version published in Gongkai (`published=True`);
- (b) uploaded files — one, many, or ZIPs: a file goes to the agency whose code starts
  its name (`s001.txt`, `s001_2020年报.docx`; the longest code wins), unless a manifest
  CSV (`agency_code,path_or_url,published_on`) comes with the files or inside the ZIP:
  then its rows say which file (a path among the files, or a URL) is whose;
- (c) a manifest CSV on disk (`manifest=Path`, the CLI's way): paths relative to its
  folder are read by the worker, URLs fetched with a timeout and a size limit.

`start_collection` checks the input at once (unknown or outside agency codes, names
that map to no agency, bad dates, oversized or broken ZIPs: every problem, one line
each, nothing queued) and queues one job (`supervision.collect`) holding the files;
that job splits the work into parts of `PART_SIZE` files (`supervision.collect_part`),
which the workers read in parallel. A part stores what it could read (each report with
its original file, hash, reader notes and provenance) and lists what it could not:
one bad file does not stop a collection of thousands. `collection_status(job)` is the
progress (files done of total, reports collected, problems), computed from the parts'
rows; each part also writes it on the collection job's `result` when it ends.

When the last part ends, `refresh_checks` checks again what the collection changed (the
region's kept checks of the year and of the years beside it, `checking.refresh`): the
first overview after a collection opens as fast as the next ones.
"""

from __future__ import annotations

import csv
import io
import secrets
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai_web.agencies.hierarchy import below
from gongkai_web.agencies.models import Agency
from gongkai_web.annual.models import ReportVersion
from gongkai_web.jobs.models import OPEN_STATES, Job, JobState
from gongkai_web.jobs.services import enqueue
from gongkai_web.supervision import checking
from gongkai_web.supervision.models import CollectedReport
from gongkai_web.supervision.overview import region_scope
from gongkai_web.supervision.services import (
    FETCH_LIMIT,
    FETCH_TIMEOUT,
    MANIFEST_COLUMNS,
    SupervisionError,
)

KIND = "supervision.collect"
PART = "supervision.collect_part"
PART_SIZE = 20  # files per part: small enough to spread, large enough to be cheap
ZIP_TOTAL_LIMIT = 1024 * 1024 * 1024  # bytes unzipped, all members together
ZIP_MEMBERS_LIMIT = 100_000


@dataclass
class Source:
    """One file to collect and where it comes from."""

    agency: str  # the agency's code
    name: str  # as given: file name, member path, URL
    via: str  # upload | zip | manifest | url | published
    published_on: str = ""  # YYYY-MM-DD or ""
    data: bytes | None = None  # uploaded bytes
    url: str = ""
    path: str = ""  # a file on the worker's disk (manifest on disk)
    version: int | None = None  # ReportVersion pk
    container: str = ""  # the ZIP or manifest it came in

    def item(self, member: str | None) -> dict[str, Any]:
        found: dict[str, Any] = {
            "agency": self.agency,
            "name": self.name,
            "via": self.via,
            "published_on": self.published_on,
        }
        extra = {
            "member": member,
            "url": self.url,
            "path": self.path,
            "version": self.version,
            "container": self.container,
        }
        return found | {k: v for k, v in extra.items() if v}


@dataclass
class Gathered:
    sources: list[Source] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def start_collection(
    region: Agency | str,
    year: int,
    files: Sequence[tuple[str, bytes]] = (),
    user: AbstractBaseUser | AnonymousUser | None = None,
    *,
    manifest: Path | None = None,
    published: bool = False,
    timeout: float = FETCH_TIMEOUT,
    limit: int = FETCH_LIMIT,
) -> Job:
    """Queue the collection of `region`'s reports of `year`; return its job.

    `files` are (name, bytes) of uploaded files (ZIPs and a manifest CSV among them);
    `manifest` a manifest CSV on disk; `published` takes each agency's latest version
    published in Gongkai. Runs at once without a broker (the job is then done).

    Raises:
        SupervisionError: every problem of the input (nothing was queued).
    """
    node = _region(region)
    agencies = {a.code: a for a in below(node)}
    gathered = Gathered()
    if published:
        gathered.sources += _published(list(agencies.values()), year)
    if manifest is not None:
        _from_manifest_file(manifest, gathered, limit)
    _from_uploads(list(files), agencies, gathered, limit)
    for source in gathered.sources:
        if source.agency not in agencies:
            gathered.problems.append(
                _("%(where)s：%(name)s：机关代码“%(code)s”不是%(node)s或其下级机关")
                % {
                    "where": source.container or source.name,
                    "name": source.name,
                    "code": source.agency,
                    "node": node.code,
                }
            )
    if not gathered.sources and not gathered.problems:
        nothing = (
            _("%(node)s %(year)s年度没有可收集的报告：没有上传文件，也没有已发布的报告")
            if published
            else _("%(node)s %(year)s年度没有可收集的报告：没有上传文件")
        )
        gathered.problems.append(nothing % {"node": node.code, "year": year})
    if gathered.problems:
        raise SupervisionError(gathered.problems)
    items, blob = _pack(gathered.sources)
    return enqueue(
        KIND,
        key=f"{KIND}:{node.code}:{year}:{secrets.token_hex(6)}",
        agency=node,
        user=user,
        label=f"收集{node.name}{year}年度报告（{len(items)}个文件）",
        arguments={
            "region": node.code,
            "year": year,
            "total": len(items),
            "items": items,
            "timeout": timeout,
            "limit": limit,
            "by": getattr(user, "username", "") or "",
        },
        data=blob,
    )


def _region(region: Agency | str) -> Agency:
    if isinstance(region, Agency):
        return region
    found = Agency.objects.filter(code=region).first()
    if found is None:
        raise SupervisionError([f"no agency with code {region!r}"])
    return found


def _published(agencies: list[Agency], year: int) -> list[Source]:
    latest: dict[int, ReportVersion] = {}
    versions = ReportVersion.objects.filter(agency__in=agencies, year=year)
    for version in versions.order_by("number").only("pk", "agency", "number"):
        latest[version.agency_id] = version
    codes = {a.pk: a.code for a in agencies}
    return [
        Source(
            codes[agency_id],
            f"{codes[agency_id]} {year} 第{version.number}版",
            "published",
            version=version.pk,
        )
        for agency_id, version in sorted(latest.items())
    ]


def _manifest_rows(
    text: str, where: str, problems: list[str]
) -> list[tuple[str, str, str, str]]:
    """(line label, agency code, path_or_url, published_on) of each row."""
    rows = list(csv.reader(io.StringIO(text)))
    header = tuple(cell.strip() for cell in rows[0]) if rows else ()
    if header[: len(MANIFEST_COLUMNS)] != MANIFEST_COLUMNS:
        problems.append(
            _("%(where)s 第1行：表头应为 %(header)s")
            % {"where": where, "header": ",".join(MANIFEST_COLUMNS)}
        )
        return []
    found = []
    for number, cells in enumerate(rows[1:], start=2):
        values = [c.strip() for c in cells] + ["", "", ""]
        code, path_or_url, published = values[:3]
        if not any(values):
            continue
        line = _("%(where)s 第%(number)s行") % {"where": where, "number": number}
        try:
            if published:
                date.fromisoformat(published)
        except ValueError:
            problems.append(
                _("%(line)s：发布日期“%(value)s”应写成 2025-01-31 这样的日期")
                % {"line": line, "value": published}
            )
            continue
        if not path_or_url:
            problems.append(_("%(line)s：文件路径或网址为空") % {"line": line})
            continue
        found.append((line, code, path_or_url, published))
    return found


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _from_manifest_file(manifest: Path, gathered: Gathered, limit: int) -> None:
    try:
        text = manifest.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        gathered.problems.append(
            _("%(name)s：无法读取该文件（%(problem)s）")
            % {"name": manifest, "problem": exc}
        )
        return
    for line, code, path_or_url, published in _manifest_rows(
        text, manifest.name, gathered.problems
    ):
        if _is_url(path_or_url):
            gathered.sources.append(
                Source(code, path_or_url, "url", published, url=path_or_url)
            )
            continue
        path = Path(path_or_url)
        path = path if path.is_absolute() else manifest.parent / path
        if not path.is_file():
            gathered.problems.append(
                _("%(line)s：没有文件 %(path)s") % {"line": line, "path": path}
            )
        elif path.stat().st_size > limit:
            gathered.problems.append(_too_large(line, str(path), limit))
        else:
            gathered.sources.append(
                Source(
                    code,
                    path.name,
                    "manifest",
                    published,
                    path=str(path.resolve()),
                    container=manifest.name,
                )
            )


def _is_manifest(name: str, data: bytes) -> bool:
    if not name.lower().endswith(".csv"):
        return False
    head = data[:200].decode("utf-8-sig", errors="replace")
    return head.replace(" ", "").startswith(",".join(MANIFEST_COLUMNS))


def _from_uploads(
    files: list[tuple[str, bytes]],
    agencies: dict[str, Agency],
    gathered: Gathered,
    limit: int,
) -> None:
    loose: dict[str, bytes] = {}
    for name, data in files:
        if name.lower().endswith(".zip"):
            members = _unzip(name, data, gathered.problems, limit)
            _from_files(members, name, "zip", agencies, gathered)
        else:
            base = PurePosixPath(name.replace("\\", "/")).name
            if base in loose:
                gathered.problems.append(
                    _("%(name)s：上传了两个同名文件") % {"name": base}
                )
            loose[base] = data
    if loose:
        _from_files(loose, "", "upload", agencies, gathered)


def _too_large(where: str, name: str, limit: int) -> str:
    return _("%(where)s：%(name)s 超过%(limit)s字节") % {
        "where": where,
        "name": name,
        "limit": limit,
    }


def _unzip(name: str, data: bytes, problems: list[str], limit: int) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
        members = [m for m in members if not m.filename.startswith("__MACOSX/")]
        if len(members) > ZIP_MEMBERS_LIMIT:
            problems.append(
                _("%(name)s：压缩包内的文件超过%(count)s个")
                % {"name": name, "count": ZIP_MEMBERS_LIMIT}
            )
            return {}
        if sum(m.file_size for m in members) > ZIP_TOTAL_LIMIT:
            problems.append(
                _("%(name)s：解压后超过%(size)s字节")
                % {"name": name, "size": ZIP_TOTAL_LIMIT}
            )
            return {}
        found: dict[str, bytes] = {}
        for member in members:
            if member.file_size > limit:
                problems.append(_too_large(name, member.filename, limit))
                continue
            with archive.open(member) as stream:
                body = stream.read(limit + 1)
            if len(body) > limit:  # a header that lied about the size
                problems.append(_too_large(name, member.filename, limit))
                continue
            found[member.filename] = body
        return found
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        problems.append(
            _("%(name)s：不是可以读取的压缩包（%(problem)s）")
            % {"name": name, "problem": exc}
        )
        return {}


def _from_files(
    files: dict[str, bytes],
    container: str,
    via: str,
    agencies: dict[str, Agency],
    gathered: Gathered,
) -> None:
    """Map the files of one upload or ZIP to agencies: by a manifest among them, or
    by the agency code that starts each name."""
    manifests = [n for n, data in files.items() if _is_manifest(n, data)]
    where = f"{container}：" if container else ""
    if len(manifests) > 1:
        gathered.problems.append(
            _("%(where)s清单不止一个：%(names)s")
            % {"where": where, "names": "、".join(manifests)}
        )
        return
    if manifests:
        _by_manifest(files, manifests[0], container, via, gathered)
        return
    codes = sorted(agencies, key=len, reverse=True)
    for name, data in files.items():
        stem = PurePosixPath(name).stem
        code = next((c for c in codes if _names(stem, c)), None)
        if code is None:
            gathered.problems.append(
                _(
                    "%(where)s%(name)s：文件名不以本区域机关的代码开头（例如 %(example)s）"
                )
                % {
                    "where": where,
                    "name": name,
                    "example": f"{codes[-1] if codes else '000000'}_年度报告.txt",
                }
            )
            continue
        gathered.sources.append(Source(code, name, via, data=data, container=container))


def _names(stem: str, code: str) -> bool:
    return stem == code or (stem.startswith(code) and stem[len(code)] in "_-. 　（(")


def _by_manifest(
    files: dict[str, bytes], manifest: str, container: str, via: str, gathered: Gathered
) -> None:
    where = f"{container}：{manifest}" if container else manifest
    text = files[manifest].decode("utf-8-sig", errors="replace")
    folder = PurePosixPath(manifest).parent
    for line, code, path_or_url, published in _manifest_rows(
        text, where, gathered.problems
    ):
        if _is_url(path_or_url):
            gathered.sources.append(
                Source(
                    code,
                    path_or_url,
                    "url",
                    published,
                    url=path_or_url,
                    container=container or manifest,
                )  # fmt: skip
            )
            continue
        member = str(folder / path_or_url) if str(folder) != "." else path_or_url
        data = files.get(member, files.get(path_or_url))
        if data is None:
            gathered.problems.append(
                _("%(line)s：上传的文件中没有“%(path)s”")
                % {"line": line, "path": path_or_url}
            )
            continue
        gathered.sources.append(
            Source(
                code,
                path_or_url,
                via,
                published,
                data=data,
                container=container or manifest,
            )  # fmt: skip
        )


def _pack(sources: Iterable[Source]) -> tuple[list[dict[str, Any]], bytes]:
    """The job's items and one ZIP (stored, not compressed) of the uploaded bytes."""
    items: list[dict[str, Any]] = []
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for index, source in enumerate(sources):
            member = None
            if source.data is not None:
                member = str(index)
                archive.writestr(member, source.data)
            items.append(source.item(member))
    return items, out.getvalue() if any("member" in i for i in items) else b""


def _parts(job: Job) -> Any:
    return Job.objects.filter(kind=PART, key__startswith=f"{job.key}:")


def collection_status(job: Job) -> dict[str, Any]:
    """The progress of a collection: files done of total, reports collected, problems.

    `state` is the collection's: queued or running until every part has ended, then
    done (problems listed) or failed (the collection job itself failed).
    """
    tally = tally_parts(job) if job.state == JobState.DONE else _empty_tally(job)
    open_parts = tally.pop("open_parts")
    state = str(job.state)
    if job.state == JobState.FAILED:
        tally["problems"].append(job.error)
    elif job.state == JobState.DONE:
        state = JobState.RUNNING.value if open_parts else JobState.DONE.value
    return {"state": state} | tally


def _empty_tally(job: Job) -> dict[str, Any]:
    total = int(job.arguments.get("total", 0))
    return {
        "total": total,
        "done": 0,
        "collected": 0,
        "problems": [],
        "parts": 0,
        "percent": 0 if total else 100,
        "open_parts": 0,
    }


def collected_rows(job: Job) -> list[CollectedReport]:
    """The reports the collection's parts stored (or found kept already), by agency
    code and year."""
    ids: list[int] = []
    for result in _parts(job).values_list("result", flat=True):
        ids += [int(pk) for pk in (result or {}).get("reports", [])]
    rows = CollectedReport.objects.filter(pk__in=ids).select_related("agency")
    return list(rows.order_by("agency__code", "year", "pk"))


def tally_parts(job: Job) -> dict[str, Any]:
    """Count the collection's parts: files done, reports collected, problems."""
    tally = _empty_tally(job)
    rows = _parts(job).order_by("pk").values_list("key", "state", "result", "error")
    for key, state, result, error in rows:
        tally["parts"] += 1
        if state in OPEN_STATES:
            tally["open_parts"] += 1
        elif state == JobState.FAILED:
            part = Job.objects.only("arguments").get(key=key)
            tally["done"] += len(part.arguments.get("items", []))
            tally["problems"].append(f"part {key.rsplit(':', 1)[-1]}: {error}")
        else:
            tally["done"] += int(result.get("items", 0))
            tally["collected"] += int(result.get("collected", 0))
            tally["problems"] += list(result.get("problems", []))
    total = tally["total"]
    tally["percent"] = round(100 * tally["done"] / total) if total else 100
    return tally


def note_progress(collection: int) -> None:
    """Write the collection's progress on its job row (`result`): a count of the parts
    ended while some run, the full `collection_status` once the last has ended, and
    then (once, whichever part ends last) refresh the region's kept checks."""
    with transaction.atomic():
        # the row lock makes two parts ending together take turns: one refreshes
        job = (
            Job.objects.select_for_update()
            .filter(pk=collection, kind=KIND)
            .defer("data")
            .first()
        )
        if job is None or job.state != JobState.DONE:
            return
        parts = _parts(job)
        open_parts = parts.filter(state__in=OPEN_STATES).count()
        if open_parts == 0:
            finished_before = job.result.get("state") == JobState.DONE.value
            status = collection_status(job)
            status["problems"] = len(status["problems"])
            Job.objects.filter(pk=collection).update(result=status)
            if not finished_before:
                refresh_checks(job)
            return
        ended = parts.exclude(state__in=OPEN_STATES).count()
        total = int(job.arguments.get("total", 0))
        done = min(total, ended * PART_SIZE)
        status = {
            "state": JobState.RUNNING.value,
            "total": total,
            "done": done,
            "parts": ended + open_parts,
            "percent": round(100 * done / total) if total else 100,
        }
        Job.objects.filter(pk=collection).update(result=status)


def refresh_checks(job: Job) -> int:
    """Check again what the collection made stale: the region's kept checks of its
    year and of the years beside it (`checking.refresh_around`, as the overview's
    staleness rule says). Returns how many agency-years were checked."""
    year = job.arguments.get("year")
    if job.agency is None or not isinstance(year, int):
        return 0
    return checking.refresh_around(region_scope(job.agency), year)
