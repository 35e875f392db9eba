"""Schemathesis against the real app: every operation, fuzzed, answers within its schema.

Loads the OpenAPI schema from the real FastAPI app over a copy of the store the
API tests build (real ingested articles in a real SQLite file), generates
requests for every operation (valid ones and invalid ones, a fixed seed and a
bounded number of examples each) and checks each answer: never a server error,
a documented status code and content type, a body that conforms to the
documented schema. Writes go to the copy, with the bearer token.
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis.errors import Unsatisfiable
from test_api_routes import EVERY_EVENT, TOKEN, build_store

from eventwire.web import create_app

schemathesis = pytest.importorskip("schemathesis")

# Examples per operation and generation mode; enough to reach the edges of each
# parameter (the fuzzer starts from them), few enough for CI.
EXAMPLES = 12
SEED = 13


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory):
    built = build_store(tmp_path_factory.getbasetemp() / "web-store")
    copy = tmp_path_factory.mktemp("fuzzed") / "eventwire.db"
    shutil.copy(built, copy)
    app = create_app(copy, EVERY_EVENT, token=TOKEN)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _checks() -> list:
    from schemathesis import checks

    return [
        checks.not_a_server_error,
        checks.status_code_conformance,
        checks.content_type_conformance,
        checks.response_schema_conformance,
    ]


def _failures_of(operation, mode) -> list[str]:
    """Run the fuzzer on one operation; return one line per distinct failure."""
    failures: dict[str, str] = {}
    checks = _checks()

    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case) -> None:
        try:
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=checks)
        except (Exception, BaseExceptionGroup) as exc:  # one error naming every failed check
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            failures.setdefault(first, f"{operation.label} [{mode.value}]: {exc}")

    try:
        run()
    except Unsatisfiable:  # no parameter to make invalid (a negative run of GET /api)
        assert mode.value == "negative", operation.label
    return list(failures.values())


def test_api_schema_fuzzed_operations_conform(api_schema) -> None:
    from schemathesis import GenerationMode

    operations = [result.ok() for result in api_schema.get_all_operations()]
    labels = {operation.label for operation in operations}
    assert "GET /api/events" in labels and "POST /api/extract" in labels
    failures = [
        failure
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        for failure in _failures_of(operation, mode)
    ]
    assert not failures, "\n\n".join(failures)
