from django.urls import path

from services import views, views_import

urlpatterns = [
    path("", views.organisation_chart, name="services-organisation-chart"),
    path("directions/<int:pk>/", views.directorate_detail, name="services-directorate-detail"),
    path("services/<int:pk>/", views.service_detail, name="services-service-detail"),
    path("import/", views_import.org_import, name="services-org-import"),
]
