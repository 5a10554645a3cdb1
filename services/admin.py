from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from services import access
from services.models import Directorate, Organisation, OutboxMessage, Role, Service, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0
    show_change_link = True


@admin.register(Directorate)
class DirectorateAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    inlines = [ServiceInline]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ["title", "headcount", "fte", "job_family", "isco_code"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "directorate"]
    list_filter = ["directorate"]
    list_select_related = ["directorate"]
    search_fields = ["name", "directorate__name"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "service", "headcount", "fte", "job_family", "isco_code"]
    list_filter = ["service__directorate"]
    list_select_related = ["service"]
    search_fields = ["title", "service__name", "isco_code", "job_family"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "persona", "union", "is_active"]
    list_filter = ["persona", "is_active", "is_staff"]
    filter_horizontal = ["services", "groups", "user_permissions"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Profil dans Impact"), {"fields": ["persona", "union", "services"]}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Profil dans Impact"), {"fields": ["persona", "union", "services"]}),
    )


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Tasks waiting to be sent to the workers: read only; a stuck row shows its last error."""

    list_display = ["task", "args", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "task"]
    search_fields = ["task"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_module_permission(self, request) -> bool:
        return access.can_read_records_in_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return access.can_read_records_in_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
