"""The report tables (`reports.models`) are derived from the domain rows and rebuilt by
`reports.aggregates`, never edited, so none is registered in the admin. `KeepsAggregates` is for
the admins of the rows they are derived from."""


class KeepsAggregates:
    """An admin mixin that recounts the aggregates when the admin writes: the keys an object
    leaves (its stored values of `aggregate_key_fields`) and lands in when saved, and those of
    every object deleted. Subclasses name the fields and define `aggregates_changed(keys)`."""

    aggregate_key_fields = ()

    def aggregates_changed(self, keys):
        raise NotImplementedError

    def _key(self, obj):
        return tuple(getattr(obj, name) for name in self.aggregate_key_fields)

    def save_model(self, request, obj, form, change):
        stored = self.model._base_manager.filter(pk=obj.pk)
        before = list(stored.values_list(*self.aggregate_key_fields)) if obj.pk else []
        super().save_model(request, obj, form, change)
        self.aggregates_changed([*before, self._key(obj)])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.aggregates_changed([self._key(obj)])

    def delete_queryset(self, request, queryset):
        keys = list(queryset.values_list(*self.aggregate_key_fields))
        super().delete_queryset(request, queryset)
        self.aggregates_changed(keys)
