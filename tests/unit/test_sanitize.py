"""The one sanitizer: nothing that can drive a terminal or hide text survives, idempotently."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from api_client.models import AuthorRole, Customer, Message, Status, Ticket
from api_client.sanitize import is_clean, sanitize

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\U000e0000-\U000e007f\ud800-\udfff\u2028\u2029]"
)

hostile = st.text(
    alphabet=st.one_of(
        st.characters(codec=None),
        st.sampled_from(list("\x1b\x07\x9b\x9d\u202e\u2066\u200b\ufeff\r\n\t[]/@=")),
    )
)


@given(hostile)
def test_nothing_dangerous_survives(text: str) -> None:
    clean = sanitize(text)
    assert FORBIDDEN.search(clean) is None
    assert is_clean(clean)


@given(hostile)
def test_sanitizing_twice_changes_nothing(text: str) -> None:
    once = sanitize(text)
    assert sanitize(once) == once


def test_escape_sequences_become_visible_pictures() -> None:
    assert sanitize("\x1b]52;c;cGF3bmVk\x07") == "␛]52;c;cGF3bmVk␇"
    assert sanitize("red\x1b[31m") == "red␛[31m"
    assert sanitize("\x9b31m") == "\ufffd31m"
    assert sanitize("a\x7fb") == "a\u2421b"


def test_newlines_are_normalised_and_tabs_kept() -> None:
    assert sanitize("a\r\nb\rc\u2028d\te") == "a\nb\nc\nd\te"


def test_bidi_overrides_and_zero_width_are_removed() -> None:
    assert sanitize("pay\u202eemag.exe") == "payemag.exe"
    assert sanitize("re\u200bfund\ufeff") == "refund"
    assert sanitize("tag\U000e0041\U000e0042") == "tag"


def test_clean_text_is_returned_as_is() -> None:
    text = "Ciao, dov'è il mio ordine? [bold]not markup here[/]"
    assert sanitize(text) is text


def test_models_sanitize_every_string_when_built() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    ticket = Ticket(
        id="p:1",
        subject="\x1b[2Jwiped",
        status=Status.OPEN,
        customer_id="p:2",
        tags=("ok", "bad\x1b"),
        created_at=now,
        updated_at=now,
        fields={"note\x1b": "v\u202e"},
    )
    assert ticket.subject == "␛[2Jwiped"
    assert ticket.tags == ("ok", "bad␛")
    assert ticket.fields == {"note␛": "v"}
    message = Message(
        id="p:3",
        ticket_id="p:1",
        author_role=AuthorRole.CUSTOMER,
        author_name="Eve\x07",
        body="hi\x1b]8;;http://evil\x07link",
        created_at=now,
    )
    assert is_clean(message.body) and is_clean(message.author_name)
    customer = Customer(id="p:2", name="Mallory\u202e", emails=("m@x\x00y",))
    assert customer.name == "Mallory" and customer.emails == ("m@x\u2400y",)
