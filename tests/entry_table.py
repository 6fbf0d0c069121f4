"""What editors may type for a date or a value, and what it means: one table
shared by the parser's tests and those of the admin, the importer and the API,
which all read text through partnerships/entry.py.

Each accepted row gives the text and what is stored; each refused row gives the
text and words the refusal must contain."""

import datetime
from decimal import Decimal

D = datetime.date

# (text, stored date, precision)
DATES_ACCEPTED = [
    ("2030", D(2030, 1, 1), "year"),
    ("2030-06", D(2030, 6, 1), "month"),
    ("2030-6", D(2030, 6, 1), "month"),
    ("2030-06-15", D(2030, 6, 15), "day"),
    (" 2030-06-15 ", D(2030, 6, 15), "day"),
    ("2030年", D(2030, 1, 1), "year"),
    ("2030年6月", D(2030, 6, 1), "month"),
    ("2030年6月15日", D(2030, 6, 15), "day"),
    ("２０３０年６月", D(2030, 6, 1), "month"),
    ("2024-02-29", D(2024, 2, 29), "day"),
]
# (text, words the refusal contains)
DATES_REFUSED = [
    ("30", "is not a date"),
    ("June 2030", "is not a date"),
    ("2030/06/15", "is not a date"),
    ("2030-13", "is not a day of the calendar"),
    ("2030-02-30", "is not a day of the calendar"),
    ("2030年13月", "is not a day of the calendar"),
    ("through", "is not a date"),
]

B = Decimal(10) ** 9
# (text, amount, currency, qualifier)
AMOUNTS_ACCEPTED = [
    ("USD 38 billion", 38 * B, "USD", "exact"),
    ("about $5bn", 5 * B, "USD", "about"),
    ("over 100 billion USD", 100 * B, "USD", "over"),
    ("380億美元", 38 * B, "USD", "exact"),
    ("1000億美元以上", 100 * B, "USD", "over"),
    ("US$ 2.5bn", Decimal("2.5") * B, "USD", "exact"),
    ("around USD 10 billion", 10 * B, "USD", "about"),
    ("approximately €3 billion", 3 * B, "EUR", "about"),
    ("~ USD 5 bn", 5 * B, "USD", "about"),
    ("more than $1 trillion", 1000 * B, "USD", "over"),
    ("> USD 100 bn", 100 * B, "USD", "over"),
    ("above 50 million EUR", Decimal(50_000_000), "EUR", "over"),
    ("up to USD 10 billion", 10 * B, "USD", "up_to"),
    ("as much as $500m", Decimal(500_000_000), "USD", "up_to"),
    ("≤ USD 2 bn", 2 * B, "USD", "up_to"),
    ("at least USD 100 billion", 100 * B, "USD", "at_least"),
    ("≥ USD 100 bn", 100 * B, "USD", "at_least"),
    ("USD 1,234.5", Decimal("1234.5"), "USD", "exact"),
    ("USD 750k", Decimal(750_000), "USD", "exact"),
    ("約50億美元", 5 * B, "USD", "about"),
    ("大約 50 億美元", 5 * B, "USD", "about"),
    ("超過1000億美元", 100 * B, "USD", "over"),
    ("高達100億美元", 10 * B, "USD", "up_to"),
    ("最多 30億歐元", 3 * B, "EUR", "up_to"),
    ("至少500億人民幣", 50 * B, "CNY", "at_least"),
    ("5000萬美元", Decimal(50_000_000), "USD", "exact"),
    ("1.5兆新台幣", 1500 * B, "TWD", "exact"),
    ("¥ 20 billion", 20 * B, "CNY", "exact"),
    ("100億美元左右", 10 * B, "USD", "about"),
    ("may exceed USD 100bn", 100 * B, "USD", "over"),
    ("可能超過1000億美元", 100 * B, "USD", "over"),
    ("tens of billions of USD", 10 * B, "USD", "multiples"),
    ("數百億美元", 10 * B, "USD", "multiples"),
]
# (text, words the refusal contains)
AMOUNTS_REFUSED = [
    ("5bn", "has no currency"),
    ("about 5 billion", "has no currency"),
    ("100億元", "without which currency"),
    ("USD 5bn USD", "names the currency twice"),
    ("about over USD 5bn", "more than one hedge"),
    ("約1000億美元以上", "two hedges"),
    ("USD 0.001", "more than two decimal places"),
    ("USD -5", "is not an amount"),
    ("overall USD 5", "is not an amount"),
    ("a lot of money", "is not an amount"),
    ("USD five billion", "is not an amount"),
    ("USD 5 zillion", "is not an amount"),
    ("USD 1e30", "is not an amount"),
    ("USD 1000000 trillion", "more than any amount recorded"),
]
