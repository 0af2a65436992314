"""Permissions follow the user's role; the role decides what, `visible_to` decides where."""

from django.apps import apps
from django.contrib.auth.backends import ModelBackend

from org import roles

# The apps whose models the roles' admin actions (org.roles.MODEL_ACTIONS) apply to ("imports":
# the synonyms of the import vocabulary).
DOMAIN_APPS = ("org", "personnel", "bhabin", "conflicts", "budget", "motul", "imports")


class RoleBackend(ModelBackend):
    """Grants model permissions on the domain apps by role; no per-user or group grants."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        if user_obj.unit_id is None:
            return set()
        cache = getattr(user_obj, "_role_perm_cache", None)
        if cache is None:
            cache = user_obj._role_perm_cache = self._role_permissions(user_obj)
        return cache

    @staticmethod
    def _role_permissions(user):
        perms = set()
        for app_label in DOMAIN_APPS:
            for model in apps.get_app_config(app_label).get_models():
                name = model._meta.model_name
                actions = roles.model_actions(user, f"{app_label}.{name}")
                perms.update(f"{app_label}.{action}_{name}" for action in actions)
        return perms

    def has_perm(self, user_obj, perm, obj=None):
        return user_obj.is_active and perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and any(
            p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj)
        )

    def get_user(self, user_id):
        # Every page shows the user's unit and officer record in its header: fetch them with the
        # user in the one query the session lookup makes anyway.
        from personnel.models import User

        try:
            user = User._default_manager.select_related("unit", "officer").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
