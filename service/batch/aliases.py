"""Common column headers (en, de, fr, es, it, pt, nl, pl, ru) and type values, normalised.

Keys are compared after :func:`norm`: lower case, accents removed, punctuation as spaces.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[\W_]+")


def norm(text: str) -> str:
    """``"Date de naissance"`` -> ``"date de naissance"``; ``"Ф.И.О."`` -> ``"ф и о"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped).strip()


def _keys(*values: str) -> frozenset[str]:
    return frozenset(norm(v) for v in values)


# fmt: off
NAME = _keys(
    "full name", "fullname", "names", "customer", "customer name", "client",
    "client name", "party", "party name", "entity", "entity name", "company", "company name",
    "organisation", "organization", "organisation name", "organization name", "legal name",
    "business name", "supplier", "supplier name", "vendor", "vendor name", "counterparty",
    "counterparty name", "beneficiary", "beneficiary name", "account name", "account holder",
    "person", "person name", "subject", "subject name", "individual name", "screening name",
    "vollständiger name", "kundenname", "kunde", "firmenname", "firma", "unternehmen",
    "unternehmensname", "lieferant", "lieferantenname", "geschäftspartner", "vertragspartner",
    "begünstigter", "empfänger", "nom complet", "nom et prénom", "nom prénom", "raison sociale",
    "dénomination", "dénomination sociale", "nom du client", "fournisseur", "bénéficiaire",
    "société", "entreprise", "contrepartie", "titulaire", "nombre completo", "nombre y apellidos",
    "razón social", "cliente", "nombre del cliente", "proveedor", "beneficiario", "empresa",
    "denominación", "titular", "contraparte", "nominativo", "ragione sociale",
    "denominazione", "fornitore", "nome completo", "razão social", "fornecedor", "naam",
    "volledige naam", "bedrijfsnaam", "klant", "leverancier", "nazwa", "imię i nazwisko",
    "nazwa firmy", "klient", "kontrahent", "фио", "ф и о", "полное имя", "наименование",
    "название", "клиент", "контрагент", "наименование организации", "полное наименование",
    "получатель", "бенефициар", "поставщик",
)
#: Headers that are the whole name alone, but a part when split-name columns are present
#: (German "Name" + "Vorname", French "Nom" + "Prénom", Spanish "Nombre" + "Apellido").
AMBIGUOUS = {
    norm("name"): "last_name",
    norm("nom"): "last_name",
    norm("nombre"): "first_name",
    norm("nome"): "first_name",
    norm("имя"): "first_name",
}
FIRST_NAME = _keys(
    "first name", "firstname", "first", "given name", "given names", "forename", "forenames",
    "vorname", "vornamen", "prénom", "prénoms", "nombre de pila", "primer nombre",
    "nome proprio", "voornaam", "imię",
)
MIDDLE_NAME = _keys(
    "middle name", "middle names", "middle", "second name", "patronymic", "zweiter vorname",
    "segundo nombre", "отчество",
)
LAST_NAME = _keys(
    "last name", "lastname", "last", "surname", "family name", "nachname", "familienname",
    "nom de famille", "apellido", "apellidos", "primer apellido", "cognome", "sobrenome",
    "achternaam", "nazwisko", "фамилия",
)
TYPE = _keys(
    "type", "entity type", "party type", "customer type", "client type", "schema", "kind",
    "category", "subject type", "person type", "typ", "kundentyp", "personentyp", "art",
    "type d'entité", "type de client", "type de personne", "tipo", "tipo de persona",
    "tipo de cliente", "tipo de entidad", "tipo soggetto", "тип", "тип лица", "тип клиента",
)
BIRTH_DATE = _keys(
    "birth date", "date of birth", "dob", "d.o.b.", "birthdate", "birthday", "born",
    "birth", "year of birth", "birth year", "yob", "geburtsdatum", "geb. datum", "geburtstag",
    "geboren", "date de naissance", "naissance", "date naissance", "fecha de nacimiento",
    "fecha nacimiento", "nacimiento", "data di nascita", "data de nascimento",
    "geboortedatum", "data urodzenia", "дата рождения", "год рождения",
)
COUNTRY = _keys(
    "country", "country code", "country iso", "iso country", "nationality", "citizenship",
    "country of residence", "residence country", "country of incorporation",
    "country of registration", "jurisdiction", "nation", "land", "staat",
    "staatsangehörigkeit", "nationalität", "pays", "nationalité", "pays de résidence", "país",
    "nacionalidad", "país de residencia", "paese", "nazionalità", "nacionalidade", "kraj",
    "obywatelstwo", "страна", "гражданство",
)
REFERENCE = _keys(
    "id", "customer id", "client id", "customer number", "client number", "customer no",
    "reference", "ref", "record id", "row id", "external id", "kundennummer", "kunden nr",
    "referenz", "identifiant", "référence client", "numéro client", "referencia",
    "id cliente", "número de cliente", "codice cliente", "номер клиента", "код клиента",
)
IDENTIFIERS: dict[str, frozenset[str]] = {
    "passport": _keys(
        "passport", "passport number", "passport no", "passport nr", "passport id",
        "reisepass", "reisepassnummer", "passnummer", "pass nr", "numéro de passeport",
        "passeport", "pasaporte", "número de pasaporte", "passaporto", "paszport", "паспорт",
        "номер паспорта",
    ),
    "national_id": _keys(
        "national id", "national id number", "id number", "identity number", "identity card",
        "id card", "national identity number", "personal id", "ssn", "social security number",
        "personalausweis", "ausweisnummer", "personalausweisnummer", "carte d'identité",
        "numéro d'identité", "dni", "nie", "cédula", "documento de identidad",
        "número de documento", "pesel",
    ),
    "tax_id": _keys(
        "tax id", "tax number", "tin", "tax identification number", "vat", "vat number",
        "vat id", "ein", "steuernummer", "steuer id", "ust id", "ustidnr", "umsatzsteuer id",
        "numéro fiscal", "numéro de tva", "tva", "nif", "cif", "rfc", "ruc", "cuit",
        "codice fiscale", "partita iva", "nip", "инн",
    ),
    "registration": _keys(
        "registration number", "company number", "company registration number",
        "registration no", "reg no", "registry number", "commercial register",
        "handelsregisternummer", "handelsregister", "siren", "siret", "rcs",
        "numéro d'immatriculation", "número de registro", "registro mercantil", "kvk", "krs",
        "regon", "lei", "duns", "огрн",
    ),
    "imo": _keys("imo", "imo number", "imo no"),
    "mmsi": _keys("mmsi", "mmsi number"),
    "swift_bic": _keys("swift", "bic", "swift code", "bic code", "swift bic", "swift/bic"),
    "crypto_wallet": _keys(
        "wallet", "wallet address", "crypto address", "crypto wallet",
        "digital currency address", "btc address", "eth address",
    ),
    "call_sign": _keys("call sign", "callsign"),
    "aircraft_serial": _keys("aircraft serial", "aircraft serial number", "msn"),
}

TYPE_VALUES: dict[str, str] = {}
for _schema, _values in {
    "person": (
        "person", "individual", "natural person", "private individual", "private person",
        "individual person", "natural", "private", "human", "p", "i", "ind", "indiv",
        "individu", "personne physique", "particulier", "persona", "persona física",
        "persona natural", "natürliche person", "privatperson", "privat", "persoon",
        "natuurlijk persoon", "osoba fizyczna", "физическое лицо", "физ лицо", "физлицо", "фл",
        "частное лицо",
    ),
    "organization": (
        "organization", "organisation", "org", "company", "entity", "legal entity",
        "legal person", "business", "corporate", "corporation", "firm", "c", "o", "e", "le",
        "juristische person", "unternehmen", "firma", "gesellschaft", "personne morale",
        "société", "entreprise", "persona jurídica", "empresa", "sociedad", "società",
        "rechtspersoon", "bedrijf", "osoba prawna", "юридическое лицо", "юр лицо", "юрлицо",
        "юл", "организация", "компания",
    ),
    "vessel": ("vessel", "ship", "boat", "schiff", "navire", "bateau", "buque", "barco",
               "nave", "schip", "statek", "судно", "корабль"),
    "aircraft": ("aircraft", "airplane", "plane", "flugzeug", "luftfahrzeug", "aéronef",
                 "avion", "aeronave", "aereo", "vliegtuig", "samolot", "самолет",
                 "воздушное судно"),
}.items():
    for _value in _values:
        TYPE_VALUES[norm(_value)] = _schema
# fmt: on
