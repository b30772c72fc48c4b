"""Articles bundled with reader (opened when no file is given)."""
