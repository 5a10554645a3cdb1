from django.urls import path

from impact.studies import views

urlpatterns = [
    path("etudes/", views.study_list, name="impact-study-list"),
    path("etudes/demander/", views.study_request, name="impact-study-request"),
    path("etudes/<int:pk>/", views.study_detail, name="impact-study-detail"),
    path("etudes/<int:pk>/regenerer/", views.study_regenerate, name="impact-study-regenerate"),
    path("etudes/<int:pk>/comparer/", views.study_compare, name="impact-study-compare"),
    path(
        "etudes/<int:pk>/generations/<int:job_pk>/",
        views.study_job_status,
        name="impact-study-job",
    ),
    path(
        "etudes/<int:pk>/generations/<int:job_pk>/relancer/",
        views.study_job_retry,
        name="impact-study-job-retry",
    ),
    path(
        "etudes/<int:pk>/versions/<int:number>/pdf/",
        views.study_version_download,
        name="impact-study-download",
    ),
]
