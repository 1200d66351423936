"""What tokens cost, from genai-prices (pydantic's maintained price database, bundled with the package:
no network). We do not keep prices of our own: they change monthly and the database tracks them.

Which provider's price applies: the endpoint's, when genai-prices knows the endpoint; with no base URL
(OpenAI's API) or for any other endpoint (a proxy, Ollama, vLLM, a test server) the provider whose model
names match, said in the label ("openai's list price"), since a proxy usually charges what the model's
maker does. A model genai-prices does not know has no price, and the caller says so: never a guess.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Price:
    """USD per million tokens, and where it came from: "gpt-4o-mini (openai)"."""

    input_per_mtok: float
    output_per_mtok: float
    source: str

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.input_per_mtok + completion_tokens * self.output_per_mtok) / 1e6


@cache
def price_of(model: str, endpoint: str | None) -> Price | None:
    """The price of `model` served at `endpoint` (a base URL; None: found by the model's name), or None.
    The embedded model's endpoint ("embedded:...") runs on this machine: no price."""
    if endpoint and endpoint.startswith("embedded:"):
        return None
    from genai_prices import Usage, calc_price

    per_million = Usage(input_tokens=1_000_000, output_tokens=1_000_000)
    found, via = None, ""
    if endpoint:
        with contextlib.suppress(LookupError):
            found = calc_price(per_million, model, provider_api_url=endpoint)
    if found is None:
        try:  # no endpoint, or one genai-prices does not know: the provider whose model names match
            found = calc_price(per_million, model)
        except LookupError:
            return None
        via = "'s list price" if endpoint else ""
    source = f"{found.model.id} ({found.provider.id}{via})"
    return Price(float(found.input_price), float(found.output_price), source)


def cost(model: str, endpoint: str | None, prompt_tokens: int, completion_tokens: int) -> float | None:
    """USD for these tokens, or None when the model's price is unknown."""
    price = price_of(model, endpoint)
    return price.cost(prompt_tokens, completion_tokens) if price else None


def dollars(amount: float | None) -> str:
    """ "$0.0042", "$1.27", or "price unknown"."""
    if amount is None:
        return "price unknown"
    return f"${amount:,.2f}" if amount >= 1 else f"${amount:.4f}"
