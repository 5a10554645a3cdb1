"""After ``make load``: was every job asked for during the run done, and done once?

Run by ``scripts/load.sh`` once locust has stopped, on the load database, with the e-mail
folder the worker wrote to (``EMAIL_FILE_PATH``):
``python loadtest/check_jobs.py --since 2026-12-03T10:00:00+00:00 --mail var/load/mail``.

It waits (``--drain`` seconds at most) until the outbox has no row left to send and no study
job is pending or running, then checks, for the work the run asked for after ``--since``:

- every outbox row was sent (and how many publication attempts the outage cost);
- every comment written by the load test (its text carries ``COMMENT_MARKER``) is marked
  notified, and the e-mail folder holds exactly one message per administrator for it;
- every study job ended done, each with its own version, and the study has no version
  without a job (no version made twice).

It prints the figures and exits 1 if any check fails.
"""

import argparse
import datetime
import email
import os
import sys
import time
from collections import Counter
from email import policy
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
COMMENT_MARKER = "question de charge"  # as in loadtest/locustfile.py
MESSAGE_SEPARATOR = "\n" + "-" * 79 + "\n"  # between two messages of the file backend


def mail_bodies(folder: Path) -> list[str]:
    """The decoded text of every message the file e-mail backend wrote under ``folder``."""
    bodies = []
    for path in sorted(folder.glob("*.log")):
        for raw in path.read_text(encoding="utf-8", errors="replace").split(MESSAGE_SEPARATOR):
            if not raw.strip():
                continue
            message = email.message_from_string(raw, policy=policy.default)
            parts = message.walk() if message.is_multipart() else [message]
            bodies.append(
                "".join(
                    part.get_content() for part in parts if part.get_content_maintype() == "text"
                )
            )
    return bodies


def drain(seconds: float) -> tuple[int, int]:
    """Wait until nothing is left to do; return what is still waiting (outbox, study jobs)."""
    from impact.studies.models import StudyJob
    from services.models import OutboxMessage

    active = [StudyJob.Status.PENDING, StudyJob.Status.RUNNING]
    deadline = time.monotonic() + seconds
    while True:
        unsent = OutboxMessage.objects.filter(sent_at__isnull=True).count()
        jobs = StudyJob.objects.filter(status__in=active).count()
        if (unsent == 0 and jobs == 0) or time.monotonic() > deadline:
            return unsent, jobs
        time.sleep(1)


def check(since: datetime.datetime, mail: Path, drain_seconds: float) -> list[str]:
    from django.db.models import Q

    from impact.consultation.models import Comment
    from impact.studies.models import StudyJob, StudyVersion
    from services.models import OutboxMessage, Persona, User

    problems = []
    started = time.monotonic()
    unsent, active = drain(drain_seconds)
    print(f"drained in {time.monotonic() - started:.0f} s")

    rows = OutboxMessage.objects.filter(created_at__gte=since)
    attempts = Counter(rows.values_list("attempts", flat=True))
    tasks = Counter(rows.values_list("task", flat=True))
    print(f"outbox: {rows.count()} rows asked for during the run, {unsent} left unsent; "
          f"publication attempts {dict(sorted(attempts.items()))}")  # fmt: skip
    for task, count in sorted(tasks.items()):
        print(f"  {task}: {count}")
    if unsent:
        problems.append(f"{unsent} outbox rows were never sent")

    comments = list(Comment.objects.filter(created_at__gte=since, body__contains=COMMENT_MARKER))
    bodies = mail_bodies(mail) if mail.is_dir() else []
    unnotified, wrong = 0, 0
    # Who is e-mailed about a comment: the active administrators who have an address.
    administrators = (
        User.objects.filter(is_active=True)
        .filter(Q(persona=Persona.ADMINISTRATOR) | Q(is_superuser=True))
        .exclude(email="")
    )
    administrator_ids = set(administrators.values_list("pk", flat=True))
    for comment in comments:
        expected = len(administrator_ids - {comment.author_id})
        marker = comment.body.rsplit(COMMENT_MARKER, 1)[1].strip(" )")
        found = sum(1 for body in bodies if marker in body)
        unnotified += comment.notified_at is None
        wrong += found != expected
        if found != expected:
            problems.append(f"comment {comment.pk}: {found} e-mails, expected {expected}")
    print(f"comments: {len(comments)} written, {unnotified} not notified, "
          f"{len(bodies)} e-mails in {mail}, {wrong} comments with a wrong e-mail count")  # fmt: skip
    if unnotified:
        problems.append(f"{unnotified} comments were never notified")

    jobs = StudyJob.objects.filter(created_at__gte=since)
    statuses = Counter(jobs.values_list("status", flat=True))
    versions = StudyVersion.objects.filter(created_at__gte=since)
    orphans = versions.filter(job__isnull=True).count()
    print(f"study jobs: {jobs.count()} asked for, {dict(statuses)}; "
          f"{versions.count()} versions made, {orphans} without a job")  # fmt: skip
    if active or set(statuses) - {StudyJob.Status.DONE}:
        problems.append(f"study jobs not done: {dict(statuses)}")
    if versions.count() != statuses.get(StudyJob.Status.DONE, 0) or orphans:
        problems.append("study versions do not match the jobs done (one version per job)")
    if jobs.filter(status=StudyJob.Status.DONE, version__isnull=True).exists():
        problems.append("a study job is done without a version")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", required=True, help="ISO time the run started")
    parser.add_argument("--mail", type=Path, required=True, help="the e-mail folder")
    parser.add_argument("--drain", type=float, default=180, help="seconds to wait at most")
    args = parser.parse_args()
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impact.settings")
    import django

    django.setup()
    problems = check(datetime.datetime.fromisoformat(args.since), args.mail, args.drain)
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    print("every job asked for was done once" if not problems else "jobs check failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
