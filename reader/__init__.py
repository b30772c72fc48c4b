"""听读 reader: a keyboard-only, self-voicing terminal reader for Chinese text."""

__version__ = "0.1.0"
