"""URLs of the consultation on study versions (comments, answers, opinions)."""

from django.urls import path

from impact.consultation import views

COMMENT = "consultations/<int:pk>/commentaires/<int:comment_pk>/"

urlpatterns = [
    path(
        "etudes/<int:pk>/versions/<int:number>/consultation/",
        views.consultation_open,
        name="impact-consultation-open",
    ),
    path("consultations/<int:pk>/", views.consultation_detail, name="impact-consultation-detail"),
    path(
        "consultations/<int:pk>/prolonger/",
        views.consultation_extend,
        name="impact-consultation-extend",
    ),
    path(
        "consultations/<int:pk>/cloturer/",
        views.consultation_close,
        name="impact-consultation-close",
    ),
    path(
        "consultations/<int:pk>/commentaires/",
        views.comment_list,
        name="impact-consultation-comments",
    ),
    path(
        "consultations/<int:pk>/commentaires.csv",
        views.consultation_export,
        name="impact-consultation-export",
    ),
    path(
        "consultations/<int:pk>/commenter/",
        views.comment_create,
        name="impact-consultation-comment",
    ),
    path(f"{COMMENT}repondre/", views.comment_reply, name="impact-consultation-reply"),
    path(f"{COMMENT}modifier/", views.comment_edit, name="impact-consultation-edit"),
    path(f"{COMMENT}reponse/", views.comment_answer, name="impact-consultation-answer"),
    path(
        f"{COMMENT}prise-en-compte/", views.comment_addressed, name="impact-consultation-addressed"
    ),
    path("consultations/<int:pk>/avis/", views.opinion_record, name="impact-consultation-opinion"),
    path(
        "consultations/mon-consentement/",
        views.naming_consent,
        name="impact-consultation-consent",
    ),
]
