"""What happens when the review workflow ends (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Imported by Wagtail while its own models load, so it imports nothing at the top.
"""


def publish_workflow_state(workflow_state, user=None):
    """Publish the reviewed revision, as Wagtail does, in the approver's name.

    An Author who self-publishes (``AKHBAR_AUTHORS_CAN_PUBLISH``) holds no publish
    permission of their own: the approval the workflow recorded is the authority,
    so the permission check is skipped for them and only for them.
    """
    from .roles import may_self_publish

    content = workflow_state.content_object
    skip_checks = user is not None and may_self_publish(user, content)
    content.get_latest_revision().publish(user=user, skip_permission_checks=skip_checks)
