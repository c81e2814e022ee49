"""Rendering macros: the sandbox refuses escapes and blow-ups, every gap is a located error.

Templates come from files agents share, and their output goes to customers, so
the tests attack the sandbox (attribute escapes, huge strings and numbers,
format strings, recursion), check that a missing variable or an empty value is
an error naming ``file:line: macro ID (lang)``, that customer text is never
evaluated, and that dates, times and money read as each locale writes them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import msgspec
import pytest

from api_client.models import Channel, Customer, Order, Shipment
from console.core.macros import (
    MacroError,
    MacroSpec,
    choose_language,
    render,
    render_for,
    resolve_promise,
    sample_context,
)
from console.core.macros.context import Formatter
from console.core.macros.loader import parse_macro_file
from console.core.macros.render import MAX_TEXT

ROME = ZoneInfo("Europe/Rome")


def macro_from(tmp_path: Path, body: str, *, extra: str = "", lang: str = "en") -> MacroSpec:
    """A one-macro file whose ``lang`` body starts on line 9, loaded as deskside loads it."""
    text = (
        "# test macro\n"  # 1
        "[[macro]]\n"  # 2
        'id = "test.one"\n'  # 3
        'title = "Test"\n'  # 4
        f"{extra}\n"  # 5
        "\n"  # 6
        "[macro.body]\n"  # 7
        f'{lang} = """\n'  # 8
        f'{body}"""\n'  # 9...
    )
    path = tmp_path / "test.toml"
    path.write_text(text, encoding="utf-8")
    macros, problems = parse_macro_file(path)
    assert not problems, problems
    return macros[0]


def _no_link(shipment: Shipment) -> Shipment:
    return msgspec.structs.replace(shipment, tracking_url=None)


def render_error(macro: MacroSpec, lang: str = "en", **kwargs: object) -> MacroError:
    with pytest.raises(MacroError) as caught:
        render(macro, lang, sample_context(lang, **kwargs))  # type: ignore[arg-type]
    return caught.value


# -- the sandbox -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "why"),
    [
        ("{{ ''.__class__ }}", "unsafe"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
        ("{{ customer.__class__.__init__.__globals__ }}", "unsafe"),
        ("{{ customer.name.__class__ }}", "unsafe"),
        ("{{ 'a' * 1000000 }}", "repeating text"),
        ("{{ 1000000 * 'a' }}", "repeating text"),
        ("{{ [1, 2] * 1000000 }}", "repeating text"),
        ("{{ 2 ** 999999 }}", "power operator"),
        ("{{ '%999999999s' % 1 }}", "%-formatting"),
        ("{{ '{:>999999999}'.format(1) }}", "unsafe"),
        ("{{ customer.name.format_map({}) }}", "unsafe"),
        ("{{ customer.name.center(999999999) }}", "unsafe"),
        ("{{ (7).to_bytes(999999999, 'big') }}", "unsafe"),
        ("{{ customer.name | center(999999999) }}", "No filter named 'center'"),
        ("{{ range(100000) | join }}", "`range` is not a macro variable"),
        ("{{ lipsum(1000) }}", "`lipsum` is not a macro variable"),
        ("{{ namespace(x=1) }}", "`namespace` is not a macro variable"),
        ("{{ self }}", "TemplateReference object is printed here"),
        ("{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}", "{% macro %} is not"),
        ("{% block b %}{{ self.b() }}{{ self.b() }}{% endblock %}", "{% block %} is not"),
        ("{% include 'x' %}", "{% include %} is not"),
        ("{% for i in order.items recursive %}{{ loop(i) }}{% endfor %}", "recursive loops"),
        (
            "{% for a in order.items %}{% for b in order.items %}{% for c in order.items %}"
            "x{% endfor %}{% endfor %}{% endfor %}",
            "nested more than 2 deep",
        ),
    ],
)
def test_the_sandbox_refuses_escapes_and_blow_ups(tmp_path: Path, template: str, why: str) -> None:
    error = render_error(macro_from(tmp_path, f"Hi\n{template}\n"))
    assert why in error.detail
    assert str(error).startswith(f"{tmp_path / 'test.toml'}:10: macro test.one (en): ")


def test_lists_cannot_be_mutated(tmp_path: Path) -> None:
    error = render_error(macro_from(tmp_path, "{{ order.items.append(1) }}\n"))
    assert "unsafe" in error.detail


def test_a_text_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    long_line = "word " * (MAX_TEXT // 4)
    error = render_error(macro_from(tmp_path, f"{long_line}\n"))
    assert f"longer than {MAX_TEXT}" in error.detail


def test_a_syntax_error_names_the_file_line_macro_and_language(tmp_path: Path) -> None:
    macro = macro_from(tmp_path, "Ciao,\n\n{% if order %}\nniente fine\n", lang="it")
    error = render_error(macro, "it")
    assert "template syntax" in error.detail
    assert error.path == tmp_path / "test.toml"
    assert error.macro_id == "test.one" and error.lang == "it"
    assert str(error).startswith(f"{tmp_path / 'test.toml'}:")


# -- missing and empty values ----------------------------------------------------------------------


def test_a_missing_variable_is_an_error_at_its_file_line(tmp_path: Path) -> None:
    macro = macro_from(tmp_path, "Hi {{ customer.first_name }},\n\nYour {{ ordr.number }}\n")
    error = render_error(macro)
    assert str(error) == (
        f"{tmp_path / 'test.toml'}:11: macro test.one (en): "
        "`ordr` is not a macro variable (docs/macros.md lists them)"
    )


def test_a_missing_field_names_what_the_group_has(tmp_path: Path) -> None:
    error = render_error(macro_from(tmp_path, "{{ order.numbr }}\n"))
    assert error.line == 9
    assert "`order` has no `numbr`" in error.detail and "number" in error.detail


def test_an_empty_value_is_refused_and_named(tmp_path: Path) -> None:
    context = sample_context("en")
    assert context.shipment is not None
    bare = replace(context, shipment=_no_link(context.shipment))
    macro = macro_from(tmp_path, "Hi,\nTrack it: {{ shipment.tracking_url }}\n")
    with pytest.raises(MacroError) as caught:
        render(macro, "en", bare)
    assert caught.value.line == 10
    assert "`shipment.tracking_url` is empty (the carrier gives no link)" in caught.value.detail


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Track: {{ shipment.tracking_url | optional }}.", "Track: ."),
        ("{% if shipment.tracking_url %}{{ shipment.tracking_url }}{% else %}no link{% endif %}",
         "no link"),
        ("Track: {{ shipment.tracking_url or shipment.tracking_number }}", "Track: RM123456789GB"),
        ("Track: {{ shipment.tracking_url | default('soon', true) }}", "Track: soon"),
    ],
)  # fmt: skip
def test_a_template_can_say_blank_is_fine(tmp_path: Path, template: str, expected: str) -> None:
    context = sample_context("en")
    assert context.shipment is not None
    bare = replace(context, shipment=_no_link(context.shipment))
    assert render(macro_from(tmp_path, template + "\n"), "en", bare).text == expected


def test_printing_an_empty_string_or_a_group_or_a_raw_date_is_refused(tmp_path: Path) -> None:
    for template, why in [
        ("{{ '' }}", "an empty value is printed here"),
        ("{{ order }}", "`order` is a group of values"),
        ("{{ 'by ' ~ order }}", "`order` is a group of values"),
        ("{{ order.placed_at }}", "a raw date is printed here"),
        ("{{ order.items }}", "a list is printed here"),
    ]:
        assert why in render_error(macro_from(tmp_path, template + "\n")).detail


def test_no_order_on_record_is_said_plainly(tmp_path: Path) -> None:
    context = replace(sample_context("en"), order=None, shipment=None)
    macro = macro_from(tmp_path, "Order {{ order.number }}\n")
    with pytest.raises(MacroError) as caught:
        render(macro, "en", context)
    assert "`order.number` is not available: the customer has no order on record" in str(
        caught.value
    )
    guarded = macro_from(tmp_path, "Hi{% if order %} {{ order.number }}{% endif %}!\n")
    assert render(guarded, "en", context).text == "Hi!"


def test_an_unset_shop_key_is_blank_with_a_hint(tmp_path: Path) -> None:
    error = render_error(macro_from(tmp_path, "Call {{ shop.phone }}\n"))
    assert "`shop.phone` is empty (it is not set: add it under [shop]" in error.detail
    guarded = macro_from(tmp_path, "Hi{% if shop.phone %} {{ shop.phone }}{% endif %}\n")
    assert render(guarded, "en", sample_context("en")).text == "Hi"


def test_promised_by_needs_a_rule_or_a_promise_on_the_ticket(tmp_path: Path) -> None:
    macro = macro_from(tmp_path, "By {{ promised_by }}\n")
    assert "the macro sets no promised_by" in render_error(macro).detail
    promised = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    rendered = render(macro, "en", sample_context("en", promised_by=promised))
    assert rendered.text == "By 17:00 on Friday 27 November"
    assert rendered.promised_by is None  # the macro sets none; the text quotes the ticket's


# -- customer text stays literal -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["{{ 7*7 }}", "{% for x in customer %}x{% endfor %}", "{{ ''.__class__ }}", "[bold]Ann[/]"],
)
def test_customer_text_in_variables_stays_literal(tmp_path: Path, name: str) -> None:
    context = sample_context("en")
    context = replace(context, customer=Customer(id="local:1", name=name))
    macro = macro_from(tmp_path, "Dear {{ customer.name }},\n")
    assert render(macro, "en", context).text == f"Dear {name},"


def test_control_characters_never_reach_the_output(tmp_path: Path) -> None:
    macro = macro_from(tmp_path, "Hi\\u001b]52;c;ZXZpbA==\\u0007 there\n")
    text = render(macro, "en", sample_context("en")).text
    assert "\x1b" not in text and "\x07" not in text


# -- locale formatting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "currency", "money", "placed", "eta"),
    [
        ("it", "EUR", "129,90\xa0€", "18 novembre", "giovedì 26 novembre"),
        ("de", "EUR", "129,90\xa0€", "18. November", "Donnerstag, 26. November"),
        ("en", "GBP", "£129.90", "18 November", "Thursday 26 November"),
        ("fr", "EUR", "129,90\xa0€", "18 novembre", "jeudi 26 novembre"),
        ("es", "EUR", "129,90\xa0€", "18 de noviembre", "jueves 26 de noviembre"),
    ],
)
def test_amounts_and_dates_read_as_the_locale_writes_them(
    tmp_path: Path, lang: str, currency: str, money: str, placed: str, eta: str
) -> None:
    macro = macro_from(
        tmp_path, "{{ order.total }}|{{ order.date }}|{{ shipment.eta }}\n", lang=lang
    )
    context = sample_context(lang)
    assert context.order is not None and context.order.currency == currency
    assert render(macro, lang, context).text == f"{money}|{placed}|{eta}"


def test_a_date_of_another_year_keeps_its_year_and_eur_reads_in_english() -> None:
    fmt = Formatter.of("en", ROME)
    now = datetime(2026, 1, 5, tzinfo=UTC)
    assert fmt.recent(datetime(2025, 12, 30, 12, tzinfo=UTC), now) == "30 December 2025"
    assert fmt.money(Decimal("1129.9"), "eur") == "€1,129.90"
    assert Formatter.of("it", ROME).money(Decimal("1129.9"), "EUR") == "1.129,90\xa0€"


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        ("it", "venerdì 27 novembre alle 18:00"),
        ("en", "18:00 on Friday 27 November"),
        ("fr", "vendredi 27 novembre à 18:00"),
        ("de", "Freitag, 27. November, 18:00 Uhr"),
        ("es", "viernes 27 de noviembre a las 18:00"),
    ],
)
def test_a_promise_is_said_in_the_customers_words_and_time_zone(
    tmp_path: Path, lang: str, phrase: str
) -> None:
    macro = macro_from(
        tmp_path,
        "{{ promised_by }}|{{ promised_by.time }}\n",
        extra='actions = { promised_by = "2d" }',
        lang=lang,
    )
    context = replace(sample_context(lang), zone=ROME)
    rendered = render(macro, lang, context)
    assert rendered.text == f"{phrase}|18:00"
    assert rendered.promised_by == datetime(2026, 11, 27, 18, 0, tzinfo=ROME)


def test_the_date_filters_use_the_render_locale(tmp_path: Path) -> None:
    macro = macro_from(
        tmp_path,
        "{{ order.placed_at | date('short') }} {{ order.placed_at | time }} "
        "{{ order.amount | money('USD') }} {{ now | date('day') }}\n",
        lang="de",
    )
    assert render(macro, "de", sample_context("de")).text == (
        "18.11.26 12:06 129,90\xa0$ Mittwoch, 25. November"
    )


# -- promises --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "now", "expected"),
    [
        ("30m", datetime(2026, 11, 25, 9, 7), datetime(2026, 11, 25, 9, 45)),
        ("4h", datetime(2026, 11, 25, 9, 0), datetime(2026, 11, 25, 13, 0)),
        ("24h", datetime(2026, 11, 25, 3, 10), datetime(2026, 11, 26, 18, 0)),
        ("2d", datetime(2026, 11, 25, 21, 0), datetime(2026, 11, 27, 18, 0)),
        ("end_of_day", datetime(2026, 11, 25, 9, 0), datetime(2026, 11, 25, 18, 0)),
        ("end_of_day", datetime(2026, 11, 25, 17, 30), datetime(2026, 11, 26, 18, 0)),
        ("end_of_day", datetime(2026, 11, 27, 17, 30), datetime(2026, 11, 30, 18, 0)),
        ("end_of_day", datetime(2026, 11, 28, 10, 0), datetime(2026, 11, 30, 18, 0)),
        ("next_business_day", datetime(2026, 11, 25, 9, 0), datetime(2026, 11, 26, 18, 0)),
        ("next_business_day", datetime(2026, 11, 27, 9, 0), datetime(2026, 11, 30, 18, 0)),
    ],
)
def test_promise_rules(rule: str, now: datetime, expected: datetime) -> None:
    local_now = now.replace(tzinfo=ROME)
    assert resolve_promise(rule, local_now, ROME) == expected.replace(tzinfo=ROME)


def test_a_bad_promise_rule_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        resolve_promise("soon", datetime(2026, 1, 1, tzinfo=UTC), UTC)


# -- language and form -----------------------------------------------------------------------------


def _spec(bodies: dict[str, str], short: dict[str, str] | None = None) -> MacroSpec:
    return MacroSpec(id="t", title="T", bodies=bodies, short=short or {})


def test_the_language_is_the_tickets_else_english_else_the_first() -> None:
    assert choose_language(_spec({"it": "x", "en": "y"}), "it") == "it"
    assert choose_language(_spec({"it": "x", "en": "y"}), "de") == "en"
    assert choose_language(_spec({"fr": "x", "es": "y"}), "de") == "fr"
    assert choose_language(_spec({"fr": "x"}), None) == "fr"


def test_render_for_picks_language_and_form_from_the_ticket() -> None:
    macro = _spec({"en": "Long {{ lang }}", "de": "Lang"}, {"en": "Short {{ lang }}"})
    chat = sample_context("it", channel=Channel.CHAT)
    rendered = render_for(macro, chat)
    assert (rendered.text, rendered.lang, rendered.short) == ("Short en", "en", True)
    assert rendered.fell_back and rendered.wanted_lang == "it"
    email = sample_context("de")
    rendered = render_for(macro, email)
    assert (rendered.text, rendered.short, rendered.fell_back) == ("Lang", False, False)
    rendered = render_for(macro, sample_context("de", channel=Channel.WHATSAPP))
    assert (rendered.text, rendered.short) == ("Lang", False)  # no short text in German
    assert render_for(macro, email, lang="en", short=True).text == "Short en"


def test_a_language_without_a_body_is_refused() -> None:
    with pytest.raises(MacroError, match=r"has no text in 'de' \(it has: en\)"):
        render(_spec({"en": "x"}), "de", sample_context("de"))


def test_the_ticket_language_wins_over_the_customers() -> None:
    context = sample_context("en")
    ticket = msgspec.structs.replace(context.ticket, language="fr")
    customer = msgspec.structs.replace(context.customer, language="de")
    assert replace(context, ticket=ticket, customer=customer).language == "fr"
    no_language = msgspec.structs.replace(ticket, language=None)
    assert replace(context, ticket=no_language, customer=customer).language == "de"


def test_an_empty_rendered_text_is_refused(tmp_path: Path) -> None:
    macro = macro_from(tmp_path, "{% if order.count > 99 %}\nMany\n{% endif %}\n")
    assert "empty once rendered" in render_error(macro).detail


def test_block_tags_on_their_own_lines_leave_no_gaps(tmp_path: Path) -> None:
    body = "Hi,\n\n{% if order %}\nOrder {{ order.number }}.\n{% endif %}\n\n\nBye\n"
    no_order = replace(sample_context("en"), order=None, shipment=None)
    assert render(macro_from(tmp_path, body), "en", no_order).text == "Hi,\n\nBye"
    assert render(macro_from(tmp_path, body), "en", sample_context("en")).text == (
        "Hi,\n\nOrder 10087.\n\nBye"
    )


def test_the_note_is_rendered_and_its_errors_name_the_note(tmp_path: Path) -> None:
    macro = macro_from(tmp_path, "Hi\n", extra='actions = { note = "Order {{ order.nope }}" }')
    error = render_error(macro)
    assert error.lang == "en, note" and error.line == 5
    ok = macro_from(tmp_path, "Hi\n", extra='actions = { note = "Order {{ order.number }}" }')
    assert render(ok, "en", sample_context("en")).note == "Order 10087"


def test_orders_are_data_not_models(tmp_path: Path) -> None:
    """``order.items`` is the list, not ``dict.items`` (groups are not dicts to templates)."""
    macro = macro_from(
        tmp_path,
        "{% for item in order.items %}{{ item.quantity }}x {{ item.name }} {{ item.price }}; "
        "{% endfor %}{{ order.products }}\n",
    )
    context = sample_context("en")
    assert isinstance(context.order, Order)
    assert re.fullmatch(
        r"1x Aurora trainers £89\.90; 1x Sports socks £40\.00; Aurora trainers and Sports socks",
        render(macro, "en", context).text,
    )
