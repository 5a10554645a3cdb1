"""URLs of the agents' survey: the agents' own pages (no account), and the pages of the
heads and administrators who hand out codes and read the calibration."""

from django.urls import path

from impact.voice import views

urlpatterns = [
    path("agents/", views.voice_entry, name="voice-entry"),
    path("agents/questionnaire/", views.voice_answer, name="voice-answer"),
    path("agents/merci/", views.voice_thanks, name="voice-thanks"),
    path("campagnes/<slug:slug>/agents/", views.voice_survey, name="voice-survey"),
    path(
        "campagnes/<slug:slug>/agents/calibration/",
        views.voice_calibration,
        name="voice-calibration",
    ),
    path(
        "campagnes/<slug:slug>/agents/matrice/",
        views.voice_posterior_apply,
        name="voice-posterior-apply",
    ),
    path(
        "etats-des-lieux/<int:pk>/postes/<int:role_pk>/agents/",
        views.voice_role,
        name="voice-role",
    ),
    path(
        "etats-des-lieux/<int:pk>/postes/<int:role_pk>/agents/codes/",
        views.voice_role_sheet,
        name="voice-role-sheet",
    ),
    path(
        "etats-des-lieux/<int:pk>/postes/<int:role_pk>/agents/courriels/",
        views.voice_role_email,
        name="voice-role-email",
    ),
]
