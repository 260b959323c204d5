"""The review task of the newsroom's workflow."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

# Kept in the task's log as the approval comment of a self-published article.
SELF_PUBLISH_COMMENT = _("نشره كاتبه مباشرة (النشر الذاتي للكتّاب مفعّل).")


class EditorialReviewTask(AbstractGroupApprovalTask):
    """Editors approve or reject an article with a comment.

    When ``AKHBAR_AUTHORS_CAN_PUBLISH`` is on, an Author's own article is approved
    as soon as it is submitted, in the Author's name, so self-publishing leaves the
    same trail in the audit log as a review. Contributors are always reviewed.
    """

    class Meta:
        verbose_name = _("مراجعة تحريرية")
        verbose_name_plural = _("مراجعات تحريرية")

    def start(self, workflow_state, user=None):
        from .roles import may_self_publish

        task_state = super().start(workflow_state, user=user)
        page = workflow_state.content_object
        if user is not None and may_self_publish(user, page):
            # Wagtail moves the workflow on (and publishes) when a task it has just
            # started is no longer in progress.
            task_state.approve(
                user=user, update=False, comment=str(SELF_PUBLISH_COMMENT)
            )
        return task_state

    @classmethod
    def get_description(cls):
        return _("يوافق المحررون على المقال أو يطلبون تعديله مع تعليق.")
