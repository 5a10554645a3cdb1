"""``manage.py import_org FILE [--dry-run]``: the upload page's import, from a shell.

It calls the same action as the page (``services.actions.org_chart_import``), prints its
report, and exits with a non-zero status, importing nothing, when the file has problems.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from services.actions import org_chart_import
from services.importing import ImportProblem, ImportReport
from services.models import Organisation


class Command(BaseCommand):
    help = gettext_lazy(
        "Importe l'organigramme (XLSX ou CSV) : tout le fichier, ou rien s'il contient "
        "une erreur. Ne supprime jamais ce qui est absent du fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=gettext_lazy("Fichier .xlsx ou .csv"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Vérifier le fichier et dire ce qui changerait, sans rien écrire."),
        )
        parser.add_argument(
            "--organisation",
            help=gettext_lazy("Nom de la collectivité (par défaut : la seule qui existe)."),
        )

    def handle(self, *args, file: Path, dry_run: bool, organisation: str | None, **options):
        report = org_chart_import(
            content=self._read(file),
            filename=file.name,
            dry_run=dry_run,
            organisation=self._organisation(organisation),
        )
        self._print_report(report, verbosity=options["verbosity"])
        if not report.ok:
            raise CommandError(
                ngettext(
                    "%(count)s problème : rien n'a été importé.",
                    "%(count)s problèmes : rien n'a été importé.",
                    len(report.problems),
                )
                % {"count": len(report.problems)}
            )

    def _read(self, file: Path) -> bytes:
        """The file's bytes, refused before reading when it is over the size limit."""
        limit = settings.IMPACT_IMPORT_MAX_BYTES
        try:
            size = file.stat().st_size
            if size > limit:
                raise CommandError(
                    _("Le fichier pèse %(size)s ; la limite est de %(limit)s.")
                    % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
                )
            return file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Impossible de lire %(file)s : %(error)s")
                % {"file": file, "error": error.strerror or error}
            ) from None

    def _organisation(self, name: str | None) -> Organisation | None:
        if not name:
            return None
        organisation = Organisation.objects.filter(name__iexact=name.strip()).first()
        if organisation is None:
            raise CommandError(_("Aucune collectivité ne s'appelle « %(name)s ».") % {"name": name})
        return organisation

    def _print_report(self, report: ImportReport, *, verbosity: int) -> None:
        write = self.stdout.write
        if report.dry_run:
            write(_("Simulation : rien n'est enregistré."))
        if report.ok:
            sections = [
                (_("Créés"), report.created, True),
                (_("Mis à jour"), report.updated, True),
                (_("Inchangés"), report.unchanged, verbosity >= 2),
            ]
            for title, entries, listed in sections:
                write(f"{title} : {len(entries)}")
                if listed:
                    for entry in entries:
                        write(f"  - {entry}")
        for note in report.notes:
            write(_("Remarque : %(note)s") % {"note": note})
        for problem in report.problems:
            self.stderr.write(f"{_where(problem)} : {problem.message}")
        if report.ok and report.dry_run:
            write(self.style.SUCCESS(_("Le fichier est valide ; rien n'a été enregistré.")))
        elif report.ok:
            write(self.style.SUCCESS(_("L'organigramme a été importé.")))


def _where(problem: ImportProblem) -> str:
    """ "Ligne 4, colonne « Effectif »", or as much of it as the problem knows."""
    if problem.line and problem.column:
        return _("Ligne %(line)s, colonne « %(column)s »") % {
            "line": problem.line,
            "column": problem.column,
        }
    if problem.line:
        return _("Ligne %(line)s") % {"line": problem.line}
    if problem.column:
        return _("Colonne « %(column)s »") % {"column": problem.column}
    return _("Fichier")
