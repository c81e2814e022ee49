"""A combined profile's config: what is accepted, and a clear message for what is not."""

from __future__ import annotations

import pytest

from console.core import paths
from console.core.config import load_config
from console.core.errors import UserError

SHOPS = """
[profiles.shop_it]
backend = "zendesk"
options = { subdomain = "shop-it" }

[profiles.shop_de]
backend = "freshdesk"
options = { subdomain = "shop-de" }
"""


def _load(text: str):
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(SHOPS + text, encoding="utf-8")
    return load_config()


def test_a_combined_profile_lists_single_account_profiles() -> None:
    config = _load('[profiles.agency]\naccounts = ["shop_it", "shop_de"]\nread_only = true\n')
    name, agency = config.profile("agency")
    assert name == "agency" and agency.combined and agency.backend == ""
    assert agency.accounts == ["shop_it", "shop_de"]
    assert not config.profiles["shop_it"].combined


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ('accounts = ["shop_it", "shop_fr"]', "account 'shop_fr' is not a profile"),
        ('accounts = ["shop_it", "shop_it"]', "account 'shop_it' is listed twice"),
        ('accounts = ["agency"]', "cannot list itself"),
        ('backend = "zendesk"\naccounts = ["shop_it"]', "either `backend` (one helpdesk) or"),
        ('accounts = ["shop_it"]\ntoken_env = "X"', "has no `options` or `token_env`"),
        ('accounts = ["shop_it"]\noptions = { subdomain = "x" }', "has no `options`"),
        ("accounts = []", "set `backend` (one helpdesk) or `accounts` (several)"),
        ('accounts = ["home"]', "account 'home' is an embedded desk"),
    ],
)
def test_a_wrong_combination_names_the_profile_line_and_problem(table: str, problem: str) -> None:
    text = f'\n[profiles.home]\nbackend = "local"\n\n[profiles.agency]\n{table}\n'
    with pytest.raises(UserError) as caught:
        _load(text)
    message = str(caught.value)
    line = (SHOPS + text).splitlines().index("[profiles.agency]") + 1
    assert message.startswith(f"{paths.config_file()}, line {line}: `profiles.agency`: ")
    assert problem in message


def test_nesting_is_refused() -> None:
    text = (
        '[profiles.agency]\naccounts = ["shop_it", "shop_de"]\n\n'
        '[profiles.group]\naccounts = ["agency", "shop_it"]\n'
    )
    with pytest.raises(UserError, match="account 'agency' combines accounts itself"):
        _load(text)
