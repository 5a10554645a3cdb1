"""URLs of the dashboards and their exports (``?format=xlsx|csv`` on each page)."""

from django.urls import path

from impact.dashboards import views

urlpatterns = [
    path("tableau-de-bord/", views.overview, name="impact-dashboard"),
    path(
        "tableau-de-bord/directions/<int:pk>/",
        views.directorate_detail,
        name="impact-dashboard-directorate",
    ),
    path(
        "tableau-de-bord/services/<int:pk>/",
        views.service_detail,
        name="impact-dashboard-service",
    ),
    path("tableau-de-bord/postes/<int:pk>/", views.role_detail, name="impact-dashboard-role"),
    path("tableau-de-bord/comparaison/", views.comparison, name="impact-dashboard-compare"),
]
