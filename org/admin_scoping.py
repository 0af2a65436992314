"""The admin's half of the scoping rule: every admin and inline reads through `visible_to(user)`.

Lists, change pages, deletes, bulk actions, autocomplete lookups, related-field filters and the
choices of every foreign-key and many-to-many field all come from the scoped queryset, so an
operator of one Polsek can neither see nor pick another unit's rows. Another unit's object is a
404, as everywhere else in the product, not Django's "does not exist" redirect.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.http import Http404

from org import roles
from org.locks import periods_locked
from org.periods import parse_date_parts


def scoped_choices(admin_obj, db_field, request, using=None):
    """The rows a user may pick for a relation: the related model's scoped queryset."""
    # get_field_queryset applies the related admin's ordering, or gives None when it has none.
    queryset = admin_obj.get_field_queryset(using, db_field, request)
    if queryset is None:
        queryset = db_field.remote_field.model._default_manager.using(using).all()
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(request.user)
    # A model outside the scoping rule (auth groups, permissions) is for superusers only.
    return queryset if request.user.is_superuser else queryset.none()


def scoped_list_filter(model, entry):
    """A list_filter entry, with a relation path turned into a filter on in-scope values only."""
    if isinstance(entry, str) and get_fields_from_path(model, entry)[-1].is_relation:
        return (entry, admin.RelatedOnlyFieldListFilter)
    return entry


class CheckedDateChangeList(ChangeList):
    """A change list whose date-hierarchy parameters go through org.periods first: a year,
    month or day that is no date (or a year past 9999, which overflows Django's own arithmetic)
    is dropped with a message, and the list shows every row."""

    def get_filters(self, request):
        if self.date_hierarchy:
            keys = [f"{self.date_hierarchy}__{part}" for part in ("year", "month", "day")]
            given = [self.filter_params.get(key) for key in keys]
            if any(given):
                try:
                    parse_date_parts(*(value[-1] if value else None for value in given))
                except ValueError as error:
                    messages.warning(request, str(error))
                    self.filter_params = {
                        key: value for key, value in self.filter_params.items() if key not in keys
                    }
                    self.params = {
                        key: value for key, value in self.params.items() if key not in keys
                    }
        return super().get_filters(request)


class ScopedAdminMixin:
    """Scopes the queryset and relation choices of a model admin or an inline."""

    def get_queryset(self, request):
        # Django's own get_queryset keeps the admin's ordering (and, for inlines, the check for
        # view permission); the scoping rule narrows it.
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped_choices(self, db_field, request, kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped_choices(self, db_field, request, kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The base of every model admin in Sigap."""

    def get_changelist(self, request, **kwargs):
        return CheckedDateChangeList

    def get_list_filter(self, request):
        # Django's default filter on a relation lists every row of the related table (every unit,
        # every officer); offer only the values found in the user's own rows instead.
        return [scoped_list_filter(self.model, entry) for entry in super().get_list_filter(request)]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


class ScopedTabularInline(ScopedAdminMixin, admin.TabularInline):
    """The base of every tabular inline in Sigap."""

    extra = 0


class ScopedStackedInline(ScopedAdminMixin, admin.StackedInline):
    """The base of every stacked inline in Sigap."""

    extra = 0


class ReferenceAdmin(ScopedAdmin):
    """Reference data is shared by every unit: every staff user may read it, only those
    `roles.may_edit_reference_data` allows may write it."""

    def has_add_permission(self, request):
        return roles.may_edit_reference_data(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return roles.may_edit_reference_data(request.user) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return roles.may_edit_reference_data(request.user) and super().has_delete_permission(
            request, obj
        )


def add_service_errors(form, error):
    """Put a service's ValidationError on the form: on its fields where the form has them, the
    rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class ValidatedByService:
    """For an admin whose model is written by a service: the service's own checks
    (`service_check`, raising ValidationError) run when the form is validated, so that a refusal
    shows on the form rather than as an error page when `save_model` calls the service."""

    def service_check(self, request, obj, form):
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        admin_obj = self

        class ServiceCheckedForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                try:
                    admin_obj.service_check(request, self.instance, self)
                except ValidationError as error:
                    add_service_errors(self, error)

        ServiceCheckedForm.__name__ = form_class.__name__
        return ServiceCheckedForm


class MonthLockedAdmin:
    """For an admin whose rows are dated in a unit's month: a row of a locked (approved) month
    is shown read-only and cannot be deleted, alone or in a bulk delete (Django's delete
    confirmation lists it as not permitted). `month_key(obj)` gives the row's (unit id, date)."""

    def month_key(self, obj):
        raise NotImplementedError

    def _month_locked(self, request, obj):
        key = self.month_key(obj)
        cache = request.__dict__.setdefault("_month_locks", {})
        if key not in cache:
            cache[key] = bool(periods_locked(unit_days=[key]))
        return cache[key]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not self._month_locked(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not self._month_locked(request, obj))
