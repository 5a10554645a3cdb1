from django.urls import path

from impact.scores import views

urlpatterns = [
    path(
        "etats-des-lieux/<int:pk>/scores/",
        views.inventory_scores,
        name="impact-inventory-scores",
    ),
    path("methode/parametres/", views.method_settings, name="impact-method-settings"),
    path("methode/recalcul/", views.rescore_request, name="impact-rescore-request"),
    path("methode/recalcul/<int:pk>/", views.rescore_job_status, name="impact-rescore-job"),
]
