"""Model fields shared by the domain apps."""

import json

from wagtail import fields


class StreamField(fields.StreamField):
    """Wagtail's StreamField, with Arabic kept as UTF-8 in its string form.

    The string form is what a revision holds of the body (modelcluster
    serialises fields with ``value_to_string``); Wagtail's ``json.dumps``
    escapes every Arabic letter to ``\\u0627``, then the revision's own JSON
    escapes the backslash again: seven bytes a letter where UTF-8 takes two.
    It loads back to the same value. Deconstructed as Wagtail's field: the
    column and the stored values are the same, so migrations see no change.
    """

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return json.dumps(
            self.get_prep_value(value), cls=self.json_field.encoder, ensure_ascii=False
        )

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.fields.StreamField", args, kwargs
