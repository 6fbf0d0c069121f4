"""Template helpers for the public pages: canonical URLs, assets, languages."""

from django import template
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.utils.translation import get_language_info

from partnerships import site_address
from partnerships.visibility import PUBLIC

register = template.Library()


@register.filter
def public(record):
    """The related record if the public sees it, else None (the public boundary):
    `{% with owner=company.parent|public %}`."""
    return PUBLIC.shown(record)


# Codes Django's own list does not name.
EXTRA_LANGUAGES = {"zh": "Chinese", "yue": "Cantonese"}


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str:
    """The page's absolute address (`partnerships.site_address`), without the
    query string.

    Lists keep their page number so each page of results has its own address.
    """
    request: HttpRequest | None = context.get("request")
    path = request.path if request is not None else "/"
    page = context.get("page_obj")
    suffix = f"?page={page.number}" if page is not None and page.number > 1 else ""
    return site_address.absolute(f"{path}{suffix}", request)


@register.simple_tag(takes_context=True)
def absolute(context: template.Context, path: str) -> str:
    """`path` as an absolute URL on the site's address (`partnerships.site_address`):
    for what a reader copies to another site, such as an embed snippet."""
    return site_address.absolute(path, context.get("request"))


@register.simple_tag
def asset(path: str) -> str:
    """`{% static %}` that still works before `collectstatic` has written a manifest.

    Without DEBUG the manifest storage refuses names it has not hashed; WhiteNoise
    serves the files from the finders then, so the plain URL is right.
    """
    try:
        return staticfiles_storage.url(path)
    except ValueError:
        return f"{settings.STATIC_URL.rstrip('/')}/{path}"


@register.filter
def language_name(code: str) -> str:
    """ "zh-Hant" → "Traditional Chinese"; an unknown code is shown as given."""
    if not code:
        return ""
    for candidate in (code.lower(), code.lower().split("-")[0]):
        try:
            return get_language_info(candidate)["name"]
        except KeyError:
            continue
    return EXTRA_LANGUAGES.get(code.lower().split("-")[0], code)


@register.filter
def model_label(record) -> str:
    """ "Agreement", "Company": the kind of record, for lists mixing several."""
    return record._meta.verbose_name.capitalize()


@register.filter
def statement_summary(statement) -> str:
    """One line for previews and feeds that never passes a translation or a
    paraphrase off as the speaker's own words."""
    speaker = statement.speaker.name
    if statement.form == "paraphrase":
        summary = f"{speaker}, as paraphrased by the source: {statement.text}"
    elif statement.is_reported_translation:
        language = language_name(statement.language)
        summary = f"{speaker}, in {language} translation as reported: {statement.text}"
    else:
        summary = f"{speaker}: “{statement.text}”"
    if statement.text_en and statement.text_en != statement.text:
        label = (
            "Editors’ translation" if statement.text_en_is_translation else "In English"
        )
        summary += f" ({label}: {statement.text_en})"
    return summary


@register.filter
def record_name(record) -> str:
    """A record's name for links. A statement is named by its title
    (`Statement.title`: the editors' headline, else its words as published),
    never by a translation presented as the speaker's words."""
    if record._meta.model_name == "statement":
        return record.title
    return str(record)
