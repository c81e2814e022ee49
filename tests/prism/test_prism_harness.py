"""The Prism harness's own checks can fail: a request that breaks the spec is caught.

Every Prism test leans on two things: Prism refuses (422) and logs a request that
breaks the spec, and :func:`tests.prism.conftest.watch` turns such a log line into a
failure. Here a deliberately bad request goes to Prism and the checks are driven by
hand, so a Prism upgrade that logs violations differently (or stops validating) fails
this module instead of silently passing every other one.
"""

from __future__ import annotations

import httpx
import pytest

from tests.prism.conftest import PrismServer, watch

pytestmark = pytest.mark.prism

BAD_UPDATE = {"ticket": {"assignee_id": "nobody"}}
"""``assignee_id`` is an integer in the spec."""
AUTH = ("agent@example.com/token", "prism-test-token")


def _send_bad_update(server: PrismServer) -> httpx.Response:
    return httpx.put(
        f"{server.url}/api/v2/tickets/35436",
        json=BAD_UPDATE,
        auth=AUTH,
        timeout=10.0,
    )


def test_a_bad_request_is_refused_and_detected(prism_zendesk: PrismServer) -> None:
    prism_zendesk.mark()
    assert _send_bad_update(prism_zendesk).status_code == 422
    (line,) = prism_zendesk.violations()
    assert "ticket.assignee_id must be integer" in line


@pytest.mark.parametrize(
    ("method", "path", "said"),
    [
        ("GET", "/api/v2/tickets/35436/nothing", "NO_PATH_MATCHED"),
        ("PATCH", "/api/v2/users/me", "NO_METHOD_MATCHED"),
    ],
)
def test_a_request_outside_the_spec_is_detected(
    prism_zendesk: PrismServer, method: str, path: str, said: str
) -> None:
    """Prism answers 404/405, which a backend could take for "no such record"."""
    prism_zendesk.mark()
    answer = httpx.request(method, f"{prism_zendesk.url}{path}", auth=AUTH, timeout=10.0)
    assert answer.status_code in (404, 405)
    (line,) = prism_zendesk.violations()
    assert said in line and path in line


def test_watch_fails_a_test_with_an_unexpected_violation(prism_zendesk: PrismServer) -> None:
    run = watch(prism_zendesk)
    server = next(run)
    _send_bad_update(server)
    with pytest.raises(AssertionError, match="Prism reported spec violations"):
        next(run, None)


def test_watch_excuses_only_what_it_is_told(prism_zendesk: PrismServer) -> None:
    run = watch(prism_zendesk, "assignee_id must be integer")
    _send_bad_update(next(run))
    assert next(run, None) is None
    run = watch(prism_zendesk, "some other field")
    _send_bad_update(next(run))
    with pytest.raises(AssertionError, match="assignee_id"):
        next(run, None)


def test_watch_fails_when_an_expected_violation_never_came(prism_zendesk: PrismServer) -> None:
    run = watch(prism_zendesk)
    server = next(run)
    server.expect_violation("assignee_id must be integer")
    assert httpx.get(f"{server.url}/api/v2/users/me", auth=AUTH, timeout=10.0).status_code == 200
    with pytest.raises(AssertionError, match="Prism logged no violation"):
        next(run, None)


def test_a_good_request_passes(prism_zendesk: PrismServer) -> None:
    run = watch(prism_zendesk)
    server = next(run)
    answer = httpx.put(
        f"{server.url}/api/v2/tickets/35436",
        json={"ticket": {"assignee_id": 235323}},
        auth=AUTH,
        timeout=10.0,
    )
    assert answer.status_code == 200
    assert next(run, None) is None
