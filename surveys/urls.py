from django.urls import path

from surveys.views import campaigns, inventories

urlpatterns = [
    # Campaigns (administrators).
    path("campagnes/", campaigns.campaign_list, name="surveys-campaign-list"),
    path("campagnes/nouvelle/", campaigns.campaign_create, name="surveys-campaign-create"),
    path("campagnes/<slug:slug>/", campaigns.campaign_detail, name="surveys-campaign-detail"),
    path("campagnes/<slug:slug>/modifier/", campaigns.campaign_edit, name="surveys-campaign-edit"),
    path("campagnes/<slug:slug>/ouvrir/", campaigns.campaign_open, name="surveys-campaign-open"),
    path("campagnes/<slug:slug>/clore/", campaigns.campaign_close, name="surveys-campaign-close"),
    path(
        "campagnes/<slug:slug>/export.<str:fmt>",
        campaigns.campaign_export,
        name="surveys-campaign-export",
    ),
    # Inventories (department heads fill them; administrators review them).
    path("etats-des-lieux/", inventories.inventory_list, name="surveys-inventory-list"),
    path(
        "etats-des-lieux/<int:pk>/", inventories.inventory_detail, name="surveys-inventory-detail"
    ),
    path(
        "etats-des-lieux/<int:pk>/sections/<slug:section>/",
        inventories.inventory_section_edit,
        name="surveys-inventory-section",
    ),
    path(
        "etats-des-lieux/<int:pk>/postes/",
        inventories.inventory_roles,
        name="surveys-inventory-roles",
    ),
    path(
        "etats-des-lieux/<int:pk>/postes/<int:role_pk>/",
        inventories.inventory_role_tasks,
        name="surveys-inventory-role-tasks",
    ),
    path(
        "etats-des-lieux/<int:pk>/soumettre/",
        inventories.inventory_submit,
        name="surveys-inventory-submit",
    ),
    path(
        "etats-des-lieux/<int:pk>/revue/",
        inventories.inventory_review,
        name="surveys-inventory-review",
    ),
]
