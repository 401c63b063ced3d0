"""Which way round an outlet writes numeric dates: day first (12/01/2010 = 12 January) or month
first (= December 1).

Known from a `locale` the input gives ("en-GB", "en_US", "fr") or else from the country domain of
the article's URL (".co.uk", ".de", ".us"). Only what says a country (or a language other than
English) counts: "en" alone, ".com", ".org" and the country domains used as generic ones (".io",
".tv", ...) leave the order unknown, and so does Canada, which writes both.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# regions (ISO 3166 codes) whose outlets write month/day/year
MONTH_FIRST = {"US", "PH", "FM", "MH", "PW", "GU", "AS", "MP", "PR", "VI", "UM", "BZ"}
# regions where both orders are in common use
MIXED = {"CA"}
# country domains sold as generic ones: they do not say where the outlet is
GENERIC_TLDS = {"io", "ai", "co", "me", "tv", "fm", "ly", "gg", "to", "cc", "ws", "am", "la", "so", "sh", "ac",
                "nu", "tk", "ml", "ga", "cf", "gq"}
TLD_REGION = {"uk": "GB"}  # the one country domain that is not its ISO code
LOCALE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}))?(?:[.@].*)?$")

DAY_FIRST, MONTH_FIRST_ORDER = "day-first", "month-first"


def order_of_region(region: str) -> str | None:
    region = region.upper()
    if region in MIXED:
        return None
    return MONTH_FIRST_ORDER if region in MONTH_FIRST else DAY_FIRST


def order_from_locale(locale: str | None) -> str | None:
    """"en-GB" → day-first, "en_US" → month-first, "fr" → day-first, "en" → unknown (None)."""
    if not locale:
        return None
    m = LOCALE.match(locale.strip())
    if not m:
        return None
    language, region = m.group(1).lower(), m.group(2)
    if region and region.isalpha():
        return order_of_region(region)
    return None if language == "en" else DAY_FIRST


def order_from_url(url: str | None) -> tuple[str, str] | None:
    """(order, the country domain) from the URL's host, or None when the host says no country."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return None
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(tld) != 2 or not tld.isalpha() or tld in GENERIC_TLDS:
        return None
    order = order_of_region(TLD_REGION.get(tld, tld))
    return (order, "." + tld) if order else None


def date_order(locale: str | None, url: str | None) -> tuple[str, str] | None:
    """(order, why) for numeric dates of this outlet; the locale, when given, wins over the URL."""
    order = order_from_locale(locale)
    if order:
        return order, f"the outlet's locale {locale} writes dates {order}"
    from_url = order_from_url(url)
    if from_url:
        return from_url[0], f"the outlet's country domain {from_url[1]} writes dates {from_url[0]}"
    return None
