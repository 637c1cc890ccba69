"""Licence and certificate scans: streamed only to those allowed to read them.

The files sit in the private storage (never under MEDIA_ROOT, never with a public URL). Anyone
else gets the same 404 as for a file that does not exist, so the URL confirms nothing.
"""

from pathlib import PurePath

from django.http import FileResponse, Http404
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from marketplace.members.models import Qualification
from marketplace.members.models.qualifications import SCAN_CONTENT_TYPES, SCAN_EXTENSIONS
from marketplace.members.permissions import user_may_read_private_files

QUALIFICATION_FILE_FIELDS = {"licence": "营业执照", "certificates": "资格证书"}


@require_safe
def qualification_file(request, pk, field_name):
    if field_name not in QUALIFICATION_FILE_FIELDS:
        raise Http404
    stored = Qualification.objects.select_related("institution").filter(pk=pk).first()
    if stored is None or not user_may_read_private_files(request.user, stored):
        raise Http404
    # Reviewers judge, and members see, the latest submitted version of the file.
    file = getattr(stored.get_latest_revision_as_object(), field_name)
    if not file:
        raise Http404
    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    extension = PurePath(file.name).suffix.lower()
    if extension not in SCAN_EXTENSIONS:
        raise Http404
    filename = f"{QUALIFICATION_FILE_FIELDS[field_name]}-{stored.pk}{extension}"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=SCAN_CONTENT_TYPES[SCAN_EXTENSIONS[extension]],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, " + response["Cache-Control"]
    return response
