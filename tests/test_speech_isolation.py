"""Native code never writes to the terminal and a broken engine never ends the process.

Each case runs in a fresh interpreter: libespeak-ng can be initialised only
once per process, and what matters is what reaches file descriptors 1 and 2.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import ROOT


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )


def test_speaking_writes_nothing_to_the_terminal(tmp_path):
    result = tmp_path / "events.txt"
    proc = run_python(
        f"""
        import threading
        from pathlib import Path
        from voices.manager import SpeechManager
        from voices.commands import Utterance
        from voices.events import UtteranceDone
        finished = threading.Event()
        heard = []
        def on_event(event):
            heard.append(type(event).__name__)
            if isinstance(event, UtteranceDone):
                finished.set()
        mgr = SpeechManager(on_event, audio="auto")  # tries the (missing) sound device first
        mgr.speak(Utterance.of_text("你好。"))
        assert finished.wait(10)
        mgr.close()
        Path({str(result)!r}).write_text(" ".join(heard))
        """
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == b"" and proc.stderr == b"", "native code wrote to the terminal"
    assert "WordStarted" in result.read_text() and "UtteranceDone" in result.read_text()


def test_missing_espeak_data_is_an_error_not_an_exit():
    proc = run_python(
        """
        from voices.drivers import EngineUnavailable
        from voices.drivers.espeak import EspeakDriver
        import espeakng_loader
        try:
            EspeakDriver(espeakng_loader.get_library_path(), "/nonexistent/espeak-ng-data")
        except EngineUnavailable as exc:
            result = "unavailable: " + str(exc)
        print(result)
        """
    )
    assert proc.returncode == 0
    assert proc.stdout.decode().startswith("unavailable: espeak-ng data missing")
    assert proc.stderr == b""


def test_corrupt_espeak_data_is_an_error_not_an_exit(tmp_path):
    data = tmp_path / "espeak-ng-data"
    data.mkdir()
    (data / "phontab").write_bytes(b"garbage")
    proc = run_python(
        f"""
        from voices.drivers import EngineUnavailable
        from voices.drivers.espeak import EspeakDriver
        import espeakng_loader
        try:
            EspeakDriver(espeakng_loader.get_library_path(), {str(data)!r})
            print("started")
        except EngineUnavailable as exc:
            print("unavailable:", exc)
        """
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().startswith("unavailable: espeak-ng could not initialise")
    assert proc.stderr == b""


def test_missing_espeak_library_is_an_error_not_an_exit():
    proc = run_python(
        """
        from voices.drivers import EngineUnavailable
        from voices.drivers.espeak import EspeakDriver
        import espeakng_loader
        try:
            EspeakDriver("/nonexistent/libespeak-ng.so.1", espeakng_loader.get_data_path())
        except EngineUnavailable as exc:
            print("unavailable:", exc)
        """
    )
    assert proc.returncode == 0
    assert proc.stdout.decode().startswith("unavailable: cannot load libespeak-ng")
    assert proc.stderr == b""


def test_without_the_espeak_wheel_the_manager_keeps_working():
    proc = run_python(
        """
        import sys, threading
        sys.modules["espeakng_loader"] = None  # as if the wheel were not installed
        from voices.manager import SpeechManager
        from voices.commands import Utterance
        from voices.events import EngineNotice, UtteranceDone
        events = []
        finished = threading.Event()
        def on_event(event):
            events.append(event)
            if isinstance(event, UtteranceDone):
                finished.set()
        mgr = SpeechManager(on_event, audio="null")
        mgr.speak(Utterance.of_text("你好。"))
        assert finished.wait(5)
        mgr.close()
        notices = [e for e in events if isinstance(e, EngineNotice)]
        print(mgr.engine_name or "-", [n.message_id for n in notices], notices[0].detail)
        """
    )
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert out.startswith("- ['no-engine'] espeak: the espeakng-loader package is not installed")
