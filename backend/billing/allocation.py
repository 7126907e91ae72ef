"""Splitting an integer amount of minor units by weights: largest remainder, ties to the lower key."""

from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction


def allocate(total: int, weights: Mapping[Hashable, Decimal | int]) -> dict[Hashable, int]:
    """Shares of `total` proportional to `weights` that sum exactly to `total`.

    Each share is the floor of its exact quota, and the units left over go one each to the largest
    remainders, ties broken by ascending key, so the result is within one unit of the exact pro-rata
    and does not depend on the order of `weights`. Keys with weight 0 get 0.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    exact = {key: Fraction(weight) for key, weight in weights.items()}
    if any(weight < 0 for weight in exact.values()):
        raise ValueError("weights must not be negative")
    weight_sum = sum(exact.values())
    if not exact or weight_sum == 0:
        if total:
            raise ValueError("a positive total needs a positive weight")
        return dict.fromkeys(exact, 0)
    quotas = {key: total * weight / weight_sum for key, weight in exact.items()}
    shares = {key: quota.numerator // quota.denominator for key, quota in quotas.items()}
    left_over = total - sum(shares.values())
    by_remainder = sorted(quotas, key=lambda key: (-(quotas[key] - shares[key]), key))
    for key in by_remainder[:left_over]:
        shares[key] += 1
    return shares
