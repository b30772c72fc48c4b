"""``python -m reader``: same as the ``reader`` command."""

from reader.cli import main

raise SystemExit(main())
