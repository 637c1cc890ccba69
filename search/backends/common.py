"""What the SQLite and PostgreSQL backends share."""

from search.segmentation import DEFAULT_SEGMENTER, get_segmenter


class SegmentingBackendMixin:
    """Reads the ``SEGMENTER`` option (a name from `search.segmentation.SEGMENTERS`)."""

    def __init__(self, params):
        super().__init__(params)
        self.segmenter = get_segmenter(params.get("SEGMENTER", DEFAULT_SEGMENTER))
