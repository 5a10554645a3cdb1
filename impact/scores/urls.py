from django.urls import path

from impact.scores import views

urlpatterns = [
    path(
        "etats-des-lieux/<int:pk>/scores/",
        views.inventory_scores,
        name="impact-inventory-scores",
    ),
    path("methode/parametres/", views.method_settings, name="impact-method-settings"),
]
