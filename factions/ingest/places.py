"""A small gazetteer: tells a place field of a source line from an outlet or a section.

Only the source-line parser uses it ("[Source: Reuters, Beirut, 12Mar15]"). It lists
countries and the cities that datelines of conflict reporting use most; a place
missing here is still recognised by shape (see attribution.place_shaped).
"""
from __future__ import annotations


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


def is_known_place(text: str) -> bool:
    """True for a country or a listed city, with or without a leading article."""
    key = " ".join(text.casefold().replace(".", "").split())
    key = key[4:] if key.startswith("the ") and key not in KNOWN_PLACES else key
    return key in KNOWN_PLACES
