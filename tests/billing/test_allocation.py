"""Largest-remainder allocation: exact sums, within one unit, order independent, never negative."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assets.models import CURRENCY_EXPONENTS
from billing.allocation import allocate

CURRENCIES = ["JPY", "EUR", "KWD"]  # 0, 2 and 3 decimals
assert [CURRENCY_EXPONENTS[c] for c in CURRENCIES] == [0, 2, 3]

weights = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1000000"), places=4)
payers = st.dictionaries(st.integers(min_value=1, max_value=10**9), weights, min_size=1, max_size=50)


@st.composite
def totals(draw):
    currency = draw(st.sampled_from(CURRENCIES))
    amount = draw(st.decimals(min_value=0, max_value=Decimal("10000000"), places=CURRENCY_EXPONENTS[currency]))
    return int(amount.scaleb(CURRENCY_EXPONENTS[currency]))


@settings(max_examples=1000, deadline=None)
@given(total=totals(), weights=payers, data=st.data())
def test_shares_sum_exactly_stay_within_one_unit_and_ignore_order(total, weights, data):
    shares = allocate(total, weights)
    assert sum(shares.values()) == total
    weight_sum = sum(Fraction(w) for w in weights.values())
    for member, amount in shares.items():
        assert amount >= 0
        assert abs(Fraction(amount) - total * Fraction(weights[member]) / weight_sum) < 1
    shuffled = dict(data.draw(st.permutations(list(weights.items()))))
    assert allocate(total, shuffled) == shares


def test_a_tie_goes_to_the_lower_member_id_whatever_the_order():
    assert allocate(100, {7: Decimal(1), 3: Decimal(1), 5: Decimal(1)}) == {3: 34, 5: 33, 7: 33}
    assert allocate(101, {7: 1, 3: 1, 5: 1}) == {3: 34, 5: 34, 7: 33}


def test_the_largest_remainder_gets_the_left_over_unit():
    # Exact quotas 33.3, 66.6: one unit is left over and goes to the .6.
    assert allocate(100, {1: Decimal("1"), 2: Decimal("2")}) == {1: 33, 2: 67}


def test_a_zero_weight_gets_nothing_and_a_zero_total_splits_to_zeros():
    assert allocate(10, {1: Decimal(0), 2: Decimal(3)}) == {1: 0, 2: 10}
    assert allocate(0, {1: Decimal(0)}) == {1: 0}


def test_negative_input_is_refused():
    with pytest.raises(ValueError):
        allocate(10, {1: Decimal(-1), 2: Decimal(2)})
    with pytest.raises(ValueError):
        allocate(-1, {1: Decimal(1)})
    with pytest.raises(ValueError):
        allocate(5, {1: Decimal(0)})
