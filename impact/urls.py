from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from impact import views, views_scores, views_studies

admin.site.site_header = _("Impact — administration")
admin.site.site_title = _("Impact")
admin.site.index_title = _("Données de la collectivité")

handler500 = "services.middleware.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("organisation/", include("services.urls")),
    path("", include("surveys.urls")),
    path(
        "etats-des-lieux/<int:pk>/scores/",
        views_scores.inventory_scores,
        name="impact-inventory-scores",
    ),
    path("methode/parametres/", views_scores.method_settings, name="impact-method-settings"),
    path("etudes/", views_studies.study_list, name="impact-study-list"),
    path("etudes/demander/", views_studies.study_request, name="impact-study-request"),
    path("etudes/<int:pk>/", views_studies.study_detail, name="impact-study-detail"),
    path(
        "etudes/<int:pk>/regenerer/", views_studies.study_regenerate, name="impact-study-regenerate"
    ),
    path("etudes/<int:pk>/comparer/", views_studies.study_compare, name="impact-study-compare"),
    path(
        "etudes/<int:pk>/generations/<int:job_pk>/",
        views_studies.study_job_status,
        name="impact-study-job",
    ),
    path(
        "etudes/<int:pk>/generations/<int:job_pk>/relancer/",
        views_studies.study_job_retry,
        name="impact-study-job-retry",
    ),
    path(
        "etudes/<int:pk>/versions/<int:number>/pdf/",
        views_studies.study_version_download,
        name="impact-study-download",
    ),
    path("", include("impact.urls_consultation")),
    path("", include("impact.urls_dashboards")),
    path("admin/", admin.site.urls),
]
