"""听读 reader: a keyboard-only, self-voicing terminal reader for Chinese text."""

import logging

__version__ = "0.1.0"

# Without a handler, Python prints warnings (a damaged book's missing chapter…)
# to stderr, where a command promises one clear line. The app sends this
# logger to a file (reader.logs); the commands keep it quiet.
logging.getLogger(__name__).addHandler(logging.NullHandler())
