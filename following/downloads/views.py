"""/downloads/: the page listing the full downloads, the files, their schema."""

import os

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from following.downloads import files
from following.downloads.schema import json_schema
from following.downloads.tables import TABLES
from partnerships import site_address


@require_safe
def downloads_page(request: HttpRequest) -> HttpResponse:
    manifest = files.read_manifest()
    listed = []
    for file in files.FILES:
        entry = (manifest or {}).get("files", {}).get(file.key)
        listed.append({"file": file, "entry": entry})
    return render(
        request,
        "following/downloads.html",
        {
            "title": "Downloads",
            "description": "The whole published dataset as JSON, CSV and SQLite.",
            "manifest": manifest,
            "listed": listed,
            "tables": TABLES,
            "licence": files.LICENCE,
            "licence_url": files.LICENCE_URL,
            "downloads_url": site_address.absolute("/downloads/", request),
            "embed_url": site_address.absolute("/embed/agreements/SLUG/", request),
        },
    )


@require_safe
def download(request: HttpRequest, filename: str) -> HttpResponse:
    """A download as the last export wrote it, with validators from the file
    itself (its size and modification time), so that they change with it."""
    file = next((f for f in files.FILES if f.filename == filename), None)
    if file is None:
        raise Http404("No such download.")
    try:
        stream = (files.root() / file.filename).open("rb")
    except FileNotFoundError:
        raise Http404("This download has not been generated yet.") from None
    status = os.fstat(stream.fileno())
    etag = quote_etag(f"{status.st_size:x}-{status.st_mtime_ns:x}")
    last_modified = int(status.st_mtime)
    unchanged = get_conditional_response(
        request, etag=etag, last_modified=last_modified
    )
    if unchanged is not None:
        stream.close()
        return unchanged
    response = FileResponse(stream, as_attachment=True, filename=file.filename)
    response["Content-Type"] = file.content_type
    response["Content-Length"] = str(status.st_size)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return response


@require_safe
def schema(request: HttpRequest) -> JsonResponse:
    """The JSON Schema of the JSON download."""
    response = JsonResponse(
        json_schema(), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Type"] = "application/schema+json"
    return response
