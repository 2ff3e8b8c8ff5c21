"""Small built-in word lists: roles, connectors, common words, organisation and vessel cues,
legal forms, and place names (countries and regions from pycountry, plus major cities).

All entries are normalised like text tokens (``romanise``); lookups use ``stem_key`` so
inflected Russian forms ("России", "Пекине") find their entry.
"""

from __future__ import annotations

from functools import lru_cache

from service.textscan.tokens import romanise, stem_key, word_set

#: Words for a person's role: they end a capitalised name span and mark the next span a person.
ROLE_WORDS = word_set(
    """president vice prime premier minister ministers governor chairman chairwoman chair
    ceo cfo coo cto chief executive director head deputy secretary senator ambassador envoy
    spokesman spokeswoman spokesperson king queen prince princess emir sheikh sultan mr mrs
    ms dr sir lord lady judge mayor commander founder cofounder owner billionaire tycoon
    oligarch boss lawmaker adviser advisor aide leader patriarch general colonel admiral
    captain lieutenant major marshal chancellor speaker shareholder investor businessman
    businesswoman banker magnate entrepreneur officer official manager partner coach
    player striker singer actor actress writer author columnist journalist analyst
    professor economist lawyer activist
    президент премьер министр глава председатель губернатор директор гендиректор
    генеральный руководитель основатель владелец миллиардер олигарх посол советник
    заместитель замминистра вице секретарь спикер мэр бизнесмен предприниматель акционер
    банкир командующий генерал сенатор депутат канцлер писатель певица певец актёр
    актер журналист тренер"""
)
#: Lower-case words allowed inside a capitalised name ("Bank of Moscow", "Ibn Saud").
CONNECTORS = word_set(
    "of the de da du des del della di la le van von der den bin ibn bint al el and y for i"
)
#: Frequent words that are written capitalised at a sentence start, in titles or as months.
COMMON_WORDS = word_set(
    """a an the and or but if then than that this these those there here it its he she his her
    him they them their we our you your i me my who whom whose which what when where why how
    all any both each few more most other others some such no nor not only own same so too
    very can will just should now also after before during while since until about above
    below under over into onto from with without within among amid amidst against between
    through across along around behind beyond despite following according in on at to by
    for of as up down out off again further once yesterday today tomorrow tonight meanwhile
    however moreover although though because still yet already even never always often
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december spring summer autumn winter
    north south east west northern southern eastern western central global international
    national federal state states republic kingdom union united nations world new old
    great grand first second third last next many several much less least best better
    good bad high low big small large long short early late major minor main top chief
    one two three four five six seven eight nine ten hundred thousand million billion
    president minister government parliament congress senate court police army navy
    bank banks company group party city town street road river sea ocean island islands
    mountain lake gulf bay port airport station university school college hospital
    church mosque temple museum hotel center centre office house palace square park
    news press times post daily weekly journal herald tribune review report reports
    statement statements agency service services council committee commission board
    trade oil gas energy power market markets stock exchange capital investment fund
    family people person man woman men women children war peace security defence defense
    economy economic finance financial foreign domestic public private political military
    western eastern asian european african american russian chinese
    expo forum summit conference meeting visit talks deal agreement treaty sanctions
    both neither either every everyone everything nothing something anything
    mr mrs ms dr sir madam dear hello thanks please yes okay ok
    day days week weeks month months year years time times age era award prize cup games
    read more see also note update updated breaking exclusive analysis opinion editorial
    photo video source sources reuters interfax tass
    register register salute delta alpha beta gamma omega sigma victory unity liberty
    freedom hope star sun moon light life love future progress development
    в на с по из за для от до при о об и но а или что как это так же уже еще во со ко обо
    про над под перед между после через также однако кроме вместе"""
)
#: Words that make a capitalised span an organisation.
ORG_WORDS = word_set(
    """bank banks group company companies corporation corp holding holdings fund ministry
    agency university institute council committee party army front brigade movement
    organization organisation association foundation enterprise plant factory airlines
    airways shipping lines energy oil gas petroleum mining metals steel capital partners
    trust exchange authority services industries technologies systems insurance investment
    investments trading logistics chemical chemicals pharma motors electric telecom
    банк группа компания корпорация фонд министерство завод холдинг концерн
    агентство институт"""
)
#: Words that announce a vessel ("the tanker X", "vessel X").
VESSEL_WORDS = word_set(
    """tanker tankers vessel vessels ship ships carrier freighter bulker boat yacht
    superyacht trawler imo mv mt supertanker lng lpg
    танкер судно сухогруз яхта теплоход газовоз"""
)
#: Legal forms as written in text.
LEGAL_FORMS = word_set(
    """llc ltd limited inc incorporated corp corporation co plc pjsc ojsc cjsc jsc oao zao
    pao ooo ao nao fgup gup tov pat gmbh ag sa sarl srl spa bv nv llp lp fze fzco pte pvt
    bhd kft doo sas"""
)

# Major cities and regions written in news (English and Russian nominative).
_CITIES = """
beijing shanghai harbin guangzhou shenzhen tianjin chongqing wuhan chengdu hangzhou nanjing
xian dalian qingdao urumqi hong kong macau taipei tokyo osaka kyoto seoul busan pyongyang
delhi new delhi mumbai kolkata chennai bangalore karachi lahore islamabad kabul dhaka
kathmandu colombo bangkok hanoi ho chi minh city manila jakarta singapore kuala lumpur
yangon tehran isfahan baghdad basra damascus aleppo beirut amman jerusalem tel aviv gaza
riyadh jeddah mecca medina doha dubai abu dhabi muscat sanaa aden cairo alexandria tripoli
benghazi tunis algiers rabat casablanca khartoum addis ababa nairobi mogadishu lagos abuja
accra dakar bamako kinshasa luanda johannesburg cape town pretoria harare lusaka
istanbul ankara izmir baku tbilisi yerevan ashgabat tashkent samarkand bishkek dushanbe
astana almaty minsk kyiv kiev kharkiv odesa odessa lviv donetsk luhansk mariupol crimea
sevastopol moscow st petersburg saint petersburg petersburg novosibirsk yekaterinburg kazan
vladivostok murmansk kaliningrad sochi rostov volgograd chelyabinsk omsk samara ufa perm
krasnoyarsk irkutsk khabarovsk grozny siberia london manchester birmingham edinburgh glasgow
dublin paris marseille lyon berlin munich hamburg frankfurt cologne vienna zurich geneva
bern brussels antwerp amsterdam rotterdam the hague luxembourg copenhagen oslo stockholm
helsinki tallinn riga vilnius warsaw krakow prague bratislava budapest bucharest sofia
belgrade zagreb ljubljana sarajevo skopje tirana athens rome milan naples madrid barcelona
lisbon valletta nicosia limassol reykjavik washington new york los angeles chicago houston
miami boston san francisco seattle ottawa toronto montreal vancouver mexico city havana
caracas bogota lima quito santiago buenos aires montevideo brasilia sao paulo rio de janeiro
canberra sydney melbourne wellington auckland europe asia africa america north america
south america latin america middle east far east arctic antarctica caucasus balkans
scandinavia baltic black sea red sea persian gulf strait of hormuz suez canal
пекин шанхай харбин гонконг токио сеул пхеньян дели тегеран багдад дамаск бейрут эр-рияд
дубай каир стамбул анкара баку тбилиси ереван ташкент астана алматы минск киев харьков
одесса донецк луганск крым севастополь москва санкт-петербург петербург новосибирск
екатеринбург казань владивосток мурманск калининград сочи лондон париж берлин вена
женева брюссель амстердам варшава прага будапешт рим мадрид вашингтон нью-йорк
европа азия африка америка сибирь кремль
russia iran syria venezuela bolivia tanzania vietnam laos moldova taiwan britain great britain
england scotland wales northern ireland uk us usa america united states south korea north korea
korea congo palestine kosovo macedonia turkey czechia czech republic holland ivory coast
cape verde vatican brunei european union eu un united nations nato gcc asean opec brics
россия китай сша украина беларусь белоруссия казахстан узбекистан киргизия таджикистан
туркмения армения азербайджан грузия иран ирак сирия турция индия япония корея
германия франция италия испания великобритания британия англия польша финляндия
швеция норвегия эстония латвия литва молдавия молдова израиль египет саудовская аравия
катар оаэ венесуэла куба бразилия канада мексика аргентина чили европейский союз
"""


def key(words: str) -> tuple[str, ...]:
    """The lookup key of a phrase: stems of its romanised words."""
    return tuple(stem_key(romanise(w)) for w in words.replace("-", " ").split() if romanise(w))


@lru_cache(maxsize=1)
def places() -> frozenset[tuple[str, ...]]:
    """Keys of country, region and major city names."""
    import pycountry

    out: set[tuple[str, ...]] = set()
    for line in _CITIES.strip().splitlines():
        for name in _split_places(line):
            out.add(key(name))
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                out.add(key(value.split(",")[0]))
    suffixes = {
        "shi",
        "sheng",
        "oblast",
        "krai",
        "kray",
        "province",
        "region",
        "governorate",
        "state",
        "county",
        "district",
        "prefecture",
        "autonomous",
        "respublika",
    }
    for sub in pycountry.subdivisions:
        words = [w for w in sub.name.split(",")[0].split() if w.lower() not in suffixes]
        if words:
            out.add(key(" ".join(words)))
    out.discard(())
    return frozenset(out)


def _split_places(line: str) -> list[str]:
    """A line of the city list holds single and multi-word names; multi-word ones are known."""
    words = line.split()
    multi = {
        "hong kong",
        "new delhi",
        "ho chi minh city",
        "kuala lumpur",
        "tel aviv",
        "abu dhabi",
        "addis ababa",
        "cape town",
        "st petersburg",
        "saint petersburg",
        "the hague",
        "new york",
        "los angeles",
        "san francisco",
        "mexico city",
        "buenos aires",
        "sao paulo",
        "rio de janeiro",
        "north america",
        "south america",
        "latin america",
        "middle east",
        "far east",
        "black sea",
        "red sea",
        "persian gulf",
        "strait of hormuz",
        "suez canal",
        "саудовская аравия",
        "европейский союз",
        "great britain",
        "northern ireland",
        "united states",
        "south korea",
        "north korea",
        "czech republic",
        "ivory coast",
        "cape verde",
        "european union",
        "united nations",
    }
    out, i = [], 0
    while i < len(words):
        for size in (4, 3, 2):
            phrase = " ".join(words[i : i + size])
            if phrase in multi:
                out.append(phrase)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def role_key(norm: str) -> bool:
    """True for a role word (any Russian case form handled by the caller's candidates)."""
    return norm in _ROLE_NORMS


_ROLE_NORMS = frozenset(romanise(w) for w in ROLE_WORDS)
COMMON_NORMS = frozenset(romanise(w) for w in COMMON_WORDS)
ORG_NORMS = frozenset(romanise(w) for w in ORG_WORDS)
VESSEL_NORMS = frozenset(romanise(w) for w in VESSEL_WORDS)
