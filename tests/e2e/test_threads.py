"""One client shared by 8 threads that create, read and change stages at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import attrs

from ivsrealtime_client import IVSRealTimeClient
from ivsrealtime_client.emulator import Emulator

from .support import RecordingTransport, stage_arn_pattern

THREADS = 8
STAGES_PER_THREAD = 5


@attrs.frozen
class StageRecord:
    """What one thread created and read back for one stage."""

    arn: str
    created_name: str
    read_name: str
    updated_name: str
    tags: dict[str, str]


def exercise_stages(
    client: IVSRealTimeClient, worker: int, start: threading.Barrier
) -> list[StageRecord]:
    """Create, read, rename and tag stages, and return what the service returned."""
    start.wait()
    records = []
    for index in range(STAGES_PER_THREAD):
        name = f"worker-{worker}-stage-{index}"
        created = client.create_stage(name=name, tags={"worker": str(worker)})
        assert created.stage is not None
        arn = created.stage.arn

        read = client.get_stage(arn=arn).stage
        assert read is not None
        updated = client.update_stage(arn=arn, name=f"{name}-renamed").stage
        assert updated is not None
        client.tag_resource(resource_arn=arn, tags={"index": str(index)})
        tags = client.list_tags_for_resource(resource_arn=arn).tags

        records.append(
            StageRecord(
                arn=arn,
                created_name=created.stage.name or "",
                read_name=read.name or "",
                updated_name=updated.name or "",
                tags=tags,
            )
        )
    return records


def test_shared_client_across_threads(
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    ivsrealtime_emulator: Emulator,
) -> None:
    start = threading.Barrier(THREADS)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [
            pool.submit(exercise_stages, recorded_client, worker, start)
            for worker in range(THREADS)
        ]
        results = [future.result(timeout=60) for future in futures]

    arn_format = stage_arn_pattern(ivsrealtime_emulator)
    for worker, records in enumerate(results):
        assert len(records) == STAGES_PER_THREAD
        for index, record in enumerate(records):
            name = f"worker-{worker}-stage-{index}"
            assert arn_format.fullmatch(record.arn)
            assert record.created_name == name
            assert record.read_name == name
            assert record.updated_name == f"{name}-renamed"
            assert record.tags == {"worker": str(worker), "index": str(index)}

    all_arns = [record.arn for records in results for record in records]
    assert len(set(all_arns)) == THREADS * STAGES_PER_THREAD

    listed = list(recorded_client.paginate_list_stages(max_results=7).items())
    assert sorted(s.arn for s in listed) == sorted(all_arns)
    names = {s.arn: s.name for s in listed}
    for records in results:
        for record in records:
            assert names[record.arn] == record.updated_name

    exchanges = transport.exchanges
    assert all(e.response.status_code == 200 for e in exchanges)
    request_ids = [e.response.headers["x-amzn-RequestId"] for e in exchanges]
    assert len(set(request_ids)) == len(exchanges)
