"""bench/load.py's split layout: the clients and the server on cores of their
own, and the CPU weights of deploy/'s units as the scheduling groups' (the
kernel's autogroups) priorities, applied to real processes."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def load():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        spec = importlib.util.spec_from_file_location(
            "bench_load", ROOT / "bench" / "load.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return module


@pytest.fixture
def sleeper():
    """A process in a session of its own (an autogroup of its own), with a
    second thread."""
    process = subprocess.Popen(
        [sys.executable, "-c",
         "import threading, time; threading.Thread(target=time.sleep, args=(60,))"
         ".start(); print('up', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    assert process.stdout.readline().strip() == "up"
    yield process.pid
    process.kill()
    process.wait()


def test_cpu_weights_map_to_the_autogroup_nice_of_the_same_share(load):
    # systemd's default weight is nice 0; deploy/'s Varnish (20) a fifth of
    # it, about nice 7 (weight 215 against 1024); 500 five times, nice -7.
    assert load.autogroup_nice(100) == 0
    assert load.autogroup_nice(20) == 7
    assert load.autogroup_nice(500) == -7
    assert load.autogroup_nice(1) == 19
    assert load.autogroup_nice(10000) == -20


def test_the_split_layout_starts_each_side_on_its_cores(load):
    split = load.Layout(True, client_cpus="0", server_cpus="1")
    assert split.pinned("client") == ["taskset", "-c", "0"]
    assert split.pinned("server") == ["taskset", "-c", "1"]
    assert split.cpus("server") == {1}
    shared = load.Layout(False)
    assert shared.pinned("client") == shared.pinned("server") == []
    assert shared.cpus("server") == set(range(os.cpu_count()))


def test_placing_pins_every_thread_of_a_running_process(load, sleeper):
    tasks = os.listdir("/proc/%d/task" % sleeper)
    assert len(tasks) == 2
    load.place([sleeper], {0})
    for task in tasks:
        assert os.sched_getaffinity(int(task)) == {0}


@pytest.mark.skipif(
    not Path("/proc/self/autogroup").exists(), reason="no autogroups in this kernel"
)
def test_a_weight_sets_the_priority_of_the_process_group_not_its_threads(load, sleeper):
    load.set_autogroup(sleeper, load.autogroup_nice(20))
    assert Path("/proc/%d/autogroup" % sleeper).read_text().split()[-1] == "7"
    # The threads' own priority is untouched: the group's share is what moves.
    assert os.getpriority(os.PRIO_PROCESS, sleeper) == 0
    # Another session's group (the test's own) is another group.
    # (A process in the kernel's root group, as under some CI runners that start
    # no session of their own, reads an empty file: still another group.)
    group = Path("/proc/%d/autogroup" % sleeper).read_text().split()[0]
    assert Path("/proc/self/autogroup").read_text().split()[:1] != [group]
