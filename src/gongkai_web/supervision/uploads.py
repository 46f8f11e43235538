"""The upload page: one file, many files or ZIPs for a region's year (and, if asked,
the versions published in Gongkai) start a collection job; the job's page shows its
progress bar until every file is read, then what was collected and every problem.

Views over `supervision.collection` (`start_collection`, `collection_status`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from gongkai_web.jobs.models import Job
from gongkai_web.supervision import checking
from gongkai_web.supervision.access import get_region_for_supervisor, supervises
from gongkai_web.supervision.collection import (
    KIND,
    collection_status,
    start_collection,
)
from gongkai_web.supervision.overview import region_scope
from gongkai_web.supervision.services import SupervisionError


@login_required
def upload(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The form (GET) and the start of a collection (POST)."""
    region = get_region_for_supervisor(request.user, code)
    problems: list[str] = []
    if request.method == "POST":
        files = [(f.name or "file", f.read()) for f in request.FILES.getlist("files")]
        published = request.POST.get("published") == "1"
        try:
            job = start_collection(
                region, year, files, request.user, published=published
            )
        except SupervisionError as exc:
            problems = exc.problems
        else:
            return redirect("supervision:job", pk=job.pk)
    return render(
        request,
        "supervision/upload.html",
        {"region": region, "year": year, "problems": problems},
        status=400 if problems else 200,
    )


def _job_for(request: HttpRequest, pk: int) -> Job:
    job = Job.objects.defer("data").select_related("agency").filter(pk=pk).first()
    if (
        job is None
        or job.kind != KIND
        or job.agency is None
        or not supervises(request.user, job.agency)
    ):
        raise Http404("no such collection")
    return job


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A collection: its progress bar while it runs, then its outcome."""
    job = _job_for(request, pk)
    status = collection_status(job)
    year = job.arguments.get("year")
    if status["state"] == "done" and isinstance(year, int) and job.agency is not None:
        # check what was collected now, so the overview opens without checking it
        checking.refresh(region_scope(job.agency), year)
    return render(
        request,
        "supervision/job.html",
        {"job": job, "status": status, "year": year},
    )


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The collection's progress, polled by its page."""
    return JsonResponse(collection_status(_job_for(request, pk)))
