"""The demo desk's world: the shop's catalogue, its countries and carriers, and text types.

The demo builder (:mod:`api_client.backends.local.demo`) writes support traffic for
an apparel and shoes shop, "Verdemare", that sells in five languages. This module
holds what is the same whatever language a customer writes in: the products, the
countries (time zones, currencies, phone formats, carriers, cities, shops), the
carriers' tracking-number formats and URLs, and the two shapes every language
module fills in (:class:`ReasonText` and :class:`LanguageText`). Names of people
live in :mod:`~api_client.backends.local.demo_text_names`, agents' internal notes in
:mod:`~api_client.backends.local.demo_text_notes`, and each language's customer and
agent phrases in ``demo_text_<code>``.

Templates are ``str.format_map`` strings. Every slot a template may use is listed
in :data:`SLOTS`; a test formats every template of every language with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "CARRIERS",
    "COUNTRIES",
    "PRODUCTS",
    "REASONS",
    "SHOP",
    "SLOTS",
    "Carrier",
    "Country",
    "LanguageText",
    "Product",
    "ReasonText",
]

SHOP = "Verdemare"

REASONS = (
    "where_is_my_order",
    "return_refund",
    "size_fit",
    "payment_failed",
    "promo_code",
    "damaged_item",
    "warranty",
    "store_locator",
    "account_privacy",
)
"""Contact reasons, as the English tags the desk puts on tickets."""

SLOTS = (
    "first",  # the customer's first name
    "name",  # the customer's full name
    "o",  # Italian/Spanish ending for the customer's gender: "o" or "a"
    "O",  # the same in capitals, for shouting: "O" or "A"
    "E",  # the French one in capitals: "E" or ""
    "e",  # French ending for the customer's gender: "" or "e"
    "order",  # "#100234"
    "item",  # "Sneaker Aria Runner (numero 42)"
    "item_a",  # the item as an object: "un paio di sneaker Aria Runner"
    "size",  # "42", "M"
    "other_size",  # the next size up, for exchanges
    "the_size",  # the size as a phrase: "la taglia M", "il numero 42", "size 42"
    "the_other_size",  # the next size up as a phrase
    "amount",  # the item's price, formatted with its currency
    "total",  # the order's total, formatted
    "discount",  # a promo code's missing discount, formatted
    "code",  # a promo code
    "placed",  # the date the order was placed
    "carrier",  # "BRT"
    "tracking",  # the tracking number
    "url",  # the tracking URL
    "eta",  # the date the carrier first promised
    "delivery",  # the date the parcel was (or will be) delivered
    "deadline",  # a date the agent commits to
    "city",  # the customer's city
    "store",  # the nearest shop's address
    "email",  # the customer's email address
    "agent",  # the replying agent's first name
    "prev_channel",  # where the customer wrote before, in their language
    "prev_date",  # when they wrote before
)


@dataclass(frozen=True, slots=True)
class ReasonText:
    """One contact reason's phrases in one language (all templates, see :data:`SLOTS`)."""

    topic: str
    """The reason as a customer would pick it in a web form."""
    subjects: tuple[str, ...]
    """Email and web form subject lines."""
    opening: tuple[str, ...]
    """The body of a first email or web form (no greeting, no sign-off)."""
    short: tuple[str, ...]
    """A first message on chat, WhatsApp, SMS or social: short and informal."""
    spoken: tuple[str, ...]
    """What a caller says (a voicemail or the start of a call, transcribed)."""
    details: tuple[str, ...]
    """The customer's answer when the agent asked for more."""
    restate: tuple[str, ...]
    """The agent restating the problem in their own words (identify)."""
    ask: tuple[str, ...]
    """The agent's question to pin the problem down (identify)."""
    fix: tuple[str, ...]
    """What the agent has done and what happens next, with a deadline (fix)."""
    solve: tuple[str, ...]
    """The solution (solve)."""


@dataclass(frozen=True, slots=True)
class LanguageText:
    """Everything the builder says in one language."""

    code: str
    reasons: Mapping[str, ReasonText]
    # -- customers
    greetings: tuple[str, ...]
    """Opening lines of a customer's email."""
    signoffs: tuple[str, ...]
    """Closing lines of a customer's email (use {first} or {name})."""
    hellos: tuple[str, ...]
    """How a short message starts ("" included for none)."""
    already: tuple[str, ...]
    """A customer saying they already wrote about this on another channel."""
    also: tuple[str, ...]
    """The link before a second question in the same message."""
    nudges: tuple[str, ...]
    """A customer asking for news by email."""
    nudges_short: tuple[str, ...]
    """A customer asking for news on chat or social."""
    thanks: tuple[str, ...]
    """A customer's satisfied last email."""
    thanks_short: tuple[str, ...]
    """A customer's satisfied last short message."""
    angry: tuple[str, ...]
    """Growing irritation: a few exclamation marks, one word in capitals."""
    furious: tuple[str, str, str]
    """The peak, in capitals with !!!: a chargeback, then a lawyer and a public review, then
    "never again" after unanswered messages (the escalation notes follow the same order)."""
    calmer: tuple[str, ...]
    """Calming down after the agent's empathetic reply: no capitals, no !."""
    form_labels: tuple[str, str, str, str]
    """Web form field names: name, order number, topic, message."""
    typos: tuple[tuple[str, str], ...]
    """Replacements that make a quick message look typed on a phone."""
    # -- agents
    agent_greetings: tuple[str, ...]
    agent_hellos: tuple[str, ...]
    """Short-channel opener of an agent's reply."""
    agent_signoffs: tuple[str, ...]
    """Use {agent}; the shop's name is written out."""
    empathy: tuple[str, ...]
    """Listening: an apology or understanding, for a customer with a problem."""
    soothe: tuple[str, ...]
    """De-escalation for an angry customer: a real apology and ownership."""
    thanks_info: tuple[str, str, str]
    """Thanking, before the next step: for the details, for the patience, for the quick reply."""
    agent_thanks: tuple[str, str, str]
    """Thank, before closing: for the patience and the custom, for reporting a problem, for
    the understanding."""
    confirm: tuple[str, ...]
    """Confirm: asking whether the customer is satisfied."""
    confirm_short: tuple[str, ...]
    after_call: tuple[str, ...]
    """Opening of a written follow-up to a phone call."""
    closing: tuple[str, ...]
    """The agent's last word after the customer said thank you."""
    # -- formats
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    """Monday first."""
    date_format: str
    """With {weekday}, {day} and {month}."""
    channel_names: Mapping[str, str]
    """Channels as a customer names them ("su WhatsApp")."""
    size_words: tuple[str, str]
    """Clothing size, shoe size: the words in an item's title ("taglia", "numero")."""
    size_phrases: tuple[str, str]
    """A size in a sentence, with ``{size}``: ("la taglia {size}", "il numero {size}")."""


@dataclass(frozen=True, slots=True)
class Product:
    """A line of the catalogue; ``names`` maps a language to (title, object phrase)."""

    code: str
    models: tuple[str, ...]
    prices: tuple[int, ...]
    """Euro cents, one per model."""
    sizes: tuple[str, ...]
    """Empty for one-size products."""
    shoe: bool
    names: Mapping[str, tuple[str, str]]
    """``{model}`` is replaced: ("Sneaker {model}", "un paio di sneaker {model}")."""
    weight: int = 1


@dataclass(frozen=True, slots=True)
class Carrier:
    name: str
    tracking: str
    """A pattern: ``#`` a digit, ``A`` a capital letter, anything else literal."""
    url: str
    """With ``{n}``, the tracking number."""


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    language: str
    weight: int
    """Share among the countries of its language."""
    timezones: tuple[tuple[str, int], ...]
    """IANA name and its usual UTC offset in hours (no daylight saving: good enough)."""
    currency: str
    phone: str
    """A pattern like :attr:`Carrier.tracking`, spaced as people write it."""
    carriers: tuple[str, ...]
    transit_days: tuple[int, int]
    cities: tuple[str, ...]
    stores: tuple[str, ...]
    email_domains: tuple[str, ...]


_SHOE_SIZES = ("36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46")
_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
_JEANS = ("W26", "W28", "W30", "W31", "W32", "W33", "W34", "W36")

PRODUCTS: tuple[Product, ...] = (
    Product(
        "SNK",
        ("Aria Runner", "Lido Court", "Corsa 2"),
        (8990, 9990, 11900),
        _SHOE_SIZES,
        True,
        {
            "it": ("Sneaker {model}", "un paio di sneaker {model}"),
            "en": ("{model} Sneakers", "a pair of {model} sneakers"),
            "fr": ("Baskets {model}", "une paire de baskets {model}"),
            "de": ("Sneaker {model}", "ein Paar Sneaker {model}"),
            "es": ("Zapatillas {model}", "unas zapatillas {model}"),
        },
        weight=4,
    ),
    Product(
        "RUN",
        ("Stelvio Trail", "Vento Pro"),
        (13900, 15900),
        _SHOE_SIZES,
        True,
        {
            "it": ("Scarpa da running {model}", "un paio di scarpe da running {model}"),
            "en": ("{model} Running Shoes", "a pair of {model} running shoes"),
            "fr": ("Chaussures de running {model}", "une paire de chaussures de running {model}"),
            "de": ("Laufschuh {model}", "ein Paar Laufschuhe {model}"),
            "es": ("Zapatillas de running {model}", "unas zapatillas de running {model}"),
        },
        weight=2,
    ),
    Product(
        "BOT",
        ("Brera Chelsea", "Cortina"),
        (16900, 18900),
        _SHOE_SIZES,
        True,
        {
            "it": ("Stivaletto {model}", "un paio di stivaletti {model}"),
            "en": ("{model} Boots", "a pair of {model} boots"),
            "fr": ("Bottines {model}", "une paire de bottines {model}"),
            "de": ("Stiefelette {model}", "ein Paar Stiefeletten {model}"),
            "es": ("Botines {model}", "unos botines {model}"),
        },
        weight=2,
    ),
    Product(
        "SAN",
        ("Amalfi", "Capri Slide"),
        (5990, 4990),
        _SHOE_SIZES,
        True,
        {
            "it": ("Sandalo {model}", "un paio di sandali {model}"),
            "en": ("{model} Sandals", "a pair of {model} sandals"),
            "fr": ("Sandales {model}", "une paire de sandales {model}"),
            "de": ("Sandale {model}", "ein Paar Sandalen {model}"),
            "es": ("Sandalias {model}", "unas sandalias {model}"),
        },
    ),
    Product(
        "DWN",
        ("Nordkapp", "Dolomiti"),
        (22900, 24900),
        _SIZES,
        False,
        {
            "it": ("Piumino {model}", "un piumino {model}"),
            "en": ("{model} Down Jacket", "a {model} down jacket"),
            "fr": ("Doudoune {model}", "une doudoune {model}"),
            "de": ("Daunenjacke {model}", "eine Daunenjacke {model}"),
            "es": ("Plumífero {model}", "un plumífero {model}"),
        },
        weight=2,
    ),
    Product(
        "RNJ",
        ("Maestrale",),
        (12900,),
        _SIZES,
        False,
        {
            "it": ("Giacca impermeabile {model}", "una giacca impermeabile {model}"),
            "en": ("{model} Rain Jacket", "a {model} rain jacket"),
            "fr": ("Veste imperméable {model}", "une veste imperméable {model}"),
            "de": ("Regenjacke {model}", "eine Regenjacke {model}"),
            "es": ("Chaqueta impermeable {model}", "una chaqueta impermeable {model}"),
        },
    ),
    Product(
        "DRS",
        ("Positano Midi", "Portofino Wrap"),
        (8990, 10900),
        _SIZES[:5],
        False,
        {
            "it": ("Abito {model}", "un abito {model}"),
            "en": ("{model} Dress", "a {model} dress"),
            "fr": ("Robe {model}", "une robe {model}"),
            "de": ("Kleid {model}", "ein Kleid {model}"),
            "es": ("Vestido {model}", "un vestido {model}"),
        },
        weight=3,
    ),
    Product(
        "JNS",
        ("Navigli Slim", "Tevere Straight"),
        (7990, 8990),
        _JEANS,
        False,
        {
            "it": ("Jeans {model}", "un paio di jeans {model}"),
            "en": ("{model} Jeans", "a pair of {model} jeans"),
            "fr": ("Jean {model}", "un jean {model}"),
            "de": ("Jeans {model}", "eine Jeans {model}"),
            "es": ("Vaqueros {model}", "unos vaqueros {model}"),
        },
        weight=3,
    ),
    Product(
        "TEE",
        ("Essenziale", "Riviera Stripe"),
        (2490, 2990),
        _SIZES,
        False,
        {
            "it": ("T-shirt {model}", "una t-shirt {model}"),
            "en": ("{model} T-shirt", "a {model} T-shirt"),
            "fr": ("T-shirt {model}", "un t-shirt {model}"),
            "de": ("T-Shirt {model}", "ein T-Shirt {model}"),
            "es": ("Camiseta {model}", "una camiseta {model}"),
        },
        weight=3,
    ),
    Product(
        "HOD",
        ("Sempione",),
        (5990,),
        _SIZES,
        False,
        {
            "it": ("Felpa con cappuccio {model}", "una felpa con cappuccio {model}"),
            "en": ("{model} Hoodie", "a {model} hoodie"),
            "fr": ("Sweat à capuche {model}", "un sweat à capuche {model}"),
            "de": ("Kapuzenpullover {model}", "einen Kapuzenpullover {model}"),
            "es": ("Sudadera con capucha {model}", "una sudadera con capucha {model}"),
        },
        weight=2,
    ),
    Product(
        "SHR",
        ("Procida Linen",),
        (6990,),
        _SIZES,
        False,
        {
            "it": ("Camicia di lino {model}", "una camicia di lino {model}"),
            "en": ("{model} Shirt", "a {model} shirt"),
            "fr": ("Chemise en lin {model}", "une chemise en lin {model}"),
            "de": ("Leinenhemd {model}", "ein Leinenhemd {model}"),
            "es": ("Camisa de lino {model}", "una camisa de lino {model}"),
        },
    ),
    Product(
        "KNT",
        ("Merino Alpe",),
        (8990,),
        _SIZES,
        False,
        {
            "it": ("Maglione {model}", "un maglione {model}"),
            "en": ("{model} Jumper", "a {model} jumper"),
            "fr": ("Pull {model}", "un pull {model}"),
            "de": ("Pullover {model}", "einen Pullover {model}"),
            "es": ("Jersey {model}", "un jersey {model}"),
        },
    ),
    Product(
        "BAG",
        ("Urbano 20L",),
        (6990,),
        (),
        False,
        {
            "it": ("Zaino {model}", "uno zaino {model}"),
            "en": ("{model} Backpack", "a {model} backpack"),
            "fr": ("Sac à dos {model}", "un sac à dos {model}"),
            "de": ("Rucksack {model}", "einen Rucksack {model}"),
            "es": ("Mochila {model}", "una mochila {model}"),
        },
    ),
    Product(
        "BNE",
        ("Gardena",),
        (2490,),
        (),
        False,
        {
            "it": ("Berretto {model}", "un berretto {model}"),
            "en": ("{model} Beanie", "a {model} beanie"),
            "fr": ("Bonnet {model}", "un bonnet {model}"),
            "de": ("Mütze {model}", "eine Mütze {model}"),
            "es": ("Gorro {model}", "un gorro {model}"),
        },
    ),
)

CARRIERS: Mapping[str, Carrier] = {
    "BRT": Carrier(
        "BRT", "0#############", "https://vas.brt.it/vas/sped_numspe_show.hsm?Nspediz={n}"
    ),
    "Poste Italiane": Carrier(
        "Poste Italiane",
        "3UW##########",
        "https://www.poste.it/cerca/index.html#/risultati-spedizioni/{n}",
    ),
    "Royal Mail": Carrier(
        "Royal Mail",
        "AA#########GB",
        "https://www.royalmail.com/track-your-item#/tracking-results/{n}",
    ),
    "Evri": Carrier("Evri", "H01AAA##########", "https://www.evri.com/track/parcel/{n}"),
    "DPD": Carrier("DPD", "1550##########", "https://tracking.dpd.de/status/en_US/parcel/{n}"),
    "Colissimo": Carrier(
        "Colissimo", "6A###########", "https://www.laposte.fr/outils/suivre-vos-envois?code={n}"
    ),
    "Chronopost": Carrier(
        "Chronopost",
        "XA#########FR",
        "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={n}",
    ),
    "DHL": Carrier(
        "DHL",
        "00340434##########",
        "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={n}",
    ),
    "DHL Express": Carrier(
        "DHL Express",
        "##########",
        "https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id={n}",
    ),
    "Hermes": Carrier(
        "Hermes",
        "H10########AAA#",
        "https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation#{n}",
    ),
    "SEUR": Carrier(
        "SEUR", "##############", "https://www.seur.com/livetracking/?segOnlineIdentificador={n}"
    ),
    "Correos": Carrier(
        "Correos",
        "PQ4AA#################A",
        "https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number={n}",
    ),
    "UPS": Carrier("UPS", "1ZA##A##68########", "https://www.ups.com/track?tracknum={n}"),
    "Swiss Post": Carrier(
        "Swiss Post",
        "99.60.######.########",
        "https://service.post.ch/ekp-web/ui/entry/shipping/1/?formattedParcelCodes={n}",
    ),
    "bpost": Carrier(
        "bpost", "32##################", "https://track.bpost.cloud/btr/web/#/search?itemCode={n}"
    ),
    "An Post": Carrier(
        "An Post", "CE#########IE", "https://www.anpost.com/Post-Parcels/Track/History?item={n}"
    ),
}

COUNTRIES: tuple[Country, ...] = (
    Country(
        "IT",
        "it",
        92,
        (("Europe/Rome", 1),),
        "EUR",
        "+39 3## ### ####",
        ("BRT", "BRT", "Poste Italiane", "DHL"),
        (1, 3),
        (
            "Milano",
            "Roma",
            "Torino",
            "Napoli",
            "Bologna",
            "Firenze",
            "Genova",
            "Verona",
            "Padova",
            "Bari",
            "Palermo",
            "Brescia",
            "Bergamo",
            "Trieste",
            "Parma",
            "Lecce",
        ),
        (
            "Corso Buenos Aires 45, Milano",
            "Via del Corso 120, Roma",
            "Via Garibaldi 18, Torino",
            "Via dell'Indipendenza 31, Bologna",
            "Via dei Calzaiuoli 9, Firenze",
            "Via Toledo 210, Napoli",
        ),
        ("gmail.com", "gmail.com", "libero.it", "hotmail.it", "yahoo.it", "alice.it", "outlook.it"),
    ),
    Country(
        "CH",
        "it",
        8,
        (("Europe/Zurich", 1),),
        "CHF",
        "+41 7# ### ## ##",
        ("Swiss Post", "DHL"),
        (2, 4),
        ("Lugano", "Bellinzona", "Locarno", "Mendrisio"),
        ("Via Nassa 22, Lugano",),
        ("gmail.com", "bluewin.ch", "hotmail.com", "ticino.com"),
    ),
    Country(
        "GB",
        "en",
        60,
        (("Europe/London", 0),),
        "GBP",
        "+44 7### ######",
        ("Royal Mail", "Royal Mail", "Evri", "DPD", "UPS"),
        (2, 4),
        (
            "London",
            "Manchester",
            "Birmingham",
            "Leeds",
            "Bristol",
            "Glasgow",
            "Edinburgh",
            "Liverpool",
            "Brighton",
            "Cardiff",
            "Nottingham",
            "Sheffield",
        ),
        ("12 Carnaby Street, London", "40 Market Street, Manchester"),
        ("gmail.com", "gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "btinternet.com"),
    ),
    Country(
        "IE",
        "en",
        12,
        (("Europe/Dublin", 0),),
        "EUR",
        "+353 8# ### ####",
        ("An Post", "DPD"),
        (2, 5),
        ("Dublin", "Cork", "Galway", "Limerick"),
        ("58 Grafton Street, Dublin",),
        ("gmail.com", "eircom.net", "hotmail.com", "outlook.ie"),
    ),
    Country(
        "US",
        "en",
        28,
        (
            ("America/New_York", -5),
            ("America/New_York", -5),
            ("America/Chicago", -6),
            ("America/Los_Angeles", -8),
        ),
        "USD",
        "+1 ### 555 01##",
        ("UPS", "DHL Express"),
        (4, 8),
        ("New York", "Brooklyn", "Boston", "Chicago", "Los Angeles", "San Francisco", "Seattle"),
        ("120 Spring Street, New York",),
        ("gmail.com", "gmail.com", "yahoo.com", "outlook.com", "icloud.com"),
    ),
    Country(
        "FR",
        "fr",
        80,
        (("Europe/Paris", 1),),
        "EUR",
        "+33 6 ## ## ## ##",
        ("Colissimo", "Colissimo", "Chronopost", "DPD", "UPS"),
        (2, 4),
        (
            "Paris",
            "Lyon",
            "Marseille",
            "Toulouse",
            "Bordeaux",
            "Lille",
            "Nantes",
            "Nice",
            "Strasbourg",
            "Montpellier",
            "Rennes",
            "Grenoble",
        ),
        (
            "88 rue de Rivoli, Paris",
            "31 rue de la République, Lyon",
            "12 cours de l'Intendance, Bordeaux",
        ),
        ("gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net", "sfr.fr", "yahoo.fr"),
    ),
    Country(
        "BE",
        "fr",
        12,
        (("Europe/Brussels", 1),),
        "EUR",
        "+32 4## ## ## ##",
        ("bpost", "DPD"),
        (2, 4),
        ("Bruxelles", "Liège", "Namur", "Charleroi", "Mons"),
        ("Rue Neuve 74, Bruxelles",),
        ("gmail.com", "skynet.be", "hotmail.com", "telenet.be"),
    ),
    Country(
        "CH",
        "fr",
        8,
        (("Europe/Zurich", 1),),
        "CHF",
        "+41 7# ### ## ##",
        ("Swiss Post", "DHL"),
        (2, 4),
        ("Genève", "Lausanne", "Neuchâtel", "Fribourg"),
        ("Rue du Rhône 48, Genève",),
        ("gmail.com", "bluewin.ch", "hotmail.com", "sunrise.ch"),
    ),
    Country(
        "DE",
        "de",
        75,
        (("Europe/Berlin", 1),),
        "EUR",
        "+49 1## ########",
        ("DHL", "DHL", "Hermes", "DPD", "UPS"),
        (1, 3),
        (
            "Berlin",
            "Hamburg",
            "München",
            "Köln",
            "Frankfurt am Main",
            "Stuttgart",
            "Düsseldorf",
            "Leipzig",
            "Dresden",
            "Hannover",
            "Nürnberg",
            "Bremen",
        ),
        (
            "Tauentzienstraße 9, Berlin",
            "Kaufingerstraße 14, München",
            "Mönckebergstraße 7, Hamburg",
        ),
        ("gmail.com", "gmx.de", "web.de", "t-online.de", "outlook.de", "posteo.de"),
    ),
    Country(
        "AT",
        "de",
        15,
        (("Europe/Vienna", 1),),
        "EUR",
        "+43 6## #######",
        ("DHL", "DPD"),
        (2, 4),
        ("Wien", "Graz", "Linz", "Salzburg", "Innsbruck"),
        ("Mariahilfer Straße 55, Wien",),
        ("gmail.com", "gmx.at", "aon.at", "chello.at"),
    ),
    Country(
        "CH",
        "de",
        10,
        (("Europe/Zurich", 1),),
        "CHF",
        "+41 7# ### ## ##",
        ("Swiss Post", "DHL"),
        (2, 4),
        ("Zürich", "Basel", "Bern", "Luzern", "Winterthur", "St. Gallen"),
        ("Bahnhofstrasse 50, Zürich",),
        ("gmail.com", "bluewin.ch", "gmx.ch", "hotmail.com"),
    ),
    Country(
        "ES",
        "es",
        78,
        (("Europe/Madrid", 1),),
        "EUR",
        "+34 6## ## ## ##",
        ("SEUR", "Correos", "Correos", "DHL"),
        (1, 3),
        (
            "Madrid",
            "Barcelona",
            "Valencia",
            "Sevilla",
            "Zaragoza",
            "Málaga",
            "Bilbao",
            "Murcia",
            "Palma",
            "Alicante",
            "Valladolid",
            "Granada",
        ),
        (
            "Calle de Fuencarral 55, Madrid",
            "Passeig de Gràcia 41, Barcelona",
            "Calle Colón 18, Valencia",
        ),
        ("gmail.com", "gmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net"),
    ),
    Country(
        "MX",
        "es",
        22,
        (("America/Mexico_City", -6),),
        "USD",
        "+52 55 #### ####",
        ("DHL Express", "UPS"),
        (5, 9),
        ("Ciudad de México", "Guadalajara", "Monterrey", "Puebla", "Querétaro"),
        ("Av. Presidente Masaryk 360, Ciudad de México",),
        ("gmail.com", "hotmail.com", "outlook.com", "yahoo.com.mx"),
    ),
)
"""A country appears once per language spoken there (Switzerland three times)."""
