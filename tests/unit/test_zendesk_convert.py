"""Zendesk JSON → models: every mapping decision, one assertion each."""

from __future__ import annotations

import importlib
import inspect
from datetime import UTC, datetime

import msgspec
import pytest

from api_client.backends.zendesk import convert
from api_client.backends.zendesk.shapes import (
    ZComment,
    ZCondition,
    ZConditions,
    ZExecution,
    ZMacro,
    ZMacroAction,
    ZTicket,
    ZTicketField,
    ZUser,
    ZView,
)
from api_client.backends.zendesk.views import view_queries
from api_client.errors import InvalidResponseError
from api_client.models import AuthorRole, Channel, Priority, Stage, Status
from api_client.sanitize import is_clean


def q(native: int | str) -> str:
    return f"acme:{native}"


def _ticket(**fields: object) -> ZTicket:
    raw = {
        "id": 7,
        "requester_id": 3,
        "created_at": "2026-11-02T09:00:00Z",
        "updated_at": "2026-11-02T10:00:00Z",
        **fields,
    }
    return msgspec.convert(raw, ZTicket)


@pytest.mark.parametrize(
    ("zendesk", "ours"),
    [
        ("new", Status.NEW),
        ("open", Status.OPEN),
        ("pending", Status.PENDING),
        ("hold", Status.ON_HOLD),
        ("solved", Status.SOLVED),
        ("closed", Status.CLOSED),
        ("something_custom", Status.OPEN),
    ],
)
def test_statuses(zendesk: str, ours: Status) -> None:
    assert convert.status_of(zendesk) is ours


def test_statuses_go_back_as_zendesk_names() -> None:
    assert [convert.zendesk_status(s) for s in Status] == [
        "new",
        "open",
        "pending",
        "hold",
        "solved",
        "closed",
    ]


@pytest.mark.parametrize(
    ("zendesk", "ours"),
    [(None, Priority.NORMAL), ("low", Priority.LOW), ("urgent", Priority.URGENT)],
)
def test_priorities(zendesk: str | None, ours: Priority) -> None:
    assert convert.priority_of(zendesk) is ours


@pytest.mark.parametrize(
    ("via", "channel"),
    [
        ("email", Channel.EMAIL),
        ("web", Channel.WEB_FORM),
        ("chat", Channel.CHAT),
        ("native_messaging", Channel.CHAT),
        ("voice", Channel.PHONE),
        ("facebook", Channel.FACEBOOK),
        ("twitter", Channel.TWITTER),
        ("instagram_dm", Channel.INSTAGRAM),
        ("whatsapp", Channel.WHATSAPP),
        ("sms", Channel.SMS),
        ("api", Channel.EMAIL),
        (None, Channel.EMAIL),
    ],
)
def test_channels(via: str | None, channel: Channel) -> None:
    assert convert.channel_of(via) is channel


def test_stage_lives_in_a_tag() -> None:
    assert convert.stage_of(["vip"]) is Stage.LISTEN
    assert convert.stage_of(["stage_fix", "stage_identify"]) is Stage.FIX
    ticket = convert.ticket(_ticket(tags=["vip", "stage_thank"]), q, site="https://a")
    assert ticket.stage is Stage.THANK and ticket.tags == ("vip",)


@pytest.mark.parametrize(
    ("locale", "language"),
    [("it", "it"), ("en-US", "en"), ("pt_BR", "pt"), ("", None), (None, None), ("x1", None)],
)
def test_language_is_the_primary_subtag(locale: str | None, language: str | None) -> None:
    assert convert.language_of(locale) == language


def test_a_ticket_without_subject_uses_its_description() -> None:
    ticket = convert.ticket(_ticket(subject=None, description="Hi\nmy parcel"), q, site="https://a")
    assert ticket.subject == "Hi"


def test_the_version_is_updated_at_exactly_as_written() -> None:
    ticket = convert.ticket(_ticket(updated_at="2026-11-02T10:00:00+00:00"), q, site="https://a")
    assert ticket.version == "2026-11-02T10:00:00+00:00"
    assert ticket.updated_at == datetime(2026, 11, 2, 10, tzinfo=UTC)


def test_a_ticket_needs_its_requester_and_a_readable_time() -> None:
    with pytest.raises(InvalidResponseError, match="requester"):
        convert.ticket(_ticket(requester_id=None), q, site="https://a")
    with pytest.raises(InvalidResponseError, match="unreadable"):
        convert.ticket(_ticket(updated_at="yesterday"), q, site="https://a")


def test_custom_fields_are_shown_by_title_and_option_name() -> None:
    fields = convert.field_infos(
        msgspec.convert(
            [
                {"id": 1, "title": "Reason"},
                {"id": 2, "title": "Reason"},
                {
                    "id": 3,
                    "title": "Size",
                    "custom_field_options": [{"name": "Large", "value": "size_l"}],
                },
                {"id": 4, "title": "Tags", "custom_field_options": None},
            ],
            list[ZTicketField],
        )
    )
    raw = _ticket(
        custom_fields=[
            {"id": 1, "value": "late"},
            {"id": 2, "value": 12.5},
            {"id": 3, "value": "size_l"},
            {"id": 4, "value": ["a", "b"]},
            {"id": 5, "value": True},
            {"id": 6, "value": None},
            {"id": 7, "value": False},
        ]
    )
    ticket = convert.ticket(raw, q, site="https://a", fields=fields)
    assert ticket.fields == {
        "Reason": "late",
        "Reason (#2)": "12.5",
        "Size": "Large",
        "Tags": "a, b",
        "5": "yes",
    }


def test_hostile_text_is_sanitized_everywhere() -> None:
    evil = "\x1b]52;c;cGF3bmVk\x07 \u202e"
    ticket = convert.ticket(
        _ticket(subject=evil, tags=[evil], custom_fields=[{"id": 1, "value": evil}]),
        q,
        site="https://a",
    )
    customer = convert.customer(ZUser(id=3, name=evil, notes=evil), q)
    for text in [ticket.subject, *ticket.tags, *ticket.fields.values(), customer.name]:
        assert is_clean(text) and "\x1b" not in text


def _comment(author: int | None, via: str | None = "web", public: bool = True) -> ZComment:
    return msgspec.convert(
        {
            "id": 9,
            "author_id": author,
            "body": "ciao",
            "public": public,
            "created_at": "2026-11-02T09:00:00Z",
            "via": {"channel": via},
        },
        ZComment,
    )


def test_comment_authors_and_channels() -> None:
    users = {
        1: ZUser(id=1, name="Marco", role="end-user"),
        2: ZUser(id=2, name="Giulia", role="agent"),
        3: ZUser(id=3, name="Ada", role="admin"),
    }
    customer = convert.message(_comment(1, "web"), q(7), q, users=users)
    assert customer.author_role is AuthorRole.CUSTOMER and customer.channel is Channel.WEB_FORM
    reply = convert.message(_comment(2), q(7), q, users=users, ticket_channel=Channel.WHATSAPP)
    assert reply.author_role is AuthorRole.AGENT and reply.channel is Channel.WHATSAPP
    note = convert.message(_comment(3, "api", public=False), q(7), q, users=users)
    assert note.kind.value == "note" and note.author_id == q(3)
    system = convert.message(_comment(-1, "rule"), q(7), q, users=users)
    assert system.author_role is AuthorRole.SYSTEM and system.author_name == "Zendesk"


def test_a_comment_without_body_uses_its_plain_then_html_text() -> None:
    assert convert.comment_body(None, "plain", "<p>html</p>") == "plain"
    assert convert.comment_body(None, None, "<p>a &amp; b<br>c</p>") == "a & b\nc"


def test_customers_and_agents() -> None:
    user = ZUser(
        id=5,
        name=None,
        email="x@y.z",
        role="agent",
        locale="de-CH",
        time_zone="Bern",
        default_group_id=8,
    )
    customer = convert.customer(user, q)
    assert customer.name == "x@y.z" and customer.language == "de"
    assert customer.timezone == "Bern"
    agent = convert.agent(user, q)
    assert agent.login == "x@y.z" and agent.group_ids == (q(8),) and agent.active
    with pytest.raises(InvalidResponseError):
        convert.agent(ZUser(id=None), q)


def test_macro_html_comment_and_set_tags() -> None:
    raw = ZMacro(
        id=1,
        title=None,
        actions=[
            ZMacroAction("comment_value_html", "<p>Grazie &amp; a presto</p>"),
            ZMacroAction("set_tags", ["thanks", "stage_thank"]),
            ZMacroAction("assignee_id", "current_user"),
            ZMacroAction("status", "nonsense"),
        ],
    )
    macro = convert.macro(raw, q)
    assert macro.title == "macro 1" and macro.bodies == {"*": "Grazie & a presto"}
    assert macro.actions.tags_add == ("thanks",) and macro.actions.stage is Stage.THANK
    assert macro.actions.assignee_id is None and macro.actions.status is None


def _view(
    title: str, all_: list[dict[str, object]], any_: list[dict[str, object]] | None = None
) -> ZView:
    return ZView(
        id=1,
        title=title,
        conditions=ZConditions(
            all=[msgspec.convert(c, ZCondition) for c in all_],
            any=[msgspec.convert(c, ZCondition) for c in any_ or []],
        ),
        execution=ZExecution(sort_by="priority", sort_order="desc"),
    )


def test_views_that_translate_and_those_that_do_not() -> None:
    views = [
        _view(
            "Unassigned",
            [{"field": "assignee_id", "operator": "is", "value": ""}],
            [
                {"field": "status", "operator": "is", "value": "new"},
                {"field": "status", "operator": "is", "value": "open"},
            ],
        ),
        _view("Not pending", [{"field": "status", "operator": "is_not", "value": "pending"}]),
        _view("Agent", [{"field": "assignee_id", "operator": "is", "value": 5}]),
        _view(
            "Mixed any",
            [],
            [
                {"field": "status", "operator": "is", "value": "new"},
                {"field": "priority", "operator": "is", "value": "high"},
            ],
        ),
        _view("Custom field", [{"field": "custom_fields_1", "operator": "is", "value": "x"}]),
        _view("Empty", []),
    ]
    assert view_queries(views, agents={5: "Giulia Rossi"}) == {
        "Unassigned": "assignee:none status:new,open sort:-priority",
        "Not pending": "-status:pending sort:-priority",
        "Agent": 'assignee:"Giulia Rossi" sort:-priority',
    }


@pytest.mark.parametrize(
    "module",
    [
        "api_client.backends.zendesk",
        "api_client.backends.zendesk.convert",
        "api_client.backends.zendesk.endpoints",
        "api_client.backends.zendesk.shapes",
        "api_client.backends.zendesk.views",
    ],
)
def test_all_names_every_public_class_and_function(module: str) -> None:
    loaded = importlib.import_module(module)
    public = {
        name
        for name, value in vars(loaded).items()
        if not name.startswith("_")
        and getattr(value, "__module__", None) == module
        and (inspect.isclass(value) or inspect.isfunction(value))
    }
    assert public <= set(loaded.__all__)
    assert all(hasattr(loaded, name) for name in loaded.__all__)
