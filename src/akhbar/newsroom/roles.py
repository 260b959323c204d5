"""The newsroom's roles: Wagtail groups with page, image and document permissions.

A migration creates the groups and the review workflow, never a person in the admin.
``roles_sync`` and ``review_workflow_sync`` take the app registry a migration gives
them, so the same code serves the migration and the tests that rebuild the data after
a flush. They only add: a permission taken away ships as a migration of its own.

Administrators are superusers and belong to no group.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    EDITOR = "editor", _("محرر")
    AUTHOR = "author", _("كاتب")
    CONTRIBUTOR = "contributor", _("مساهم")


# Group names are the stable keys of the roles, shown as they are in the admin.
GROUP_NAMES = {
    Role.EDITOR: "المحررون",
    Role.AUTHOR: "الكتّاب",
    Role.CONTRIBUTOR: "المساهمون",
}

# Page permissions, granted on the root of the page tree so that every site's news
# tree is covered. "add" alone lets a user create pages and edit the ones they own,
# never publish them: publishing goes through the review workflow.
PAGE_PERMISSIONS = {
    Role.EDITOR: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
    Role.AUTHOR: ["add_page"],
    Role.CONTRIBUTOR: ["add_page"],
}

# Image and document permissions on the root collection; "add" includes editing and
# deleting one's own uploads.
COLLECTION_PERMISSIONS = {
    Role.EDITOR: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "delete_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "delete_document"),
        ("wagtaildocs", "choose_document"),
    ],
    Role.AUTHOR: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
    Role.CONTRIBUTOR: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
    ],
}

# Permissions that are not tied to a place in a tree. Those of an app that is not
# installed (akhbar_comments before it exists) are skipped, and granted by the
# migration that runs after that app's first one.
MODEL_PERMISSIONS = {
    Role.EDITOR: [
        ("wagtailadmin", "access_admin"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
        ("akhbar_comments", "moderate_comment"),
        ("akhbar_comments", "change_comment"),
        ("akhbar_comments", "delete_comment"),
        ("akhbar_news", "feature_article"),
        ("akhbar_entities", "change_entity"),
        ("akhbar_live", "add_liveentry"),
        ("akhbar_live", "change_liveentry"),
        ("akhbar_live", "delete_liveentry"),
        ("akhbar_live", "publish_liveentry"),
        # Webhook endpoints and their delivery log (akhbar.webhooks).
        ("akhbar_webhooks", "add_endpoint"),
        ("akhbar_webhooks", "change_endpoint"),
        ("akhbar_webhooks", "delete_endpoint"),
        ("akhbar_webhooks", "view_endpoint"),
        ("akhbar_webhooks", "view_delivery"),
        ("akhbar_newsletters", "add_issue"),
        ("akhbar_newsletters", "change_issue"),
        ("akhbar_newsletters", "delete_issue"),
        # Pins and removals of an article's related suggestions (akhbar.related).
        ("akhbar_related", "add_relatedchoice"),
        ("akhbar_related", "change_relatedchoice"),
        ("akhbar_related", "delete_relatedchoice"),
        ("akhbar_related", "view_relatedchoice"),
    ],
    # Authors write live entries; without the publish permission theirs wait for
    # an Editor (akhbar.live.permissions), as their articles do.
    Role.AUTHOR: [
        ("wagtailadmin", "access_admin"),
        ("akhbar_live", "add_liveentry"),
        ("akhbar_live", "change_liveentry"),
        ("akhbar_live", "delete_liveentry"),
    ],
    Role.CONTRIBUTOR: [("wagtailadmin", "access_admin")],
}

# Wagtail's own starter groups and workflow; a fresh site has no use for them next
# to the roles above, so they go unless someone was put in them.
WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

REVIEW_WORKFLOW_NAME = "مراجعة التحرير"
REVIEW_TASK_NAME = "موافقة المحررين"


def _create_missing_permissions(apps) -> None:
    """Create content types and permissions now rather than after ``migrate``.

    Django creates them in ``post_migrate``, too late for a migration that grants
    them on a fresh database.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # A migration's app configs are stubs without models_module, which
        # create_permissions takes to mean "no models".
        historical = getattr(app_config, "models_module", None) is None
        if historical:
            app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            if historical:
                app_config.models_module = None


def _permission(apps, app_label: str, codename: str):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()


def _installed(apps, app_label: str) -> bool:
    try:
        apps.get_app_config(app_label)
    except LookupError:
        return False
    return True


def _root_page(apps):
    Page = apps.get_model("wagtailcore", "Page")
    return Page.objects.filter(depth=1).order_by("path").first()


def _root_collection(apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        # A flushed test database has none; Wagtail's migration made the first.
        root = Collection.objects.create(name="الجذر", path="0001", depth=1, numchild=0)
    return root


def roles_sync(apps=global_apps) -> dict:
    """Create the role groups and grant what the tables above list; return them."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    _create_missing_permissions(apps)
    root_page = _root_page(apps)
    root_collection = _root_collection(apps)

    groups = {}
    for role, name in GROUP_NAMES.items():
        group, _created = Group.objects.get_or_create(name=name)
        groups[role] = group
        for app_label, codename in MODEL_PERMISSIONS[role]:
            if not _installed(apps, app_label):
                continue
            permission = _permission(apps, app_label, codename)
            if permission is not None:
                group.permissions.add(permission)
        for app_label, codename in COLLECTION_PERMISSIONS[role]:
            permission = _permission(apps, app_label, codename)
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        if root_page is not None:
            for codename in PAGE_PERMISSIONS[role]:
                permission = _permission(apps, "wagtailcore", codename)
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )

    unused = Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True)
    Group.objects.filter(pk__in=list(unused.values_list("pk", flat=True))).delete()
    return groups


def review_workflow_sync(apps=global_apps):
    """Put the whole page tree under the Editors' review workflow; return it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    ReviewTask = apps.get_model("akhbar_newsroom", "EditorialReviewTask")

    content_type, _created = ContentType.objects.get_or_create(
        app_label="akhbar_newsroom", model="editorialreviewtask"
    )
    task = ReviewTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = ReviewTask.objects.create(
            name=REVIEW_TASK_NAME, active=True, content_type=content_type
        )
    task.groups.add(Group.objects.get(name=GROUP_NAMES[Role.EDITOR]))
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=REVIEW_WORKFLOW_NAME, active=True)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    root = _root_page(apps)
    if root is not None:
        WorkflowPage.objects.update_or_create(
            page=root, defaults={"workflow": workflow}
        )

    retired = Workflow.objects.filter(
        name=WAGTAIL_DEFAULT_WORKFLOW, workflow_pages__isnull=True
    ).exclude(pk=workflow.pk)
    Workflow.objects.filter(pk__in=list(retired.values_list("pk", flat=True))).update(
        active=False
    )
    Task.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).exclude(
        workflow_tasks__workflow__active=True
    ).update(active=False)
    return workflow


def user_roles(user) -> set[str]:
    """The roles ``user`` holds through group membership."""
    names = set(user.groups.values_list("name", flat=True))
    return {role for role, name in GROUP_NAMES.items() if name in names}


def may_self_publish(user, page) -> bool:
    """Whether ``user`` may publish ``page`` without an Editor's review.

    Only an Author, only their own article, only with AKHBAR_AUTHORS_CAN_PUBLISH.
    """
    from akhbar.news.models import ArticlePage

    return (
        settings.AKHBAR_AUTHORS_CAN_PUBLISH
        and user.is_active
        and page.owner_id == user.pk
        and issubclass(page.specific_class or type(page), ArticlePage)
        and Role.AUTHOR in user_roles(user)
    )


def may_create(user, page_class) -> bool:
    """Whether ``user`` may create pages of ``page_class``.

    Page permissions in Wagtail do not tell page types apart: "add" on the tree
    would let an Author create sections. Authors and Contributors write articles.
    """
    from akhbar.news.models import ArticlePage

    if user.is_superuser or issubclass(page_class, ArticlePage):
        return True
    return Role.EDITOR in user_roles(user)
