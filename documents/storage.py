"""Where the PDFs are kept: ``settings.DOCUMENTS_STORAGE`` (local files, or an S3 bucket)."""

from django.conf import settings
from django.core.files.storage import storages


def document_storage():
    """The storage of ``Document.file``, built from ``DOCUMENTS_STORAGE`` (as in ``STORAGES``).

    Not the default storage: documents are never served as public media; they are downloaded
    through a view that checks who asks.
    """
    return storages.create_storage(settings.DOCUMENTS_STORAGE)
