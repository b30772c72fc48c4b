"""espeak-ng's own phonemes for a text (``espeak_TextToPhonemes``), to measure pronunciation.

The library is the one the app speaks with (the ``espeakng-loader`` wheel,
espeak-ng 1.52). It runs in a child process: espeak-ng keeps one global
state per process (voice, callbacks), and measuring must never disturb the
app's own speech engine or a test's. ``phonemize(texts)`` starts one child
for a whole batch.

The phonemes are espeak's ASCII names, one space between phonemes, ``_|``
between words; Mandarin tones are digits on the vowel (``55`` tone 1,
``35`` tone 2, ``214`` tone 3, ``51`` tone 4, ``11`` neutral), and
stretches espeak hands to another language are wrapped in ``(en)…(cmn)``.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_SEPARATOR_SPACE = ord(" ") << 8


class EspeakUnavailable(RuntimeError):
    """The espeak-ng library or its data could not be loaded."""


class _Phonemizer:
    """libespeak-ng in this process, used only for ``espeak_TextToPhonemes``."""

    def __init__(self, voice: str) -> None:
        try:
            import espeakng_loader

            lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data_parent = os.path.dirname(espeakng_loader.get_data_path())
        except (ImportError, OSError, RuntimeError) as exc:
            raise EspeakUnavailable(f"espeak-ng not loadable: {exc}") from exc
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_TextToPhonemes.argtypes = [
            ctypes.POINTER(ctypes.c_void_p),
            ctypes.c_int,
            ctypes.c_int,
        ]
        lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        if (
            lib.espeak_Initialize(
                _AUDIO_OUTPUT_SYNCHRONOUS, 0, data_parent.encode(), _INITIALIZE_DONT_EXIT
            )
            <= 0
        ):
            raise EspeakUnavailable("espeak_Initialize failed")
        if lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise EspeakUnavailable(f"espeak-ng voice {voice!r} missing")
        self._lib = lib

    def phonemes(self, text: str) -> str:
        """All clauses of ``text`` as one phoneme string (clauses joined by ``" || "``)."""
        buffer = ctypes.create_string_buffer(text.encode("utf-8", "replace") + b"\0")
        pointer = ctypes.c_void_p(ctypes.addressof(buffer))
        clauses = []
        while pointer.value:
            out = self._lib.espeak_TextToPhonemes(
                ctypes.byref(pointer), _CHARS_UTF8, _SEPARATOR_SPACE
            )
            if out is None:
                break
            clauses.append(out.decode("utf-8", "replace").strip())
        return " || ".join(c for c in clauses if c)


def phonemize(texts: list[str], voice: str = "cmn") -> list[str]:
    """espeak-ng's phonemes for each of ``texts``, computed in one child process."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks._espeak_phonemes", voice],
        input=json.dumps(texts, ensure_ascii=True).encode(),
        capture_output=True,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        timeout=600,
    )
    if proc.returncode != 0:
        raise EspeakUnavailable(proc.stderr.decode(errors="replace").strip().splitlines()[-1])
    return json.loads(proc.stdout)


def _child(voice: str) -> int:
    texts = json.loads(sys.stdin.buffer.read())
    phonemizer = _Phonemizer(voice)
    sys.stdout.write(json.dumps([phonemizer.phonemes(t) for t in texts]))
    return 0


if __name__ == "__main__":
    raise SystemExit(_child(sys.argv[1] if len(sys.argv) > 1 else "cmn"))
