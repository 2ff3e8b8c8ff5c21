"""Word lists: honorifics, vessel prefixes, generic words, abbreviations and synonyms.

All entries are in the normalised form produced by ``normalize.tokenize`` (lower-case
ASCII, no punctuation).
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    """Whitespace-separated words of a literal block."""
    return text.split()


#: Titles and honorifics removed from person names (any schema when unambiguous).
TITLES_UNAMBIGUOUS: frozenset[str] = frozenset(
    _words(
        """
        mr mrs ms mme mlle miss dr sheikh shaikh sheik shaykh haji hajji hadji alhaji
        alhaj hajj hojatoleslam hojjatoleslam ayatollah mullah mulla maulvi moulvi
        maulana mawlana mawlawi molvi qari prof professor sir dame herr frau monsieur
        madame senor senora sayyid sayed syed sayyed
        """
    )
)

#: Titles removed only at the start of a person's name (some are also surnames: Bishop).
TITLES_PERSON: frozenset[str] = TITLES_UNAMBIGUOUS | frozenset(
    _words(
        """
        general gen colonel col lieutenant lt major maj captain capt commander cmdr
        admiral adm brigadier brig sergeant sgt president praesident prasident
        presidente minister prime premier chairman emir prince princess imam rev
        reverend bishop archbishop cardinal judge senator governor mayor ambassador eng
        engineer doctor excellency hon honorable honourable dato datuk
        """
    )
)

#: Honorifics at the start of a person's name in scripts romanised by ``translit`` (not in
#: Latin text, where "U" is an initial): Burmese ဦး U (men), ဒေါ် Daw (women).
NATIVE_TITLES: dict[str, frozenset[str]] = {"Mymr": frozenset({"u", "daw"})}
#: Vessel type prefixes stripped from the start of vessel (and unknown-schema) names.
VESSEL_PREFIXES: frozenset[str] = frozenset(
    _words(
        """
        mv mt fv ss my mvs ms mts sv rv lng lpg tb tug motor tanker
        """
    )
)
#: Two-token vessel prefixes ("M/V" and "M.T." tokenise to two letters for persons).
VESSEL_PREFIX_PAIRS: frozenset[tuple[str, str]] = frozenset(
    {("m", "v"), ("m", "t"), ("f", "v"), ("s", "s"), ("m", "y"), ("t", "b"), ("n", "m")}
)

#: Words that carry little identity in organisation names (low default weight).
GENERIC_ORG_WORDS: frozenset[str] = frozenset(
    _words(
        """
        trading trade traders trader company companies group groups holding holdings
        international intl global general national enterprise enterprises industries
        industry industrial services service solutions management investment investments
        development import export imports exports commerce commercial products product
        manufacturing shipping logistics transport transportation marine maritime bank
        banking financial finance capital partners partnership fund foundation
        association society organization organisation institute center centre technology
        technologies systems engineering construction consulting resources energy
        petroleum oil gas chemical chemicals agency office authority ministry department
        factory plant works mills supply supplies equipment materials brothers bros sons
        son and of the for de del la le les el al da di do dos das du des van von der
        den y e et und in on at to a an st new united central first
        grupp gruppa grupo gruppo groupe internacional internacionales internationale
        """
    )
)

#: Common particles in person names (low default weight, never removed).
PERSON_PARTICLES: frozenset[str] = frozenset(
    _words(
        """
        al el bin ibn ben bint abu abou um umm ould van von der den de da di del la le
        du dos das y e
        """
    )
)

#: Stop words removed entirely.
STOPWORDS: frozenset[str] = frozenset({"the"})

#: Abbreviations replaced by their expansion before comparison.
SYNONYMS: dict[str, str] = {
    "intl": "international",
    "internat": "international",
    "natl": "national",
    "svcs": "services",
    "svc": "service",
    "servs": "services",
    "mfg": "manufacturing",
    "mfrs": "manufacturers",
    "bros": "brothers",
    "flli": "fratelli",
    "cia": "compania",
    "dept": "department",
    "assn": "association",
    "assoc": "association",
    "univ": "university",
    "inds": "industries",
    "mgmt": "management",
    "mgt": "management",
    "hldgs": "holdings",
    "hldg": "holding",
    "grp": "group",
    # one airline is "X Air", "X Airlines" and "X Airways" (Mahan Air, Syrian Arab Airlines)
    "airlines": "air",
    "airline": "air",
    "airways": "air",
    "us": "united states",
    "usa": "united states",
    "uk": "united kingdom",
    "uae": "united arab emirates",
    "organisation": "organization",
    "labour": "labor",
    "centre": "center",
    "st": "saint",
    "ste": "sainte",
    "ft": "fort",
    "jnr": "junior",
    "jr": "junior",
    "snr": "senior",
    "sr": "senior",
}

#: Separators that introduce a former name ("ex", "formerly", "f.k.a.").
FORMER_MARKERS: tuple[str, ...] = (
    "formerly known as",
    "previously known as",
    "formerly",
    "previously",
    "fka",
    "f k a",
    "f/k/a",
    "ex",
    "former",
    "earlier",
)
#: Separators that introduce an alias.
ALIAS_MARKERS: tuple[str, ...] = (
    "also known as",
    "aka",
    "a k a",
    "a/k/a",
    "alias",
    "dba",
    "d/b/a",
    "t/a",
    "trading as",
    "doing business as",
)

#: Leading labels of payment-message residue ("BENEFICIARY:", "FIELD 59:").
RESIDUE_LABELS: frozenset[str] = frozenset(
    _words(
        """
        beneficiary shipper consignee consignor notify party payer payee sender receiver
        remitter ordering customer field debtor creditor applicant buyer seller owner
        manager operator charterer vessel name client account holder attn attention
        """
    )
)

_COUNTRY_EXTRA = _words(
    """
    polska deutschland espana italia nederland norge sverige suomi danmark schweiz
    suisse svizzera osterreich brasil turkiye rossiya rossii nippon hellas magyarorszag
    ceska slovensko hrvatska srbija ukraina emirates saudi arabia german germany french
    british american chinese japanese korean indian russian asia asian europe european
    africa african america americas pacific atlantic middle east gulf hongkong kong hk
    uk usa mexicana argentina colombia chile peru venezuela iran iraq syria lebanon
    """
)


def _country_words() -> frozenset[str]:
    import pycountry
    from anyascii import anyascii

    words = set(_COUNTRY_EXTRA)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and " " not in value and "," not in value:
                words.add(anyascii(value).lower())
    return frozenset(words)


#: Single-word country names (English and native) and regional words: in an organisation
#: name they mark a subsidiary or branch ("Santander Mexico" is not "Santander").
COUNTRY_WORDS: frozenset[str] = _country_words()

_NICKNAME_GROUPS = """
william: bill billy will willy liam | robert: bob bobby rob robbie bert | richard: dick rick
ricky rich richie | james: jim jimmy jamie | michael: mike mick mickey misha | thomas: tom
tommy | edward: ed eddie ted teddy ned | theodore: ted teddy theo | anthony: tony | joseph:
joe joey | john: jack johnny | henry: harry hank | david: dave davey | daniel: dan danny |
samuel: sam sammy | benjamin: ben benny bibi | alexander: alex sasha sandy alek | alexandra:
alex sasha sandra | katherine: kate katie kathy cathy | catherine: kate katie cathy |
elizabeth: liz lizzie beth betty eliza | margaret: peggy meg maggie | susan: sue susie |
christopher: chris | nicholas: nick nicky | peter: pete | andrew: andy drew | matthew: matt
| stephen: steve | steven: steve | gregory: greg | lawrence: larry | gerald: jerry |
frederick: fred freddie | alfred: fred alf | patrick: pat paddy | charles: charlie chuck |
edmund: ed ted | mikhail: misha | vladimir: volodya vova | dmitry: dima | nikolai: kolya |
sergei: seryozha | ivan: vanya | konstantin: kostya | yevgeny: zhenya | pavel: pasha |
pyotr: petya | aleksei: alyosha lyosha | yuri: yura | anatoly: tolya | abdullah: abdalla |
muhammad: mohd muhd
"""


def _nicknames() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for group in _NICKNAME_GROUPS.split("|"):
        full, _, nicks = group.partition(":")
        full = full.strip()
        for nick in nicks.split():
            out.setdefault(nick, set()).add(full)
        out.setdefault(full, set()).add(full)
    return {k: frozenset(v) for k, v in out.items()}


#: Given-name diminutives and nicknames -> the full names they stand for.
NICKNAMES: dict[str, frozenset[str]] = _nicknames()

#: Very common given names and family names: low default weight when no corpus statistics
#: are loaded (with statistics, their frequency decides).
COMMON_PERSON_NAMES: frozenset[str] = frozenset(
    _words(
        """
        muhammad mohammad mohammed mohamed muhammed mohamad ahmad ahmed ali abdul abdullah
        abd hassan hasan hussein husain husayn ibrahim omar umar khan said saeed mahmoud
        mustafa yusuf youssef john james david michael robert william maria jose juan
        carlos ivan sergey sergei vladimir alexander aleksandr andrey dmitry nikolai kim
        lee park choi wang li zhang chen liu yang huang zhao wu zhou nguyen tran singh
        kumar smith johnson
        """
    )
)
