"""Writes that span several records."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from rest_framework.authtoken.models import Token

EDITORS_GROUP = "Editors"

# Editors curate every record of the tracker, review each other's drafts, answer
# readers' corrections, merge duplicates and manage their API tokens.
EDITOR_APP_LABELS = ("partnerships", "editorial", "corrections", "merges")
EDITOR_EXTRA_PERMISSIONS = (
    ("authtoken", "view_token"),
    # Editors register webhooks and read (and re-send) their deliveries.
    *(
        ("webhooks", f"{action}_endpoint")
        for action in ("add", "change", "delete", "view")
    ),
    ("webhooks", "view_delivery"),
    ("webhooks", "change_delivery"),
    ("webhooks", "view_attempt"),
)


def editors_group_ensure() -> Group:
    """Create the Editors group if needed and give it every curation permission."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    permissions = list(
        Permission.objects.filter(content_type__app_label__in=EDITOR_APP_LABELS)
    )
    for app_label, codename in EDITOR_EXTRA_PERMISSIONS:
        permissions.extend(
            Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        )
    group.permissions.add(*permissions)
    return group


@transaction.atomic
def editor_create(*, username: str, email: str, password: str):
    """An account that can sign in to the admin, curate records and write through
    the API with its token, nothing more."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValueError(f"username: an account named {username!r} already exists")
    user = user_model.objects.create_user(
        username=username, email=email, password=password, is_staff=True
    )
    user.groups.add(editors_group_ensure())
    Token.objects.create(user=user)
    return user
