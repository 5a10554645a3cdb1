"""Build the legacy database that ``tests/upgrade`` migrates forward.

Existing databases must migrate forward with no data lost. The only honest way to test
that is to start from a database written by an older revision's own code, not by today's:
this script exports a revision into a temporary folder, runs that revision's
``manage.py migrate`` and ``manage.py load_demo`` (which also generates the "Espaces verts"
study version and its PDF) against a fresh SQLite file, then writes the fixture the test
unpacks:

- ``legacy-<rev>.sqlite3.gz``: the database, gzipped;
- ``legacy-<rev>-media.tar.gz``: the study versions' PDFs, at the paths the database holds;
- ``legacy-<rev>.json``: what the test checks after migrating, read straight from the
  SQLite file (so it depends on neither revision's Python modules): the row count of every
  table, the applied migrations, one study version's stored and computed SHA-256, and a few
  rows of key models.

Run from the project root::

    .venv/bin/python scripts/build_legacy_database.py [--rev 6934df5] [--out tests/upgrade/data]

The current virtual environment runs the old revision (``--python`` to use another one):
the dependencies must be those of the revision. Nothing leaves the machine: SQLite, no
``REDIS_URL`` (Celery runs in-process), e-mails on the console.
"""

import argparse
import datetime
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REV = "6934df5"
DEFAULT_OUT = ROOT / "tests" / "upgrade" / "data"
DEFAULT_PYTHON = ROOT / ".venv" / "bin" / "python"
# The fixture is committed: past this size the script says so, to keep the repository small.
SIZE_WARNING_BYTES = 15 * 1024 * 1024
# Variables of this project that must not leak from the caller's shell into the build:
# a PostgreSQL DATABASE_URL, a Redis broker, a demo password or a production setting
# would make the fixture depend on who built it.
SCRUBBED_PREFIXES = ("DJANGO_", "IMPACT_", "EMAIL_", "CELERY_")
SCRUBBED_NAMES = {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "DEFAULT_FROM_EMAIL", "PYTHONPATH"}


def git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def export_revision(rev: str, target: Path) -> None:
    """Unpack the revision's tree (``git archive``): no worktree to register or forget."""
    archive = subprocess.Popen(["git", "-C", str(ROOT), "archive", rev], stdout=subprocess.PIPE)
    with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
        tar.extractall(target, filter="data")
    if archive.wait() != 0:
        raise SystemExit(f"git archive {rev} failed")


def build_env(database: Path, media: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in SCRUBBED_NAMES and not name.startswith(SCRUBBED_PREFIXES)
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "impact.settings",
    }
    return env


def manage(python: Path, source: Path, env: dict[str, str], *args: str) -> str:
    """Run the old revision's ``manage.py``; its output is shown, and returned.

    Its standard error is shown only when it fails: rendering the study PDF makes
    fontTools log a few hundred lines of subsetting details there.
    """
    print(f"$ manage.py {' '.join(args)}", flush=True)
    result = subprocess.run(
        [str(python), "manage.py", *args], cwd=source, env=env, capture_output=True, text=True
    )
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} exited with {result.returncode}")
    if result.stderr:
        print(f"({len(result.stderr.splitlines())} lines on standard error, not shown)")
    return result.stdout


def check_code_is_the_revision(python: Path, source: Path, env: dict[str, str]) -> None:
    """The old code, not today's, must write the database: refuse any other import path."""
    where = manage(python, source, env, "shell", "-c", "import impact; print(impact.__file__)")
    imported = Path(where.strip().splitlines()[-1]).resolve()
    if not imported.is_relative_to(source.resolve()):
        raise SystemExit(f"impact was imported from {imported}, not from {source}")


def read_figures(database: Path, media: Path) -> dict:
    """What must survive the migration, read with plain SQL on the legacy schema."""
    connection = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if not name.startswith("sqlite_") and name != "django_migrations"
        ]
        row_counts = {
            # Names come from sqlite_master itself; quoting still keeps odd ones intact.
            name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in tables
        }
        migrations = [
            list(row)
            for row in connection.execute(
                "SELECT app, name FROM django_migrations ORDER BY app, name"
            )
        ]
        version = connection.execute(
            "SELECT id, study_id, number, sha256, pdf, page_count"
            " FROM impact_studyversion ORDER BY id LIMIT 1"
        ).fetchone()
        if version is None:
            jobs = connection.execute("SELECT status, error FROM impact_studyjob").fetchall()
            raise SystemExit(f"load_demo generated no study version (study jobs: {jobs!r})")
        version_id, study_id, number, stored_sha256, pdf, page_count = version
        organisations = [
            list(row) for row in connection.execute("SELECT id, name FROM services_organisation")
        ]
        users_by_persona = dict(
            connection.execute(
                "SELECT persona, COUNT(*) FROM services_user GROUP BY persona ORDER BY persona"
            ).fetchall()
        )
        campaigns = [
            list(row)
            for row in connection.execute(
                "SELECT id, slug, title FROM surveys_campaign ORDER BY id"
            )
        ]
        inventories_by_status = dict(
            connection.execute(
                "SELECT status, COUNT(*) FROM surveys_inventory GROUP BY status ORDER BY status"
            ).fetchall()
        )
    finally:
        connection.close()
    return {
        "tables": row_counts,
        "migrations": migrations,
        "study_version": {
            "id": version_id,
            "study_id": study_id,
            "number": number,
            "page_count": page_count,
            "sha256": stored_sha256,
            "pdf": pdf,
            "pdf_sha256": hashlib.sha256((media / pdf).read_bytes()).hexdigest(),
        },
        "samples": {
            "organisations": organisations,
            "users_by_persona": users_by_persona,
            "campaigns": campaigns,
            "inventories_by_status": inventories_by_status,
        },
    }


def study_pdfs(database: Path) -> list[str]:
    connection = sqlite3.connect(database)
    try:
        return [
            pdf for (pdf,) in connection.execute("SELECT pdf FROM impact_studyversion ORDER BY pdf")
        ]
    finally:
        connection.close()


def write_gzip(data: io.BufferedIOBase, target: Path) -> None:
    """Level 9, no name and no time in the header: the same input gives the same bytes."""
    with (
        target.open("wb") as out,
        gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=out, mtime=0) as packed,
    ):
        shutil.copyfileobj(data, packed)


def write_media(media: Path, paths: list[str], target: Path) -> None:
    """Only the study PDFs, owner and times zeroed, so that a rebuild diffs cleanly."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for relative in sorted(paths):
            data = (media / relative).read_bytes()
            info = tarfile.TarInfo(relative)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            tar.addfile(info, io.BytesIO(data))
    buffer.seek(0)
    write_gzip(buffer, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", default=DEFAULT_REV, help="git revision (default %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--python", type=Path, default=DEFAULT_PYTHON, help="interpreter")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()

    commit = git("rev-parse", "--verify", f"{options.rev}^{{commit}}")
    short = git("rev-parse", "--short=7", commit)
    out: Path = options.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f"impact-legacy-{short}-"))
    try:
        source, database, media = (
            temporary / "src",
            temporary / "legacy.sqlite3",
            temporary / "media",
        )
        source.mkdir()
        export_revision(commit, source)
        env = build_env(database, media)
        check_code_is_the_revision(options.python, source, env)
        manage(options.python, source, env, "migrate", "--noinput")
        manage(options.python, source, env, "load_demo")

        figures = read_figures(database, media)
        pdfs = study_pdfs(database)
        db_out = out / f"legacy-{short}.sqlite3.gz"
        media_out = out / f"legacy-{short}-media.tar.gz"
        json_out = out / f"legacy-{short}.json"
        with database.open("rb") as raw:
            write_gzip(raw, db_out)
        write_media(media, pdfs, media_out)
        record = {
            "revision": commit,
            "revision_short": short,
            "revision_date": git("show", "-s", "--format=%cI", commit),
            "built_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": db_out.name,
            "media": media_out.name,
            **figures,
        }
        json_out.write_text(
            json.dumps(record, indent=2, ensure_ascii=False, sort_keys=False) + "\n", "utf-8"
        )
    finally:
        if options.keep:
            print(f"Temporary folder kept: {temporary}")
        else:
            shutil.rmtree(temporary, ignore_errors=True)

    tables = figures["tables"]
    print(f"\n{len(tables)} tables, {sum(tables.values())} rows, {len(pdfs)} study PDF(s)")
    print(f"study version {figures['study_version']['id']}: {figures['study_version']['sha256']}")
    for path in (db_out, media_out, json_out):
        size = path.stat().st_size
        warning = "  <- over 15 MB: keep the committed fixture small" * (size > SIZE_WARNING_BYTES)
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {size} bytes{warning}"
        )


if __name__ == "__main__":
    main()
