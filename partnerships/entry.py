"""What editors type: a date at its precision and a qualified amount, in words.

One parser for each, shared by the admin, the importer and the API's writes:
"2030", "2030-06", "2030年6月" → a PreciseDate; "about $5bn", "380億美元",
"1000億美元以上" → an amount, its currency and its qualifier. What cannot be
read is refused with a message naming the field and showing the accepted forms;
nothing is guessed, and a hedge in the input is never dropped.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from partnerships.qualified import (
    DatePrecision,
    PreciseDate,
    Qualifier,
    format_amount,
    period_of,
)

DATE_FORMS = (
    "2030 (a year), 2030-06 (a month) or 2030-06-15 (a day); "
    "also 2030年, 2030年6月 or 2030年6月15日"
)
AMOUNT_FORMS = (
    "a currency and a number with an optional scale and hedge, e.g. "
    "USD 38 billion, about $5bn, over 100 billion USD, up to €2.5bn, "
    "at least USD 10 billion, 380億美元, 1000億美元以上"
)


class EntryError(ValueError):
    """Text that cannot be read; the message names the field and what would do.
    `problem` is the message without the field's name, for reports that name
    the field (or the column) themselves."""

    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}")


# -- dates --------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_CHINESE_DATE = re.compile(
    r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日號号])?)?"
)
# An expiry is the last period of an agreement: "through 2030" says just that.
_THROUGH = re.compile(r"^(?:through|thru|至|到)\s*", re.IGNORECASE)


def _normal(text: str) -> str:
    """Full-width digits and signs as their ASCII forms, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def parse_precise_date(
    text: str, field: str = "date", *, through: bool = False
) -> PreciseDate | None:
    """ "2030" → 2030 (year), "2030-06" or "2030年6月" → June 2030, "2030-06-15"
    or "2030年6月15日" → that day; blank → None. With `through` (an expiry date),
    a leading "through" is read too: "through 2030" is 2030."""
    normal = _normal(text or "")
    if not normal:
        return None
    if through:
        normal = _THROUGH.sub("", normal, count=1)
    match = _ISO_DATE.fullmatch(normal) or _CHINESE_DATE.fullmatch(normal)
    if match is None:
        raise EntryError(field, f"“{text}” is not a date. Write {DATE_FORMS}.")
    try:
        return period_of(*match.groups())
    except ValueError:
        raise EntryError(
            field, f"“{text}” is not a day of the calendar. Write {DATE_FORMS}."
        ) from None


def date_text(value: datetime.date | None, precision: str) -> str:
    """What the date field shows for a stored date, read back unchanged."""
    if value is None:
        return ""
    return PreciseDate(value, precision or DatePrecision.DAY).iso


# -- amounts ------------------------------------------------------------------

_CURRENCIES = {
    "us$": "USD",
    "$": "USD",
    "usd": "USD",
    "美元": "USD",
    "美金": "USD",
    "€": "EUR",
    "eur": "EUR",
    "歐元": "EUR",
    "欧元": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "英鎊": "GBP",
    "英镑": "GBP",
    "¥": "CNY",
    "cny": "CNY",
    "rmb": "CNY",
    "人民幣": "CNY",
    "人民币": "CNY",
    "jpy": "JPY",
    "日圓": "JPY",
    "日元": "JPY",
    "nt$": "TWD",
    "twd": "TWD",
    "新台幣": "TWD",
    "新臺幣": "TWD",
    "台幣": "TWD",
    "hk$": "HKD",
    "hkd": "HKD",
    "港元": "HKD",
    "港幣": "HKD",
    "krw": "KRW",
    "韓元": "KRW",
    "aud": "AUD",
    "cad": "CAD",
    "chf": "CHF",
    "inr": "INR",
    "sgd": "SGD",
    "sar": "SAR",
    "aed": "AED",
}
_SCALES = {
    "k": Decimal(10) ** 3,
    "thousand": Decimal(10) ** 3,
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "millions": Decimal(10) ** 6,
    "b": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "billion": Decimal(10) ** 9,
    "billions": Decimal(10) ** 9,
    "tn": Decimal(10) ** 12,
    "trillion": Decimal(10) ** 12,
    "trillions": Decimal(10) ** 12,
    "千": Decimal(10) ** 3,
    "萬": Decimal(10) ** 4,
    "万": Decimal(10) ** 4,
    "百萬": Decimal(10) ** 6,
    "百万": Decimal(10) ** 6,
    "億": Decimal(10) ** 8,
    "亿": Decimal(10) ** 8,
    "萬億": Decimal(10) ** 12,
    "万亿": Decimal(10) ** 12,
    "兆": Decimal(10) ** 12,
}
# Hedges before the figure, longest first so "more than" wins over "more".
_PREFIX_HEDGES = {
    "approximately": Qualifier.ABOUT,
    "approx.": Qualifier.ABOUT,
    "approx": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "roughly": Qualifier.ABOUT,
    "about": Qualifier.ABOUT,
    "some": Qualifier.ABOUT,
    "circa": Qualifier.ABOUT,
    "~": Qualifier.ABOUT,
    "≈": Qualifier.ABOUT,
    "大約": Qualifier.ABOUT,
    "大约": Qualifier.ABOUT,
    "約": Qualifier.ABOUT,
    "约": Qualifier.ABOUT,
    "may exceed": Qualifier.OVER,
    "could exceed": Qualifier.OVER,
    "more than": Qualifier.OVER,
    "in excess of": Qualifier.OVER,
    "exceeding": Qualifier.OVER,
    "above": Qualifier.OVER,
    "over": Qualifier.OVER,
    ">": Qualifier.OVER,
    "可能超過": Qualifier.OVER,
    "可能超过": Qualifier.OVER,
    "超過": Qualifier.OVER,
    "超过": Qualifier.OVER,
    "逾": Qualifier.OVER,
    "up to": Qualifier.UP_TO,
    "as much as": Qualifier.UP_TO,
    "at most": Qualifier.UP_TO,
    "no more than": Qualifier.UP_TO,
    "≤": Qualifier.UP_TO,
    "<=": Qualifier.UP_TO,
    "高達": Qualifier.UP_TO,
    "高达": Qualifier.UP_TO,
    "最多": Qualifier.UP_TO,
    "至多": Qualifier.UP_TO,
    "at least": Qualifier.AT_LEAST,
    "no less than": Qualifier.AT_LEAST,
    "a minimum of": Qualifier.AT_LEAST,
    "≥": Qualifier.AT_LEAST,
    ">=": Qualifier.AT_LEAST,
    "至少": Qualifier.AT_LEAST,
    "最少": Qualifier.AT_LEAST,
}
_SUFFIX_HEDGES = {
    "or more": Qualifier.AT_LEAST,
    "plus": Qualifier.OVER,
    "+": Qualifier.OVER,
    "以上": Qualifier.OVER,
    "左右": Qualifier.ABOUT,
    "上下": Qualifier.ABOUT,
}
# Hedges that say how sure the source is: kept as a qualifier "over", and the
# preview says that the certainty itself belongs on the value's term report.
_MODAL_HEDGES = ("may exceed", "could exceed", "可能超過", "可能超过")
_MULTIPLES = {
    "tens of": Decimal(10),
    "hundreds of": Decimal(100),
    "數十": Decimal(10),
    "数十": Decimal(10),
    "數百": Decimal(100),
    "数百": Decimal(100),
    "數千": Decimal(1000),
    "数千": Decimal(1000),
}
MAX_AMOUNT = Decimal("1e17")  # the field keeps 20 digits, 2 after the point


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_CURRENCY = _alternation(_CURRENCIES)
_SCALE = _alternation(word for word in _SCALES if word.isascii())
_CJK_SCALE = _alternation(word for word in _SCALES if not word.isascii())
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_FIGURE = re.compile(
    rf"(?:(?P<before>{_CURRENCY})\s*)?"
    rf"(?P<number>{_NUMBER})\s*(?:(?P<scale>{_SCALE})\b|(?P<cjk_scale>{_CJK_SCALE}))?"
    rf"\s*(?P<after>{_CURRENCY})?",
    re.IGNORECASE,
)
_ENGLISH_MULTIPLES = re.compile(
    rf"(?:(?P<before>{_CURRENCY})\s*)?(?P<lead>tens of|hundreds of)\s+"
    r"(?P<scale>thousands|millions|billions|trillions)"
    rf"(?:\s+of)?(?:\s+(?P<after>{_CURRENCY}))?",
    re.IGNORECASE,
)
_CHINESE_MULTIPLES = re.compile(
    rf"(?:(?P<before>{_CURRENCY})\s*)?(?P<lead>數十|数十|數百|数百|數千|数千)\s*"
    r"(?P<scale>萬億|万亿|萬|万|億|亿|兆)"
    rf"\s*(?P<after>{_CURRENCY})?",
)


@dataclass(frozen=True)
class QualifiedAmount:
    amount: Decimal
    currency: str
    qualifier: str
    # Set when the text said how sure it is ("may exceed"): that is recorded on
    # the value's term report, not in the amount.
    modal_hedge: str = ""

    @property
    def display(self) -> str:
        """What readers will see: "about USD 5 billion"."""
        return format_amount(self.amount, self.qualifier, self.currency)

    @property
    def note(self) -> str:
        if not self.modal_hedge:
            return ""
        return (
            f"“{self.modal_hedge}” says how sure the source is: it is kept as "
            f"“{Qualifier(self.qualifier).label.lower()}” here; set how sure it is "
            "(the modality) on the value's term report."
        )


def _take_prefix(text: str) -> tuple[str, str]:
    lower = text.lower()
    for hedge in sorted(_PREFIX_HEDGES, key=len, reverse=True):
        if lower.startswith(hedge):
            rest = text[len(hedge) :]
            # A word hedge must end at a word boundary: "overall" is not "over".
            if hedge[-1].isascii() and hedge[-1].isalpha() and rest[:1].isalpha():
                continue
            return hedge, rest.strip()
    return "", text


def _take_suffix(text: str) -> tuple[str, str]:
    lower = text.lower()
    for hedge in sorted(_SUFFIX_HEDGES, key=len, reverse=True):
        if lower.endswith(hedge):
            rest = text[: len(text) - len(hedge)]
            if hedge[0].isascii() and hedge[0].isalpha() and rest[-1:].isalpha():
                continue
            return hedge, rest.strip()
    return "", text


def parse_qualified_amount(text: str, field: str = "value") -> QualifiedAmount | None:
    """ "about $5bn" → (5000000000, USD, about); "380億美元" → (38000000000, USD,
    exact); "1000億美元以上" → (100000000000, USD, over); blank → None."""
    normal = _normal(text or "")
    if not normal:
        return None

    def refuse(problem: str) -> EntryError:
        return EntryError(field, f"“{text}” {problem}. Write {AMOUNT_FORMS}.")

    prefix, rest = _take_prefix(normal)
    suffix, rest = _take_suffix(rest)
    if prefix and suffix:
        raise refuse(f"has two hedges (“{prefix}” and “{suffix}”): give one")
    if _take_prefix(rest)[0] or _take_suffix(rest)[0]:
        raise refuse("has more than one hedge: give one")
    hedge = prefix or suffix
    qualifier = (
        _PREFIX_HEDGES.get(hedge.lower()) or _SUFFIX_HEDGES.get(hedge.lower()) or ""
    )

    multiples = _ENGLISH_MULTIPLES.fullmatch(rest) or _CHINESE_MULTIPLES.fullmatch(rest)
    figure = multiples or _FIGURE.fullmatch(rest)
    if figure is None and rest.endswith("元"):
        raise refuse("says “元” without which currency: write 美元, 人民幣, 新台幣")
    if figure is None:
        raise refuse("is not an amount")
    if multiples is not None:
        if hedge:
            raise refuse("has a hedge and a multiple (“hundreds of”): give one")
        lead = _MULTIPLES[multiples["lead"].lower()]
        scale = multiples["scale"].lower().removesuffix("s")
        amount = lead * _SCALES[scale]
        qualifier = Qualifier.MULTIPLES
    else:
        number = Decimal(figure["number"].replace(",", ""))
        scale = (figure["scale"] or figure["cjk_scale"] or "").lower()
        amount = number * _SCALES.get(scale, Decimal(1))
    before, after = figure["before"], figure["after"]
    if before and after:
        raise refuse("names the currency twice: give it once")
    if not (before or after):
        raise refuse("has no currency")
    currency = _CURRENCIES[(before or after).lower()]
    if amount > MAX_AMOUNT:
        raise refuse("is more than any amount recorded (at most 1e17)")
    if amount != amount.quantize(Decimal("0.01")):
        raise refuse("has more than two decimal places")
    amount = amount.quantize(Decimal("0.01")) if amount % 1 else amount.quantize(1)
    return QualifiedAmount(
        amount,
        currency,
        qualifier or Qualifier.EXACT,
        modal_hedge=hedge if hedge.lower() in _MODAL_HEDGES else "",
    )


def amount_text(amount: Decimal | None, qualifier: str, currency: str) -> str:
    """What the value field shows for a stored value, read back unchanged."""
    if amount is None:
        return ""
    return format_amount(amount, qualifier, currency)
