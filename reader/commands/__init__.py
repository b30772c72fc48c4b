"""Subcommands of the ``reader`` command line, one module each.

Every module has ``add_arguments(parser)`` and ``run(args) -> int``; the
dispatcher in ``reader.cli`` imports a module only when its command runs,
so start-up stays fast.
"""

COMMANDS = {
    "outline": "show the structure of a document (articles, titles, paragraphs)",
    "convert": "print a document in another script variant",
    "speak": "read text or a document aloud",
    "export": "write a document as audio (WAV, MP3, OGG)",
    "voices": "list the installed voices",
    "describe": "describe characters the way Chinese readers spell them out",
}
