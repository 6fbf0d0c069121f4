"""Who may do what through the API: DRF's model permissions, readers anonymous."""

from rest_framework import permissions


class ModelPermissionsOrAnonReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """DRF's `DjangoModelPermissionsOrAnonReadOnly`, which builds the view's
    queryset (`get_queryset`: every prefetch and filter for the reader, about
    1 ms) only to learn its model. A read asks for no model permission: it is
    allowed without, as DRF allows it. Writes are checked as DRF checks them."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS and not self.perms_map.get(
            request.method
        ):
            return bool(request.user) and (
                request.user.is_authenticated or not self.authenticated_users_only
            )
        return super().has_permission(request, view)
