"""Measure the cost of one GetStage call: this client, boto3 and a hand-written one.

Usage: python benchmarks/call_overhead.py [--calls N] [--rounds N] [--memory-calls N]
       [--import-runs N]

A loopback HTTP server in a child process returns a canned GetStage response, so
the three clients pay the same server cost and nothing leaves 127.0.0.1:

- ours: ``IVSRealTimeClient.get_stage`` with validation on, as users get it;
- boto3: ``boto3.client("ivs-realtime").get_stage``;
- baseline: a request signed with ``botocore.auth.SigV4Auth``, sent through one
  pooled ``urllib3.PoolManager`` and decoded with ``json.loads``.

The rounds interleave the clients, so drift in machine load affects all three
alike. The script also measures the import time of each package in fresh
interpreters and memory with ``tracemalloc``. It stops after the loops given on
the command line.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import json
import multiprocessing
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

REGION = "us-west-2"
ACCESS_KEY_ID = "AKIDBENCHMARK0000001"
SECRET_ACCESS_KEY = "fake+secret/key/for/the/benchmark/only00"
STAGE_ARN = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh"
RESPONSE_BODY = json.dumps(
    {
        "stage": {
            "activeSessionId": "st-a1b2c3d4e5f6g",
            "arn": STAGE_ARN,
            "name": "benchmark-stage",
            "tags": {"team": "video", "env": "bench"},
        }
    }
).encode()

Call = Callable[[], Any]


CANNED_RESPONSE = (
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: application/json\r\n"
    b"x-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\n"
    b"Content-Length: " + str(len(RESPONSE_BODY)).encode() + b"\r\n"
    b"\r\n" + RESPONSE_BODY
)


def content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def answer_requests(connection: socket.socket) -> None:
    """Reply to every request on a kept-alive connection until the client closes it.

    The server parses no more than the header end and Content-Length, so its share
    of each call's time stays small next to the clients'.
    """
    with connection:
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buffer = b""
        while True:
            while b"\r\n\r\n" not in buffer:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            head, _, buffer = buffer.partition(b"\r\n\r\n")
            length = content_length(head)
            while len(buffer) < length:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            buffer = buffer[length:]
            connection.sendall(CANNED_RESPONSE)


def serve(port_queue: Any) -> None:
    """Accept connections on 127.0.0.1 until the parent process stops this one."""
    listener = socket.create_server(("127.0.0.1", 0))
    port_queue.put(listener.getsockname()[1])
    while True:
        connection, _ = listener.accept()
        threading.Thread(
            target=answer_requests, args=(connection,), daemon=True
        ).start()


def isolate_environment(folder: str) -> None:
    """Hide the machine's AWS credentials and settings from every client.

    AWS and proxy variables are removed, the shared AWS files point at an empty
    file and the instance metadata service is disabled.
    """
    for name in list(os.environ):
        if name.upper().startswith("AWS_") or name.upper().endswith("_PROXY"):
            del os.environ[name]
    empty_file = os.path.join(folder, "empty")
    with open(empty_file, "w", encoding="utf-8"):
        pass
    os.environ["AWS_CONFIG_FILE"] = empty_file
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = empty_file
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


def make_ours(endpoint: str) -> Call:
    from ivsrealtime_client import IVSRealTimeClient

    client = IVSRealTimeClient(
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
    )
    return lambda: client.get_stage(arn=STAGE_ARN)


def make_boto3(endpoint: str) -> Call:
    import boto3

    client = boto3.client(
        "ivs-realtime",
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
    )
    return lambda: client.get_stage(arn=STAGE_ARN)


def make_baseline(endpoint: str) -> Call:
    import urllib3
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    pool = urllib3.PoolManager(retries=False)
    credentials = Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
    url = endpoint + "/GetStage"

    def call() -> Any:
        body = json.dumps({"arn": STAGE_ARN}).encode()
        request = AWSRequest(
            method="POST",
            url=url,
            data=body,
            headers={"Content-Type": "application/json"},
        )
        SigV4Auth(credentials, "ivs", REGION).add_auth(request)
        response = pool.request(
            "POST", url, body=body, headers=dict(request.headers.items())
        )
        if response.status != 200:
            raise RuntimeError(f"baseline call failed with HTTP {response.status}")
        return json.loads(response.data)

    return call


@dataclasses.dataclass
class RoundTimes:
    """Per-call times of one client, one entry per round, in seconds."""

    wall: list[float] = dataclasses.field(default_factory=list)
    cpu: list[float] = dataclasses.field(default_factory=list)
    """Process CPU time. The server runs in another process, so this is the
    client's own work without the wait for the response."""


def time_calls(call: Call, count: int, times: RoundTimes) -> None:
    """Append the mean wall and CPU seconds per call over ``count`` calls."""
    wall_started = time.perf_counter()
    cpu_started = time.process_time()
    for _ in range(count):
        call()
    times.cpu.append((time.process_time() - cpu_started) / count)
    times.wall.append((time.perf_counter() - wall_started) / count)


def measure_speed(
    clients: dict[str, Call], calls: int, rounds: int
) -> dict[str, RoundTimes]:
    """Time ``calls`` calls per client in each round, clients interleaved."""
    for call in clients.values():
        time_calls(call, max(50, calls // 10), RoundTimes())
    results = {name: RoundTimes() for name in clients}
    for _ in range(rounds):
        for name, call in clients.items():
            time_calls(call, calls, results[name])
    return results


def measure_memory(call: Call, calls: int) -> tuple[float, float]:
    """Return the mean tracemalloc peak of one call and the bytes 1,000 results keep.

    The peak is the maximum memory that the call's own allocations reached. The
    retained figure keeps ``calls`` results alive and scales their size to 1,000.
    """
    call()
    tracemalloc.start()
    try:
        peaks = []
        for _ in range(calls):
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            call()
            peaks.append(tracemalloc.get_traced_memory()[1] - before)

        before = tracemalloc.get_traced_memory()[0]
        kept = [call() for _ in range(calls)]
        retained = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    del kept
    return statistics.mean(peaks), retained * 1000 / calls


IMPORT_SNIPPETS = {
    "import ivsrealtime_client": "import ivsrealtime_client",
    "import IVSRealTimeClient": "from ivsrealtime_client import IVSRealTimeClient",
    "import boto3": "import boto3",
}


def measure_import(statement: str, runs: int) -> list[float]:
    """Return the seconds ``statement`` takes in each of ``runs`` fresh interpreters."""
    code = (
        "import time\n"
        "started = time.perf_counter()\n"
        f"{statement}\n"
        "print(time.perf_counter() - started)\n"
    )
    samples = []
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        samples.append(float(output))
    return samples


def describe_machine() -> str:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("botocore", "boto3", "urllib3")
    )
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}) "
        f"on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs ({usable} usable); {versions}"
    )


def microseconds(samples: list[float], pick: Callable[[list[float]], float]) -> str:
    return f"{pick(samples) * 1e6:.1f}"


def print_report(
    speed: dict[str, RoundTimes],
    memory: dict[str, tuple[float, float]],
    imports: dict[str, list[float]],
    calls: int,
    rounds: int,
) -> None:
    print(describe_machine())
    print(f"{rounds} rounds of {calls} calls per client, clients interleaved\n")
    columns = (
        "wall us median",
        "wall us best",
        "CPU us median",
        "peak KiB/call",
        "KiB/1,000 results",
    )
    print(f"{'client':<10}" + "".join(f"{c:>19}" for c in columns))
    for name, times in speed.items():
        peak, retained = memory[name]
        cells = (
            microseconds(times.wall, statistics.median),
            microseconds(times.wall, min),
            microseconds(times.cpu, statistics.median),
            f"{peak / 1024:.1f}",
            f"{retained / 1024:.1f}",
        )
        print(f"{name:<10}" + "".join(f"{c:>19}" for c in cells))

    print()
    ours = speed["ours"]
    for other in ("baseline", "boto3"):
        theirs = speed[other]
        wall = statistics.median(ours.wall) / statistics.median(theirs.wall)
        best = min(ours.wall) / min(theirs.wall)
        cpu = statistics.median(ours.cpu) / statistics.median(theirs.cpu)
        print(
            f"ours / {other:<9} wall median {wall:.2f}, wall best {best:.2f}, "
            f"CPU median {cpu:.2f}"
        )

    print()
    for statement, samples in imports.items():
        print(
            f"{statement:<28} median {statistics.median(samples) * 1000:6.1f} ms, "
            f"best {min(samples) * 1000:6.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--calls",
        type=int,
        default=300,
        help="number of calls per client in each round",
    )
    parser.add_argument("--rounds", type=int, default=15, help="number of timed rounds")
    parser.add_argument(
        "--memory-calls",
        type=int,
        default=200,
        help="number of calls per client under tracemalloc",
    )
    parser.add_argument(
        "--import-runs",
        type=int,
        default=7,
        help="number of fresh interpreters per import measurement",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        isolate_environment(folder)
        port_queue: Any = multiprocessing.Queue()
        server = multiprocessing.Process(target=serve, args=(port_queue,), daemon=True)
        server.start()
        try:
            endpoint = f"http://127.0.0.1:{port_queue.get(timeout=30)}"
            clients = {
                "ours": make_ours(endpoint),
                "boto3": make_boto3(endpoint),
                "baseline": make_baseline(endpoint),
            }
            speed = measure_speed(clients, args.calls, args.rounds)
            memory = {
                name: measure_memory(call, args.memory_calls)
                for name, call in clients.items()
            }
        finally:
            server.terminate()
            server.join(timeout=10)
        imports = {
            name: measure_import(statement, args.import_runs)
            for name, statement in IMPORT_SNIPPETS.items()
        }
    print_report(speed, memory, imports, args.calls, args.rounds)


if __name__ == "__main__":
    main()
