"""Shop and loyalty settings as forms: text in, checked settings out, saved all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import ValidationError
from relbook.services import loyalty, settings
from relbook.services.loyalty import rules_form
from relbook.services.loyalty.rules import LoyaltyRules, Promotion
from relbook.services.loyalty.rules_form import LoyaltyForm, PromotionRow, RewardRow, TierRow
from relbook.services.money import Money
from relbook.services.settings import shop as shop_settings

USD = Money("en_US", "USD")
EUR = Money("de_DE", "EUR")

SHOP = dict(name="Café Morgenrot", owner_name="Rosa", address="Hauptstr. 1\n10115 Berlin",
            locale="de_DE", currency="EUR", phone_region="DE", max_sale="1.500,00")  # fmt: skip


def test_shop_round_trip_and_the_largest_sale_lives_in_the_rules(db) -> None:
    shop = shop_settings.parse(**SHOP)
    assert shop.max_sale_minor == 150_000
    shop_settings.save(shop)
    assert shop_settings.load() == shop
    assert loyalty.get_rules().max_sale_minor == 150_000
    assert settings.get("shop.locale") == "de_DE"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [({"name": "  "}, "name", "type the name"),
     ({"locale": "xx_YY"}, "locale", "choose one from the list"),
     ({"currency": "DOUBLOON"}, "currency", "choose one from the list"),
     ({"phone_region": "ZZ"}, "phone_region", "choose a country"),
     ({"max_sale": "0"}, "largest_sale", "above zero"),
     ({"max_sale": "12,345"}, "largest_sale", "too many decimals"),
     ({"max_sale": "999999999"}, "largest_sale", "at most"),
     ({"address": "\n".join("line" for _ in range(9))}, "address", "at most 6 lines")],
)  # fmt: skip
def test_shop_mistakes_name_their_field(db, change, field, words) -> None:
    with pytest.raises(ValidationError) as err:
        shop_settings.parse(**{**SHOP, **change})
    assert err.value.field == field and words in err.value.message


def test_logo_must_be_a_picture(db, tmp_path) -> None:
    text = tmp_path / "logo.png"
    text.write_text("not a picture")
    with pytest.raises(ValidationError, match="not a picture"):
        shop_settings.check_logo(str(text))
    with pytest.raises(ValidationError, match="no file"):
        shop_settings.check_logo(str(tmp_path / "missing.png"))
    assert shop_settings.check_logo("") == ""


def test_choices_are_friendly_names(db) -> None:
    assert shop_settings.locale_label("de_DE") == "Deutsch (Deutschland) — German (Germany)"
    assert shop_settings.currency_label("EUR") == "Euro (EUR, €)"
    assert shop_settings.region_label("DE") == "Germany (+49)"
    assert shop_settings.suggestions_for("fr_CH") == ("CHF", "CH")
    assert shop_settings.example_phone("DE") == "030 123456"


def test_loyalty_form_round_trip(db) -> None:
    spring = Promotion("Spring", "2026-03-01", "2026-03-31", 2.0, 5)
    rules = LoyaltyRules(
        points_per_unit=1.25, rounding="nearest", min_spend_minor=350, promotions=[spring]
    )
    form = rules_form.to_form(rules, EUR)
    assert form.points_per_unit == "1.25" and form.min_spend == "3,50"
    assert form.tiers[1] == TierRow("Silver", "250,00", "1.25")
    back = rules_form.to_rules(form, EUR, rules)
    assert back == rules


def test_numbers_are_read_the_shops_way(db) -> None:
    form = rules_form.to_form(LoyaltyRules(), EUR)
    form.points_per_unit = "1,5"
    form.min_spend = "2,50"
    form.rewards.append(RewardRow("Zehn weniger", "900", "amount_off", "10,00"))
    rules = rules_form.to_rules(form, EUR)
    assert rules.points_per_unit == 1.5 and rules.min_spend_minor == 250
    assert rules.rewards[-1].value_minor == 1000


@pytest.mark.parametrize(
    ("edit", "field", "words"),
    [(lambda f: setattr(f, "points_per_unit", "abc"), "points_per_unit", "such as 1 or 1.5"),
     (lambda f: setattr(f, "points_per_unit", "0"), "points_per_unit", "more than 0"),
     (lambda f: setattr(f, "min_spend", "-3"), "min_spend", "cannot be negative"),
     (lambda f: setattr(f, "birthday_bonus", "1.5"), "birthday_bonus", "whole number"),
     (lambda f: f.rewards.append(RewardRow("", "5")), "rewards.3.name", "give it a name"),
     (lambda f: f.rewards.append(RewardRow("Free coffee", "5")), "rewards.3.name", "two rewards"),
     (lambda f: f.rewards.append(RewardRow("Tea", "")), "rewards.3.cost", "whole number"),
     (lambda f: f.tiers.append(TierRow("Platinum", "750.00", "2")), "tiers", "same spend"),
     (lambda f: f.tiers.append(TierRow("Platinum", "900", "0")), "tiers.3.multiplier", "0.1"),
     (lambda f: f.promotions.append(PromotionRow("Flat", "2026-01-01", "2026-01-02", "1", "0")),
      "promotions.0.multiplier", "above 1 or some bonus points"),
     (lambda f: f.promotions.append(PromotionRow("Bad", "", "2026-01-02", "2")),
      "promotions.0.start", "choose a date"),
     (lambda f: (setattr(f, "expiry_mode", "after_earning"), setattr(f, "expiry_months", "")),
      "expiry_months", "whole number")],
)  # fmt: skip
def test_loyalty_mistakes_name_their_field(db, edit, field, words) -> None:
    form = rules_form.to_form(LoyaltyRules(), USD)
    edit(form)
    with pytest.raises(ValidationError) as err:
        rules_form.to_rules(form, USD)
    assert err.value.field == field and words in err.value.message


def test_saving_loyalty_keeps_the_largest_sale_and_stores_nothing_on_a_mistake(db) -> None:
    loyalty.save_rules(LoyaltyRules(max_sale_minor=42_00))
    form = rules_form.to_form(loyalty.get_rules(), USD)
    form.points_per_unit = "3"
    rules_form.save(form, USD)
    assert loyalty.get_rules().points_per_unit == 3
    assert loyalty.get_rules().max_sale_minor == 42_00
    form.points_per_unit = "4"
    form.tiers[0].name = ""
    with pytest.raises(ValidationError):
        rules_form.save(form, USD)
    assert loyalty.get_rules().points_per_unit == 3


def test_example_sentence(db) -> None:
    rules = LoyaltyRules()
    text = rules_form.example(rules, USD, 1250, dt.date(2026, 1, 5))
    assert text == "A sale of $12.50 earns 12 points (Silver 15, Gold 18)."
    rules.min_spend_minor = 2000
    assert "below the minimum spend" in rules_form.example(rules, USD, 1250)


def test_form_copy_is_deep() -> None:
    form = LoyaltyForm(rewards=[RewardRow("A", "1")])
    other = form.copy()
    other.rewards[0].name = "B"
    assert form.rewards[0].name == "A"
