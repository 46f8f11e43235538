"""Staff pages of the jobs: the agency's failed and running jobs, one job's status
(JSON, polled by the pages that show a job's progress), and re-running a failed job."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai_web.agencies.access import get_agency_for_staff
from gongkai_web.agencies.models import Agency
from gongkai_web.jobs import services
from gongkai_web.jobs.models import OPEN_STATES, Job, JobState
from gongkai_web.jobs.progress import progress_of
from gongkai_web.jobs.registry import JobFailed


def _job_of(agency: Agency, pk: int) -> Job:
    job = Job.objects.defer("data").filter(agency=agency, pk=pk).first()
    if job is None:
        raise Http404("no such job")
    return job


@login_required
def job_list(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    jobs = Job.objects.filter(agency=agency).defer("data")
    return render(
        request,
        "jobs/job_list.html",
        {
            "agency": agency,
            "roles": roles,
            "failed": jobs.filter(state=JobState.FAILED)[:200],
            "running": jobs.filter(state__in=OPEN_STATES)[:200],
            "done": jobs.filter(state=JobState.DONE)[:30],
        },
    )


@login_required
def job_status(request: HttpRequest, code: str, pk: int) -> JsonResponse:
    agency, _roles = get_agency_for_staff(request.user, code)
    job = _job_of(agency, pk)
    progress = progress_of(job.pk) if job.is_open else None
    return JsonResponse(job.summary() | {"progress": progress})


@login_required
@require_POST
def job_retry(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency, _roles = get_agency_for_staff(request.user, code)
    job = _job_of(agency, pk)
    try:
        services.rerun(job)
    except JobFailed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已重新提交任务 #%(id)s") % {"id": job.pk})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return redirect(back)
    return redirect("jobs:list", code=agency.code)
