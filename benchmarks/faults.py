"""Engine and device faults, injected again and again: ``python -m benchmarks faults``.

Each fault kind is injected ``--faults-count`` times (default 50) into the
real espeak-ng engine or the real audio output (``tests/speech_faults``),
through the null device at real-time pace:

- ``raise``: the engine raises 150 ms into an utterance; ``hang``: it
  blocks inside its callback (watchdog bound ``--hang-seconds``, 1 s here,
  5 s in the app); ``voice``: it refuses the chosen voice; ``missing``: its
  library cannot be loaded at start (a new manager each time);
- ``stall``: the device's callback blocks; ``fail``: it raises;
  ``disconnect``: the device is stopped under the output.

For each kind: faults injected, faults not recovered from (target 0),
time to recover (the fault → the next word heard; for ``missing``, the
utterance completing unspoken), utterances lost (no ``UtteranceDone``, or
a later one not spoken: target 0), position failures (a device fault must
replay from the interrupted sentence and go on to the end; an engine fault
must end its utterance at the sentence that failed: target 0). Then the
threads before and after (all managers closed, hung calls released:
leaks target 0) and the threads abandoned while stuck, counted apart.
Kinds other than ``hang`` run side by side (a hang holds the engine's
library, so it runs alone).
"""

from __future__ import annotations

import argparse
import logging
import os
import threading
import time
from dataclasses import dataclass, field

from benchmarks.result import Result, median

ENGINE_KINDS = ("raise", "voice", "missing")
DEVICE_KINDS = ("stall", "fail", "disconnect")
FAST = 450
TWO_SENTENCES = "今天天气很好。我们一起去公园散步。"
NEXT = "再读一句。"
WAIT = 30.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the faults suite."""
    parser.add_argument(
        "--faults-count", type=int, default=50, metavar="N", help="injections per fault kind"
    )
    parser.add_argument(
        "--hang-seconds", type=float, default=1.0, metavar="S", help="the watchdog's bound"
    )


@dataclass
class _Tally:
    """What happened to the faults of one kind."""

    kind: str
    injected: int = 0
    recovered: int = 0
    lost: int = 0
    position_failures: int = 0
    recover_ms: list[float] = field(default_factory=list)
    abandoned: int = 0


def _utter(text: str):
    from voices.commands import Priority, TextChunk, Utterance

    return Utterance((TextChunk(text),), Priority.NORMAL, None, text)


def _done(uid):
    from voices.events import UtteranceDone

    return lambda e: isinstance(e, UtteranceDone) and e.utterance_id == uid


def _wait_for(log, predicate, timeout: float = WAIT):
    try:
        return log.wait_for(predicate, timeout)
    except AssertionError:
        return None


def _manager(log, plan, **options):
    from tests.speech_faults import FaultyOutput
    from voices.manager import SpeechManager

    options.setdefault("rate", FAST)
    return SpeechManager(
        log, audio="null", open_engine=plan.open_engine, open_output=FaultyOutput, **options
    )


def _first_word_after(log, uid, since: float) -> float | None:
    """perf_counter time of the first word of ``uid`` heard after ``since``."""
    from voices.events import WordStarted

    for t, e in list(log.items):
        if t >= since and isinstance(e, WordStarted) and e.utterance_id == uid:
            return t
    return None


def _engine_fault(tally: _Tally, kind: str, hang_seconds: float) -> None:
    """Speak two utterances with the first one failing; the second must be heard."""
    from tests.speech_faults import FaultPlan
    from tests.speech_helpers import EventLog
    from voices.events import SentenceStarted, UtteranceDone

    log, plan = EventLog(), FaultPlan()
    mgr = _manager(log, plan, hang_seconds=hang_seconds)
    try:
        stuck = mgr._worker.thread
        plan.arm(kind, after_ms=150)
        first, second = mgr.speak(_utter(TWO_SENTENCES)), mgr.speak(_utter(NEXT))
        tally.injected += 1
        ended = _wait_for(log, _done(second))
        dones = [e for e in log.events if isinstance(e, UtteranceDone)]
        if ended is None or len(dones) != 2:
            tally.lost += 2 - sum(1 for e in dones if e.utterance_id in (first, second))
            return
        faulted = [e for e in dones if e.utterance_id == first][0]
        heard = _first_word_after(log, second, plan.fired[0] if plan.fired else 0.0)
        if faulted.fault and ended.completed and heard is not None:
            tally.recovered += 1
            tally.recover_ms.append((heard - plan.fired[0]) * 1000)
        else:
            tally.lost += 1
        # The utterance ended at the sentence that failed (the first: 150 ms into it).
        starts = [e.start for e in log.events if isinstance(e, SentenceStarted)]
        if starts[:1] != [0] or starts.count(0) > 2:
            tally.position_failures += 1
        if kind == "hang" and stuck.is_alive():
            tally.abandoned += 1
    finally:
        plan.release()
        mgr.close()
        if kind == "hang":
            stuck.join(5)


def _voice_fault(tally: _Tally) -> None:
    """A chosen voice the engine refuses: the default voice speaks, with a notice."""
    from tests.speech_faults import FaultPlan
    from tests.speech_helpers import EventLog
    from voices.events import EngineNotice

    log, plan = EventLog(), FaultPlan()
    mgr = _manager(log, plan, voice="espeak:yue")
    try:
        plan.arm("voice")
        start = time.perf_counter()
        uid = mgr.speak(_utter(NEXT))
        tally.injected += 1
        ended = _wait_for(log, _done(uid))
        noticed = any(
            isinstance(e, EngineNotice) and e.message_id == "voice-missing" for e in log.events
        )
        heard = _first_word_after(log, uid, start)
        if ended is None:
            tally.lost += 1
        elif ended.completed and noticed and heard is not None and mgr.output.heard:
            tally.recovered += 1
            tally.recover_ms.append((heard - start) * 1000)
        else:
            tally.lost += 1
    finally:
        mgr.close()


def _missing_engine(tally: _Tally) -> None:
    """No engine at start: one notice, the utterance completes unspoken at once."""
    from tests.speech_faults import FaultPlan
    from tests.speech_helpers import EventLog
    from voices.events import EngineNotice

    log, plan = EventLog(), FaultPlan()
    plan.fail_opens(1)
    mgr = _manager(log, plan)
    try:
        start = time.perf_counter()
        uid = mgr.speak(_utter(NEXT))
        tally.injected += 1
        ended = _wait_for(log, _done(uid))
        notices = [e.message_id for e in log.events if isinstance(e, EngineNotice)]
        if ended is None:
            tally.lost += 1
        elif not ended.completed and notices == ["no-engine"] and not mgr.output.heard:
            tally.recovered += 1
            tally.recover_ms.append((log.time_of(ended) - start) * 1000)
        else:
            tally.lost += 1
    finally:
        mgr.close()


def _device_faults(tally: _Tally, kind: str, count: int) -> None:
    """One output, ``count`` device faults, each in the second sentence of an utterance."""
    from tests.speech_faults import FaultPlan
    from tests.speech_helpers import EventLog
    from voices.events import EngineNotice, SentenceStarted, WordStarted

    log, plan = EventLog(), FaultPlan()
    mgr = _manager(log, plan)
    second = TWO_SENTENCES.index("我")
    try:
        for _ in range(count):
            uid = mgr.speak(_utter(TWO_SENTENCES))

            def in_second(e, uid=uid):
                return (
                    isinstance(e, WordStarted) and e.utterance_id == uid and e.offset > second + 1
                )

            if _wait_for(log, in_second) is None:
                tally.lost += 1
                continue
            notices = sum(isinstance(e, EngineNotice) for e in log.events)
            injected_at = time.perf_counter()
            getattr(mgr.output, kind)()
            tally.injected += 1
            ended = _wait_for(log, _done(uid))
            mgr.output.release()
            noticed = sum(isinstance(e, EngineNotice) for e in log.events) > notices
            heard = _first_word_after(log, uid, injected_at)
            if ended is None or not ended.completed:
                tally.lost += 1
            elif noticed and heard is not None:
                tally.recovered += 1
                tally.recover_ms.append((heard - injected_at) * 1000)
            starts = [
                e.start
                for e in log.events
                if isinstance(e, SentenceStarted) and e.utterance_id == uid
            ]
            if starts != [0, second, second]:
                tally.position_failures += 1
    finally:
        mgr.output.release()
        mgr.close()


def _run_kind(tally: _Tally, count: int, hang_seconds: float) -> None:
    if tally.kind in DEVICE_KINDS:
        _device_faults(tally, tally.kind, count)
        return
    for _ in range(count):
        if tally.kind == "voice":
            _voice_fault(tally)
        elif tally.kind == "missing":
            _missing_engine(tally)
        else:
            _engine_fault(tally, tally.kind, hang_seconds)


def _os_threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:  # not Linux
        return threading.active_count()


def run(options) -> list[Result]:
    """Inject every fault kind ``--faults-count`` times; report recovery and leaks."""
    count = getattr(options, "faults_count", 50)
    hang_seconds = getattr(options, "hang_seconds", 1.0)
    voices_log = logging.getLogger("voices")
    level = voices_log.level
    voices_log.setLevel(logging.CRITICAL)  # every injected fault is logged: keep the table clean
    try:
        return _run(count, hang_seconds)
    finally:
        voices_log.setLevel(level)


def _run(count: int, hang_seconds: float) -> list[Result]:
    from voices.drivers import espeak

    _missing_engine(_Tally("warm-up"))  # libraries start their own lasting threads once
    threads_before, os_before = threading.active_count(), _os_threads()
    tallies = {kind: _Tally(kind) for kind in (*ENGINE_KINDS, *DEVICE_KINDS, "hang")}
    started = time.perf_counter()
    side_by_side = [
        threading.Thread(target=_run_kind, args=(tallies[k], count, hang_seconds), name=k)
        for k in (*ENGINE_KINDS, *DEVICE_KINDS)
    ]
    for thread in side_by_side:
        thread.start()
    for thread in side_by_side:
        thread.join()
    _run_kind(tallies["hang"], count, hang_seconds)
    elapsed = time.perf_counter() - started
    time.sleep(1.0)  # let closed devices' threads finish
    threads_after, os_after = threading.active_count(), _os_threads()

    results: list[Result] = []
    for kind, t in tallies.items():
        results += [
            Result(f"faults.{kind}.injected", t.injected, "faults", count, ">="),
            Result(f"faults.{kind}.not_recovered", t.injected - t.recovered, "faults", 0),
            Result(
                f"faults.{kind}.recover_median_ms",
                round(median(t.recover_ms), 1),
                "ms",
                note=f"max {max(t.recover_ms, default=0):.0f} ms",
            ),
            Result(f"faults.{kind}.utterances_lost", t.lost, "utterances", 0),
            Result(f"faults.{kind}.position_failures", t.position_failures, "faults", 0),
        ]
    abandoned = tallies["hang"].abandoned
    results += [
        Result(
            "faults.abandoned_stuck_threads",
            abandoned,
            "threads",
            note="hung engine calls given up on (released afterwards)",
        ),
        Result("faults.threads_leaked", threads_after - threads_before, "threads", 0),
        Result(
            "faults.os_threads_leaked",
            os_after - os_before,
            "threads",
            0,
            note=f"{os_before} before, {os_after} after",
        ),
        Result("faults.espeak_libraries", len(espeak._libraries), "copies", espeak.MAX_LIBRARIES),
        Result("faults.minutes", round(elapsed / 60, 2), "min"),
    ]
    return results
