"""Benchmark of the collectivité's impact study (``make bench``).

In a temporary database (never the project's), builds synthetic collectivités of the demo's
size (about 3,000 agents) and ×10, and renders the study of the whole collectivité through the
code the workers run (figures → snapshot → charts → HTML → WeasyPrint PDF). Prints Markdown
rows: agents, seconds of each stage and in all, pages, PDF size, and the process's peak
resident memory (``ru_maxrss``: it only grows, so sizes run smallest first and each row's peak
is that of its own render, synthetic data included). ``--trace-memory`` adds the peak of
Python's traced allocations during a second, traced run (``tracemalloc``: numpy and pandas
included, not Pango's C allocations); tracing makes WeasyPrint about four times slower.
"""

import itertools
import resource
import sys
import time
import tracemalloc

from django.core.management.base import BaseCommand
from django.utils import timezone

from impact.bench.timing import DEMO_SIZE, fresh_synthetic, sizes_option, temporary_database
from impact.scores.selectors import method_parameters, method_settings_get
from impact.studies import content as study_content
from impact.studies import render as study_render
from impact.studies.models import Study
from impact.studies.pdf import render_pdf
from surveys.models import Campaign

HEADER = (
    "| agents | figures and snapshot (s) | charts and HTML (s) | PDF (s) | total (s) | pages "
    "| PDF (KiB) | process peak RSS (MiB) | traced peak (MiB) |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def _render() -> dict:
    """Render the latest campaign's collectivité study; returns the stages' seconds."""
    campaign = Campaign.objects.order_by("-opens_on").first()
    # Saved (in the temporary database): the study's annex reads its consultations.
    study, _created = Study.objects.get_or_create(campaign=campaign, scope=Study.Scope.COLLECTIVITE)
    params = method_parameters(method_settings_get())
    times = [time.perf_counter()]
    snapshot = study_content.build_snapshot(study, params)
    times.append(time.perf_counter())
    html = study_render.render_study_html(
        snapshot, charts=study_render.study_charts(snapshot), version_number=1,
        generated_on=timezone.localdate(),
    )  # fmt: skip
    times.append(time.perf_counter())
    pdf, pages = render_pdf(html)
    times.append(time.perf_counter())
    steps = [after - before for before, after in itertools.pairwise(times)]
    return {"steps": steps, "pages": pages, "size": len(pdf)}


def _max_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS


class Command(BaseCommand):
    help = "Mesure le temps, la mémoire et le nombre de pages de l'étude de la collectivité."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            type=sizes_option,
            default=[DEMO_SIZE, 10 * DEMO_SIZE],
            help="Nombres d'agents, séparés par des virgules (défaut : 3000,30000).",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--trace-memory", action="store_true", help="Ajoute une mesure avec tracemalloc."
        )

    def handle(self, *args, sizes, seed, trace_memory, **options):
        with temporary_database():
            self.stdout.write(HEADER)
            for agents in sizes:
                counts, _seconds = fresh_synthetic(agents, seed, campaigns=1)
                result = _render()
                rss = _max_rss_mib()
                traced = "—"
                if trace_memory:
                    tracemalloc.start()
                    _render()
                    traced = f"{tracemalloc.get_traced_memory()[1] / 2**20:,.0f}"
                    tracemalloc.stop()
                steps = " | ".join(f"{step:.1f}" for step in result["steps"])
                self.stdout.write(
                    f"| {counts['agents']:,} | {steps} | {sum(result['steps']):.1f} "
                    f"| {result['pages']} | {result['size'] / 1024:,.0f} | {rss:,.0f} | {traced} |"
                )
