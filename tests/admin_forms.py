"""Turn a rendered admin change form into the POST data a browser would send."""

import datetime


def _field_values(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None:
            data[key] = ""
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, datetime.datetime | datetime.date):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)
    return data


def admin_form_data(response) -> dict:
    """Every field of the admin form and its inlines, as currently shown."""
    data = _field_values(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(_field_values(formset.management_form))
        for form in formset.forms:
            if form.instance.pk or form.has_changed():
                data.update(_field_values(form))
            else:
                data[form.add_prefix("id")] = ""
    return data
