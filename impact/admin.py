"""Studies, score snapshots and consultations in the admin site: to look, not to change.

These records are the audit trail of the approach (immutable versions, the scores they
printed, what delegates wrote and what the administration answered): they change only
through the application's pages and actions, which enforce its rules and keep histories.
The admin site lets the IT team and administrators find and read any of them.
"""

from django.contrib import admin

from impact.consultation.models import Comment, Consultation, Opinion
from impact.scores.models import InventoryScore, RescoreJob
from impact.studies.models import Study, StudyJob, StudyVersion
from services import access


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return access.can_read_records_in_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return access.can_read_records_in_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Study)
class StudyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "campaign", "scope", "created_at"]
    list_filter = ["campaign", "scope"]


@admin.register(StudyVersion)
class StudyVersionAdmin(ReadOnlyAdmin):
    list_display = ["study", "number", "created_at", "requested_by", "page_count"]
    list_filter = ["study__campaign"]
    exclude = ["snapshot"]  # thousands of figures: read them in the PDF and the pages


@admin.register(StudyJob)
class StudyJobAdmin(ReadOnlyAdmin):
    list_display = ["study", "status", "progress", "attempts", "created_at", "finished_at"]
    list_filter = ["status"]


@admin.register(RescoreJob)
class RescoreJobAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "method_version", "status", "done", "total", "created_at"]
    list_filter = ["status"]


@admin.register(InventoryScore)
class InventoryScoreAdmin(ReadOnlyAdmin):
    list_display = ["inventory", "trigger", "computed_at"]
    list_filter = ["trigger", "inventory__campaign"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["version", "status", "deadline", "opened_at", "closed_at"]
    list_filter = ["status"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "author_union", "kind", "target", "status", "created_at"]
    list_filter = ["status", "kind", "consultation"]
    search_fields = ["body", "answer"]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "union", "stance", "recorded_at"]
    list_filter = ["stance", "consultation"]
