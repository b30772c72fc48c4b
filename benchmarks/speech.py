"""Speech latency and export speed: ``python -m benchmarks speech [--json FILE]``.

Measured through the null audio device (real-time pace, as on a machine
without a sound card), with the bundled page's longest paragraph:

- ``speech.first_audio_ms``: ``speak`` → first PCM frame handed to the
  device; beside it ``speech.naive_first_audio_ms``, the same text through
  pyttsx3's espeak driver (``say`` + ``runAndWait``: time until the whole
  utterance is synthesised and handed to the player);
- ``speech.stop_ms``: ``cancel`` → first silent audio period, and
  ``speech.frames_after_stop``: speech frames handed out after ``cancel``
  returned (must be 0);
- ``speech.switch_ms``: a NOW utterance while speaking → its first frame;
- ``export.realtime_factor``: seconds of audio per second of wall time
  exporting the whole page to WAV the way ``reader export`` does
  (``reader.export.export_articles``); ``export.engine_realtime_factor``:
  bare espeak-ng synthesis of the same speakable text, all in one call per
  passage; ``export.efficiency``: their ratio (the cost of sentence
  pieces, marks, pauses and the encoder).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.result import Result, median


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the speech suite."""
    parser.add_argument(
        "--speech-runs", type=int, default=15, metavar="N", help="repetitions per latency figure"
    )


def _seed_articles():
    from reader.cli import open_library

    return list(open_library([]))


def _seed_passages():
    from reader.speech_text import article_passages

    return [p for article in _seed_articles() for p in article_passages(article)]


def _wait(predicate, timeout: float = 5.0, step: float = 0.0002) -> bool:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            return False
        time.sleep(step)
    return True


def _latencies(paragraph: str, runs: int) -> dict[str, list[float]]:
    from voices.commands import Priority, TextChunk, Utterance
    from voices.manager import SpeechManager

    utterance = Utterance((TextChunk(paragraph),), Priority.NOW)
    other = Utterance((TextChunk(paragraph[::-1]),), Priority.NOW)
    figures: dict[str, list[float]] = {"first": [], "stop": [], "leak": [], "switch": []}
    with SpeechManager(lambda event: None, audio="null") as mgr:
        output = mgr.output
        mgr.speak(Utterance.of_text("预热。"))  # load the voice once
        _wait(lambda: not mgr.is_speaking)
        for i in range(runs):
            mgr.cancel()
            time.sleep(0.05 + (i % 5) * 0.007)  # land at different points of the audio period
            start = time.perf_counter()
            mgr.speak(utterance)
            _wait(lambda: output.audio_started_at is not None)
            figures["first"].append((output.audio_started_at - start) * 1000)

            time.sleep(0.3 + (i % 5) * 0.037)
            start = time.perf_counter()
            mgr.cancel()
            after_cancel = output.frames_out
            _wait(lambda t=start: output.silent_since is not None and output.silent_since >= t)
            figures["stop"].append((output.silent_since - start) * 1000)
            time.sleep(0.1)
            figures["leak"].append(output.frames_out - after_cancel)

            mgr.speak(utterance)
            time.sleep(0.4 + (i % 5) * 0.031)
            start = time.perf_counter()
            mgr.speak(other)
            _wait(lambda: output.audio_started_at is not None)
            figures["switch"].append((output.audio_started_at - start) * 1000)
    return figures


_NAIVE = """
import ctypes, json, os, sys, time
import espeakng_loader
# pyttsx3's espeak driver dlopens "libespeak-ng.so.1": give it the wheel's 1.52.
ctypes.CDLL(espeakng_loader.get_library_path(), mode=ctypes.RTLD_GLOBAL)
os.environ["ESPEAK_DATA_PATH"] = os.path.dirname(espeakng_loader.get_data_path())
import pyttsx3
handed_over = []
os.system = lambda command: handed_over.append(time.perf_counter()) or 0  # where aplay would start
engine = pyttsx3.init("espeak")
engine.setProperty("voice", "cmn")
engine.setProperty("rate", int(sys.argv[2]))
text = sys.argv[1]
times = []
for _ in range(int(sys.argv[3])):
    handed_over.clear()
    start = time.perf_counter()
    engine.say(text)
    engine.runAndWait()
    # pyttsx3 2.99's runAndWait may return before espeak's thread has finished: wait.
    deadline = time.perf_counter() + 30
    while not handed_over and time.perf_counter() < deadline:
        time.sleep(0.0002)
    times.append((handed_over[0] - start) * 1000)
    time.sleep(0.2)
sys.stdout = sys.__stdout__
print("RESULT", json.dumps(times))
"""


def _naive_first_audio(paragraph: str, rate: int, runs: int) -> list[float] | str:
    """pyttsx3 (say + runAndWait) in a child process; returns times or why it failed."""
    if not sys.platform.startswith("linux"):
        return "pyttsx3's espeak driver is measured on Linux only"
    proc = subprocess.run(
        [sys.executable, "-c", _NAIVE, paragraph, str(rate), str(runs)],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    return f"pyttsx3 failed: {(proc.stderr or proc.stdout).strip().splitlines()[-1:]}"


def _export_factors(repeats: int = 5) -> tuple[float, float, float]:
    """(our realtime factor, bare engine realtime factor, audio seconds) for the whole page.

    Both are the median of ``repeats`` interleaved runs (the machine is shared and noisy).
    """
    ours, engine = [], []
    for _ in range(repeats):
        factor, seconds = _export_once()
        ours.append(factor)
        engine.append(_bare_engine_once())
    return median(ours), median(engine), seconds


def _export_once() -> tuple[float, float]:
    from reader.export import export_articles

    articles = _seed_articles()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = export_articles(articles, Path(tmp) / "page.wav")
        return result.seconds / (time.perf_counter() - start), result.seconds


def _bare_engine_once() -> float:
    from reader.speech_text import VoiceText
    from voices.audio import pcm_duration
    from voices.catalog import DEFAULT_RATE, default_voice
    from voices.drivers import VoiceSettings, split_voice_id
    from voices.drivers.espeak import EspeakDriver

    voice = default_voice("zh-Hans").id
    voice_text = VoiceText(voice)
    texts = [voice_text.chunk(p.text, p.script).text for p in _seed_passages()]
    driver = EspeakDriver()
    bare = VoiceSettings(split_voice_id(voice)[1], DEFAULT_RATE)
    pieces: list[bytes] = []
    start = time.perf_counter()
    for text in texts:
        driver.synthesize(text, bare, pieces.append, lambda index, frame: None, lambda: False)
    return pcm_duration(sum(len(p) for p in pieces)) / (time.perf_counter() - start)


def run(options: argparse.Namespace) -> list[Result]:
    """Measure the speech figures (see the module docstring)."""
    from voices.catalog import DEFAULT_RATE

    runs = getattr(options, "speech_runs", 15)
    paragraph = max((p.text for p in _seed_passages()), key=len)
    figures = _latencies(paragraph, runs)
    naive = _naive_first_audio(paragraph, DEFAULT_RATE, max(3, runs // 3))
    ours, engine, seconds = _export_factors()
    note = f"{len(paragraph)}-char paragraph, null device, n={runs}"
    results = [
        Result("speech.first_audio_ms", median(figures["first"]), "ms", 40, "<=", note),
    ]
    if isinstance(naive, list):
        results.append(
            Result(
                "speech.naive_first_audio_ms",
                median(naive),
                "ms",
                note="pyttsx3 espeak say+runAndWait: whole utterance synthesised first",
            )
        )
    else:
        results.append(Result("speech.naive_first_audio_ms", float("nan"), "ms", note=naive))
    results += [
        Result(
            "speech.stop_ms",
            median(figures["stop"]),
            "ms",
            25,
            "<=",
            f"max {max(figures['stop']):.1f} ms",
        ),
        Result("speech.frames_after_stop", float(max(figures["leak"])), "frames", 0, "<="),
        Result(
            "speech.switch_ms",
            median(figures["switch"]),
            "ms",
            50,
            "<=",
            f"max {max(figures['switch']):.1f} ms",
        ),
        Result("export.realtime_factor", ours, "x", note=f"{seconds:.0f} s of speech, whole page"),
        Result("export.engine_realtime_factor", engine, "x", note="bare espeak-ng, same text"),
        Result("export.efficiency", ours / engine, "ratio", 0.8, ">=", "ours / bare engine"),
    ]
    return results
