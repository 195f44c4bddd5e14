"""Country names as sanctions lists write them, mapped to ISO 3166 alpha-2 codes.

Lists name countries in prose ("Syria", "Syrian Arab Republic", "Korea, North"), while
`Designation.countries` holds codes. The table is keys folded by `fold_country`: the
GeoNames country names plus the OFAC and UN spellings seen in their files. A name that is
not here (e.g. OFAC's "Undetermined" or "Region: Crimea") is dropped, never guessed.
"""
from __future__ import annotations

import re

from factions.names import strip_accents

_NAMES: dict[str, str] = {
    "afghanistan": "AF", "aland islands": "AX", "albania": "AL", "algeria": "DZ", "american samoa": "AS",
    "andorra": "AD", "angola": "AO", "anguilla": "AI", "antarctica": "AQ", "antigua and barbuda": "AG",
    "argentina": "AR", "armenia": "AM", "aruba": "AW", "australia": "AU", "austria": "AT",
    "azerbaijan": "AZ", "bahamas": "BS", "bahamas the": "BS", "bahrain": "BH", "bangladesh": "BD",
    "barbados": "BB", "belarus": "BY", "belgium": "BE", "belize": "BZ", "benin": "BJ", "bermuda": "BM",
    "bhutan": "BT", "bolivia": "BO", "bolivia plurinational state of": "BO",
    "bonaire saint eustatius and saba": "BQ", "bosnia and herzegovina": "BA", "bosnia herzegovina": "BA",
    "botswana": "BW", "bouvet island": "BV", "brazil": "BR", "british indian ocean territory": "IO",
    "british virgin islands": "VG", "brunei": "BN", "brunei darussalam": "BN", "bulgaria": "BG",
    "burkina faso": "BF", "burma": "MM", "burundi": "BI", "cabo verde": "CV", "cambodia": "KH",
    "cameroon": "CM", "canada": "CA", "cape verde": "CV", "cayman islands": "KY",
    "central african rep": "CF", "central african republic": "CF", "chad": "TD", "chile": "CL",
    "china": "CN", "christmas island": "CX", "cocos islands": "CC", "colombia": "CO", "comoros": "KM",
    "congo": "CG", "congo democratic republic of the": "CD", "congo republic of the": "CG",
    "cook islands": "CK", "costa rica": "CR", "cote divoire": "CI", "croatia": "HR", "cuba": "CU",
    "curacao": "CW", "cyprus": "CY", "czech republic": "CZ", "czechia": "CZ",
    "democratic peoples republic of korea": "KP", "democratic republic of the congo": "CD", "denmark": "DK",
    "djibouti": "DJ", "dominica": "DM", "dominican republic": "DO", "east timor": "TL", "ecuador": "EC",
    "egypt": "EG", "el salvador": "SV", "equatorial guinea": "GQ", "eritrea": "ER", "estonia": "EE",
    "eswatini": "SZ", "ethiopia": "ET", "falkland islands": "FK", "faroe islands": "FO", "fiji": "FJ",
    "finland": "FI", "france": "FR", "french guiana": "GF", "french polynesia": "PF",
    "french southern territories": "TF", "gabon": "GA", "gambia": "GM", "gambia the": "GM", "gaza": "PS",
    "gaza strip": "PS", "georgia": "GE", "germany": "DE", "ghana": "GH", "gibraltar": "GI",
    "great britain": "GB", "greece": "GR", "greenland": "GL", "grenada": "GD", "guadeloupe": "GP",
    "guam": "GU", "guatemala": "GT", "guernsey": "GG", "guinea": "GN", "guinea bissau": "GW", "guyana": "GY",
    "haiti": "HT", "heard island and mcdonald islands": "HM", "holy see": "VA", "honduras": "HN",
    "hong kong": "HK", "hungary": "HU", "iceland": "IS", "india": "IN", "indonesia": "ID", "iran": "IR",
    "iran islamic republic of": "IR", "iraq": "IQ", "ireland": "IE", "islamic republic of iran": "IR",
    "isle of man": "IM", "israel": "IL", "italy": "IT", "ivory coast": "CI", "jamaica": "JM", "japan": "JP",
    "jersey": "JE", "jordan": "JO", "kazakhstan": "KZ", "kenya": "KE", "kiribati": "KI", "korea north": "KP",
    "korea south": "KR", "kosovo": "XK", "kuwait": "KW", "kyrgyz republic": "KG", "kyrgyzstan": "KG",
    "lao peoples democratic republic": "LA", "laos": "LA", "latvia": "LV", "lebanon": "LB", "lesotho": "LS",
    "liberia": "LR", "libya": "LY", "libyan arab jamahiriya": "LY", "liechtenstein": "LI", "lithuania": "LT",
    "luxembourg": "LU", "macao": "MO", "macau": "MO", "macedonia": "MK", "madagascar": "MG", "malawi": "MW",
    "malaysia": "MY", "maldives": "MV", "mali": "ML", "malta": "MT", "marshall islands": "MH",
    "martinique": "MQ", "mauritania": "MR", "mauritius": "MU", "mayotte": "YT", "mexico": "MX",
    "micronesia": "FM", "micronesia federated states of": "FM", "moldova": "MD", "monaco": "MC",
    "mongolia": "MN", "montenegro": "ME", "montserrat": "MS", "morocco": "MA", "mozambique": "MZ",
    "myanmar": "MM", "namibia": "NA", "nauru": "NR", "nepal": "NP", "netherlands": "NL",
    "netherlands antilles": "AN", "netherlands kingdom of the": "NL", "new caledonia": "NC",
    "new zealand": "NZ", "nicaragua": "NI", "niger": "NE", "nigeria": "NG", "niue": "NU",
    "norfolk island": "NF", "north korea": "KP", "north macedonia": "MK", "northern mariana islands": "MP",
    "norway": "NO", "occupied palestinian territory": "PS", "oman": "OM", "pakistan": "PK", "palau": "PW",
    "palestine": "PS", "palestinian territories": "PS", "palestinian territory": "PS", "panama": "PA",
    "papua new guinea": "PG", "paraguay": "PY", "peru": "PE", "philippines": "PH", "pitcairn": "PN",
    "poland": "PL", "portugal": "PT", "puerto rico": "PR", "qatar": "QA", "republic of iraq": "IQ",
    "republic of korea": "KR", "republic of moldova": "MD", "republic of the congo": "CG",
    "republic of yemen": "YE", "reunion": "RE", "romania": "RO", "russia": "RU", "russian federation": "RU",
    "rwanda": "RW", "saint barthelemy": "BL", "saint helena": "SH", "saint kitts and nevis": "KN",
    "saint lucia": "LC", "saint martin": "MF", "saint pierre and miquelon": "PM",
    "saint vincent and the grenadines": "VC", "samoa": "WS", "san marino": "SM",
    "sao tome and principe": "ST", "saudi arabia": "SA", "senegal": "SN", "serbia": "RS",
    "serbia and montenegro": "RS", "seychelles": "SC", "sierra leone": "SL", "singapore": "SG",
    "sint maarten": "SX", "slovakia": "SK", "slovenia": "SI", "solomon islands": "SB",
    "somali republic": "SO", "somalia": "SO", "south africa": "ZA",
    "south georgia and the south sandwich islands": "GS", "south korea": "KR", "south sudan": "SS",
    "spain": "ES", "sri lanka": "LK", "state of palestine": "PS", "sudan": "SD", "sudan south": "SS",
    "suriname": "SR", "svalbard and jan mayen": "SJ", "swaziland": "SZ", "sweden": "SE", "switzerland": "CH",
    "syria": "SY", "syrian arab republic": "SY", "taiwan": "TW", "tajikistan": "TJ", "tanzania": "TZ",
    "thailand": "TH", "the bahamas": "BS", "the former yugoslav republic of macedonia": "MK",
    "the gambia": "GM", "timor leste": "TL", "togo": "TG", "tokelau": "TK", "tonga": "TO",
    "trinidad and tobago": "TT", "tunisia": "TN", "turkey": "TR", "turkiye": "TR", "turkmenistan": "TM",
    "turks and caicos islands": "TC", "tuvalu": "TV", "u s virgin islands": "VI", "uae": "AE",
    "uganda": "UG", "uk": "GB", "ukraine": "UA", "united arab emirates": "AE", "united kingdom": "GB",
    "united kingdom of great britain and northern ireland": "GB", "united republic of tanzania": "TZ",
    "united states": "US", "united states minor outlying islands": "UM", "united states of america": "US",
    "uruguay": "UY", "usa": "US", "uzbekistan": "UZ", "vanuatu": "VU", "vatican": "VA", "vatican city": "VA",
    "venezuela": "VE", "venezuela bolivarian republic of": "VE", "viet nam": "VN", "vietnam": "VN",
    "wallis and futuna": "WF", "west bank": "PS", "western sahara": "EH", "yemen": "YE",
    "yemen republic of": "YE", "zambia": "ZM", "zimbabwe": "ZW",
}

# Codes accepted as they are, for files that already write alpha-2 (FtM writes lowercase).
_CODES = frozenset(_NAMES.values())


def fold_country(name: str) -> str:
    """Case, accents, apostrophes and punctuation removed: the table's key form."""
    s = strip_accents(name).lower()
    s = re.sub("['\u2019`]", "", s)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def country_code(name: str | None) -> str | None:
    """The alpha-2 code for a country name or code, or None when it is not a known country."""
    if not name or not name.strip():
        return None
    text = name.strip()
    if len(text) == 2 and text.upper() in _CODES:
        return text.upper()
    return _NAMES.get(fold_country(text))


def country_codes(names: list[str]) -> list[str]:
    """Known codes for the names, in first-seen order, without repeats."""
    out: list[str] = []
    for name in names:
        code = country_code(name)
        if code and code not in out:
            out.append(code)
    return out
