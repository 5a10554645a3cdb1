from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from impact import views

admin.site.site_header = _("Impact — administration")
admin.site.site_title = _("Impact")
admin.site.index_title = _("Données de la collectivité")

handler500 = "services.web.middleware.server_error"

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
    path("", include("impact.scores.urls")),
    path("", include("impact.studies.urls")),
    path("", include("impact.consultation.urls")),
    path("", include("impact.dashboards.urls")),
    path("", include("impact.voice.urls")),
    path("admin/", admin.site.urls),
]
