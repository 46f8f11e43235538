"""Background jobs: one set of task functions, run by Celery workers or in-process.

Every slow piece of work (rendering a published report's PDF, importing a large
ledger, the daily reminder and the overdue flip) is a *job kind*: a function
registered with `@job_kind` in its app's `tasks` module, thin over that app's services.
A `Job` row records each run — a unique key (so the same work is never done twice),
its state, attempts, progress and outcome — so a job that fails for good is shown to
staff on the agency's jobs page and on the object's page, never only in a log.

With `GONGKAI_BROKER_URL` set (redis://…), `enqueue` hands the job to Celery
(`gongkai worker`, `gongkai beat`); without it the job function is called directly in
the calling process (no Celery at all), so the embedded default needs no other service.
This app sits on the ground floor beside `agencies` and `audit`: it imports no app
above it; the apps above register their kinds here.
"""
