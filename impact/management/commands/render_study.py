"""``manage.py render_study``: render a study synchronously, through the same code as the workers."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from impact.scores.selectors import method_parameters, method_settings_get
from impact.studies import content as study_content
from impact.studies import render as study_render
from impact.studies.models import Study
from impact.studies.pdf import render_pdf
from services.models import Directorate, Service
from surveys.models import Campaign


class Command(BaseCommand):
    help = (
        "Génère le PDF d'une étude d'impact sans passer par Celery (rien n'est enregistré en base)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--campaign", required=True, help="Identifiant (slug) de la campagne.")
        parser.add_argument(
            "--scope", required=True, help="collectivite, directorate:ID ou service:ID."
        )
        parser.add_argument("--output", required=True, help="Fichier PDF à écrire.")

    def handle(self, *args, campaign: str, scope: str, output: str, **options) -> None:
        found = Campaign.objects.filter(slug=campaign).first()
        if found is None:
            raise CommandError(_("Campagne inconnue : « %s ».") % campaign)
        study = Study(campaign=found, **self._scope(scope))
        params = method_parameters(method_settings_get())
        started = timezone.now()
        snapshot = study_content.build_snapshot(study, params)
        html = study_render.render_study_html(
            snapshot, charts=study_render.study_charts(snapshot), version_number=0,
            generated_on=timezone.localdate(),
        )  # fmt: skip
        pdf, pages = render_pdf(html)
        Path(output).write_bytes(pdf)
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            _("%(output)s : %(pages)d pages, %(size)d octets, %(seconds).1f s")
            % {"output": output, "pages": pages, "size": len(pdf), "seconds": seconds}
        )

    def _scope(self, scope: str) -> dict:
        kind, _sep, raw_id = scope.partition(":")
        if kind == Study.Scope.COLLECTIVITE and not raw_id:
            return {"scope": kind}
        models = {Study.Scope.DIRECTORATE: Directorate, Study.Scope.SERVICE: Service}
        if kind not in models or not raw_id.isdigit():
            raise CommandError(
                _("Périmètre invalide : « %s » (collectivite, directorate:ID ou service:ID).")
                % scope
            )
        target = models[kind].objects.filter(pk=int(raw_id)).first()
        if target is None:
            raise CommandError(_("%(kind)s %(id)s introuvable.") % {"kind": kind, "id": raw_id})
        return {"scope": kind, kind: target}
