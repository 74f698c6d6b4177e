"""Word lists the extractors share: trigger lemmas, counted nouns, qualifiers, number words.

Kept in one module so the typed-number rules and the event rules agree on what a word means.
"""

from __future__ import annotations

from sitrep.words import SMALL_NUMBERS, TENS

NUMBER_WORDS = {**SMALL_NUMBERS, **TENS, "dozen": 12, "both": 2, "single": 1, "couple": 2, "pair": 2}
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# vague plurals: (value, qualifier), following ACLED's coding of vague counts
VAGUE_COUNTS = {
    "dozens": (12, "at_least"), "scores": (20, "at_least"), "hundreds": (100, "at_least"),
    "thousands": (1000, "at_least"), "several": (3, "at_least"), "multiple": (2, "at_least"),
    "a few": (2, "at_least"), "few": (2, "at_least"), "numerous": (3, "at_least"),
}
# a count word that begins a name ("multiple launch rocket system") counts nothing
NAME_PHRASES = {"multiple launch", "multiple rocket", "single shot"}
# "intercepted most of the projectiles": an interception told as a proportion, not a count
PROPORTION_WORDS = {"most", "many", "some", "part", "majority", "bulk"}
# "one of the downed missiles": a weapon already counted, referred to again
DOWNED_WORDS = {"downed", "intercepted", "destroyed", "fallen", "crashed", "shot-down"}
ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                 "tenth", "eleventh", "twelfth", "last"}

QUALIFIERS_AT_LEAST = {"at least", "more than", "over", "no fewer than", "no less than", "at minimum",
                       "upwards of", "in excess of", "a minimum of", "at leas"}
QUALIFIERS_ABOUT = {"about", "around", "approximately", "roughly", "some", "nearly", "almost", "an estimated",
                    "estimated", "close to", "approx.", "circa", "just under", "just over", "some estimated"}
QUALIFIERS_UP_TO = {"up to", "as many as", "fewer than", "less than", "under", "a maximum of", "no more than"}

PERSON_NOUNS = {
    "people", "person", "persons", "civilian", "civilians", "resident", "residents", "man", "men", "woman",
    "women", "boy", "boys", "girl", "girls", "child", "children", "kid", "kids", "teenager", "teenagers",
    "teen", "teens", "baby", "babies", "infant", "infants", "toddler", "toddlers", "minor", "minors",
    "adult", "adults", "pensioner", "pensioners", "elderly", "soldier", "soldiers", "serviceman",
    "servicemen", "troops", "fighter", "fighters", "worker", "workers", "employee", "employees",
    "rescuer", "rescuers", "firefighter", "firefighters", "medic", "medics", "doctor", "doctors",
    "journalist", "journalists", "driver", "drivers", "passenger", "passengers", "victim", "victims",
    "member", "members", "officer", "officers", "policeman", "policemen", "volunteer", "volunteers",
    "student", "students", "individual", "individuals", "casualty", "casualties", "villager", "villagers",
    "daughter", "son", "sons", "daughters", "mother", "father", "wife", "husband", "brother", "sister", "grandmother",
    "grandfather", "grandson", "granddaughter", "couple", "family", "families", "guard",
    "guards", "staff", "personnel", "crew", "sailors", "pilots", "pilot", "prisoners", "detainees", "dead",
    "injured", "wounded", "others", "schoolboy", "schoolgirl", "schoolchildren", "newborn", "youth",
    "russians", "ukrainians", "invaders", "occupiers", "militants", "mercenaries", "paratroopers", "marines",
    "servicemembers", "conscripts", "militiamen", "insurgents", "combatants", "hostages", "inhabitants",
    # occupations and roles a report names a single victim by ("a retired schoolteacher was killed")
    "teacher", "teachers", "schoolteacher", "schoolteachers", "farmer", "farmers", "nurse", "nurses", "pupil",
    "pupils", "local", "locals", "motorist", "motorists", "pedestrian", "pedestrians", "cyclist", "cyclists",
    "retiree", "retirees", "engineer", "engineers", "electrician", "electricians", "miner", "miners", "priest",
    "shopkeeper", "salesman", "saleswoman",
}
CHILD_NOUNS = {"boy", "boys", "girl", "girls", "child", "children", "kid", "kids", "teenager", "teenagers",
               "teen", "teens", "baby", "babies", "infant", "infants", "toddler", "toddlers", "minor",
               "minors", "schoolboy", "schoolgirl", "schoolchildren", "newborn", "son", "daughter", "sons",
               "daughters", "youth"}

WEAPON_NOUNS = {
    "drone": "drone", "drones": "drone", "uav": "drone", "uavs": "drone", "shahed": "drone",
    "shaheds": "drone", "geran": "drone", "gerans": "drone", "quadcopter": "drone", "quadcopters": "drone",
    "missile": "missile", "missiles": "missile", "rocket": "missile", "rockets": "missile",
    "iskander": "ballistic_missile", "iskanders": "ballistic_missile", "kinzhal": "ballistic_missile",
    "kalibr": "cruise_missile", "bomb": "glide_bomb", "bombs": "glide_bomb", "kab": "glide_bomb",
    "kabs": "glide_bomb", "shell": "artillery", "shells": "artillery", "mortar": "artillery",
    "mortars": "artillery", "projectile": "missile", "projectiles": "missile", "munition": "other",
    "munitions": "other", "aircraft": "aircraft", "jets": "aircraft", "helicopter": "aircraft",
    "helicopters": "aircraft", "decoy": "drone", "decoys": "drone", "targets": "other",
}

KILL_LEMMAS = {"kill", "die", "dead", "death", "perish", "fatality", "slay", "murder", "claim", "toll",
               "body", "fatal", "lose", "execute", "life", "eliminate", "liquidate"}
INJURE_LEMMAS = {"injure", "wound", "hurt", "injury", "injured", "wounded", "hospitalize", "hospitalise",
                 "casualty", "harm", "burn", "trauma", "treat", "hospital"}
LAUNCH_LEMMAS = {"launch", "fire", "send", "use", "deploy", "attack", "strike", "target", "unleash",
                 "lob", "dispatch", "employ", "involve", "fly", "hurl", "release", "direct", "raid"}
INTERCEPT_LEMMAS = {"intercept", "interception", "shoot", "down", "destroy", "neutralize", "neutralise",
                    "suppress", "repel", "repulse", "downing", "disable", "eliminate", "stop",
                    "bring", "knock", "defeat", "parry", "shot", "downed", "destruction", "neutralization"}
LEVEL_VERBS = {"rise", "raise", "reach", "climb", "stand", "increase", "grow", "jump", "hit", "total", "be", "mount",
               "revise", "lower", "correct", "update", "decrease"}
BREAKDOWN_WORDS = {"including", "among", "include", "of", "whom", "among them"}

# Event triggers (lemmas). Nouns and verbs share a lemma in spaCy ("strike", "attack").
ATTACK_TRIGGERS = {
    "strike", "attack", "hit", "shell", "shelling", "bomb", "bombing", "bombard", "bombardment", "pound",
    "target", "raid", "assault", "explosion", "blast", "explode", "demolish", "destroy", "damage",
    "kill", "injure", "wound", "storm", "offensive", "clash", "fight", "fighting", "ambush", "airstrike",
    "air-strike", "barrage", "rocket", "crash", "engage", "struck", "smash", "ignite", "set",
}
AIR_DEFENSE_TRIGGERS = {"launch", "intercept", "interception", "shoot", "down", "neutralize", "neutralise",
                        "suppress", "repel", "jam", "destroy", "downing"}
MEETING_TRIGGERS = {"meet", "meeting", "talk", "talks", "call", "phone", "speak", "discussion", "negotiation",
                    "negotiations", "summit", "negotiate", "discuss", "host", "receive", "confer", "consultation"}
# "host"/"receive" are a meeting only when someone is hosted ("Erdogan hosted Putin", "will host the talks"), not
# "the city that hosts a bomber base"
HOST_VERBS = {"host", "receive"}
STATEMENT_TRIGGERS = {"say", "tell", "emphasize", "emphasise", "criticize", "criticise", "warn", "state",
                      "announce", "accuse", "express", "urge", "insist", "stress", "note", "add", "claim",
                      "deny", "condemn", "call", "argue", "demand", "vow", "pledge", "reject", "respond",
                      "write", "declare", "dismiss", "praise", "threaten", "promise", "suggest", "acknowledge",
                      "allege", "blame", "describe", "welcome", "complain", "reiterate", "signal"}
# "declared a local state of emergency", "declared Sunday a day of mourning": an administrative act, not a statement
DECREE_NOUNS = {"emergency", "mourning", "curfew", "evacuation", "lockdown", "quarantine"}
REPORTING_VERBS = {"say", "confirm", "report", "claim", "announce", "state", "indicate", "tell", "write",
                   "add", "note", "allege", "assert", "post", "show", "suggest", "accord", "deny", "insist",
                   "reveal", "estimate", "publish", "declare"}
CLAIM_VERBS = {"claim", "allege", "assert", "boast"}
UNVERIFIED_MARKERS = {"unverified", "unconfirmed", "reportedly", "rumour", "rumor", "alleged", "purportedly",
                      "purported", "could not be independently verified", "could not independently verify",
                      "not be verified", "social media", "media reports", "unofficial"}
DISPUTE_MARKERS = {"deny", "denied", "denies", "dispute", "disputed", "refute", "refuted", "dismiss",
                   "dismissed", "contradict", "contradicted", "rejected", "false"}
# A sentence that contradicts a claimed capture ("Kyiv rejects the claim", "X is still held by Ukrainian troops", "part
# of X remained under Ukrainian control"): regular-expression alternatives, case-insensitive
CAPTURE_DENIAL_CUES = (
    r"reject\w*", r"den(y|ies|ied)", r"untrue", r"false", r"refut\w*", r"dismiss\w*", r"disput\w*",
    r"still (held|holds|hold|controls?|controlled)", r"remain\w* (in |under )(\w+ ){0,2}(control|hands)",
)
PLAN_MARKERS = {"schedule", "plan", "expect", "set", "due", "will", "shall", "intend", "prepare", "aim",
                "would", "arrange", "propose", "hope", "invite"}
ONGOING_MARKERS = {"continue", "ongoing", "underway", "still"}

GROUND_WORDS = {"assault", "clash", "fighting", "storm", "offensive", "advance", "ambush", "battle",
                "counteroffensive", "counter-offensive", "infantry", "ground"}
SHELLING_WORDS = {"shell", "shelling", "artillery", "mortar", "mlrs", "grad", "uragan", "smerch", "howitzer",
                  "tornado"}
GLIDE_WORDS = {"glide", "kab", "kabs", "umpk", "fab", "guided aerial bomb", "guided bombs", "aerial bomb",
               "aerial bombs", "bomb", "bombs"}

# Consolidation (sitrep.extract.consolidate): regular-expression alternatives, matched case-insensitively.
# A sentence with a background cue recalls an earlier incident ("a year to the day after ...").
BACKGROUND_CUES = (
    r"last year", r"(a|one|two) years? (ago|earlier|before|after|to the day)", r"previous record",
    r"earlier this (week|month|year)", r"last (week|month)", r"since the (first|early|opening) (days|weeks|months)",
    r"since (the start|the beginning|the full-scale|the outbreak|the war|"
    r"(january|february|march|april|may|june|july|august|september|october|november|december)|(19|20)\d\d)",
    r"in (january|february|march|april|may|june|july|august|september|october|november|december) (last year|"
    r"(19|20)\d\d)", r"(has|have) been (hit|struck|targeted|attacked|shelled) (repeatedly|many times|before)",
    r"so far this (year|month)", r"in the (past|previous) (weeks|months|year)", r"the deadliest .{0,60} since",
    r"(largest|biggest) .{0,40} since", r"(previous|earlier|last|old) record set",
    r"(came|comes?|follows|followed|was launched|took place) (just |only |little |more |less |than |barely ){0,3}"
    r"(a day|a week|a month|\w+ (days|weeks)|days|weeks) after",
)
# "Three civilians were killed in two separate drone attacks": a sum over incidents the article then tells one by one
SUMMARY_CUES = (r"in (two|three|four|five|six|several|multiple|\d+) (separate |different |distinct )?"
                r"(\w+ ){0,2}(attacks|strikes|incidents)",
                r"(attacked|shelled|struck|hit|targeted)\b[^.;]{0,80}?\b\d+ times")  # "attacked the oblast 42 times"
# A sentence with a revision cue updates a figure given before it ("the toll rose to 21").
REVISION_CUES = (
    r"rose", r"risen", r"rises", r"rising", r"raised", r"raises", r"climbed", r"climbs", r"reached", r"reaches",
    r"increased", r"increases", r"grew", r"grown", r"jumped", r"now stands", r"updated", r"revised",
    r"fell", r"dropped", r"lowered", r"corrected", r"downgraded", r"now puts?",
    # Russian and Ukrainian (sitrep.lang): «число погибших выросло до», «кількість загиблих зросла до»
    r"вырос\w*", r"возрос\w*", r"увеличил\w*", r"зрос\w*", r"збільшил\w*",
)
# A sentence with a superseded cue gives an earlier, lower figure of the same incident ("the first reports spoke of
# 13 dead"): it joins the incident and its figures stay in the claim ledger, not on the row.
SUPERSEDED_CUES = (
    r"first (message|messages|report|reports|post|posts|figures?|estimates?|count)", r"initial(ly)?",
    r"earlier (put|gave|given|reported|said|spoke)", r"(had|has) (earlier |initially |previously |first )?put the",
    r"previously (reported|given|put|said)", r"preliminary (figures?|reports?|data) (had|have) (put|spoken)",
    r"briefly given as", r"was later (revised|raised|settled|corrected)",
)
# A sentence opening with one of these reports another incident ("Elsewhere in the region, ...").
NEW_INCIDENT_OPENERS = (r"elsewhere", r"separately", r"in another", r"in a separate", r"another")

# Statements (sitrep.extract.events). An official who reports the facts of an attack is that attack's claimant,
# not the speaker of a statement: a plain reporting verb whose content is casualties, damage or fighting is a report.
REPORT_ONLY_VERBS = frozenset({"say", "tell", "write", "report", "confirm", "announce", "add", "note", "state", "post",
                               "put", "update", "specify", "clarify", "inform", "claim", "indicate", "publish"})
FACT_LEMMAS = frozenset({
    "kill", "die", "dead", "death", "injure", "wound", "hurt", "victim", "body", "survivor", "survive", "casualty",
    "injured", "wounded", "hospital", "hospitalize", "medical", "rubble", "debris", "fragment", "damage",
    "destroy", "hit", "strike", "land", "crash", "fire", "blaze", "evacuate", "shoot", "intercept", "launch", "repel",
    "capture", "liberate", "attack", "shell", "shelling", "explosion", "blast", "toll", "rescue", "missile", "drone",
    "rocket", "bomb", "shahed", "fighting", "assault", "advance", "encircle", "surround", "emergency", "mourning",
    "detain", "arrest", "destruction", "control",
})
# an official who describes or warns of what happens ("the mayor described the destruction as unprecedented", "the
# governor warns of the threat of guided bombs") tells the attack, unless a state's policy speaks (POLITICAL_ROLES)
DESCRIBE_VERBS = frozenset({"describe", "warn"})
# A speaker whose role (the alias table's, or the title in the text) matches one of these speaks for a state's
# policy: what such a speaker says stays a statement unless it gives the attack's figures.
# What a military body (defence ministry, general staff, armed forces) says or denies is a report of facts on the
# battlefield, carried by the attacks and claims it is about; only its accusations and warnings are statements.
MILITARY_REPORT_VERBS = REPORT_ONLY_VERBS | {"deny", "reject", "dismiss", "refute", "insist", "describe"}

POLITICAL_ROLES = (
    r"president", r"prime minister", r"premier", r"foreign", r"chancellor", r"envoy", r"secretary", r"ambassador",
    r"kremlin", r"white house", r"negotiator", r"aide", r"advis[eo]r", r"leader", r"king", r"pope",
    r"commander-in-chief", r"security council",
)

# Attribution (sitrep.extract.attribution). A definite description or pronoun as the source of a report
# ("the governor said", "he told reporters") names the nearest earlier person or body it fits: the key is the
# description's head word, the value the words the antecedent's role or canonical name must contain (any of them).
# A None value: any earlier named person.
ANAPHORIC_SOURCES = {
    "governor": ("governor", "head of", "administration"),
    "mayor": ("mayor", "head of the city"),
    "head": ("head", "chief", "governor"),
    "chief": ("chief", "head"),
    "ministry": ("ministry",),
    "minister": ("minister",),
    "administration": ("administration",),
    "prosecutor": ("prosecutor",),
    "spokesman": ("spokesman", "spokesperson", "spokeswoman"),
    "spokeswoman": ("spokesman", "spokesperson", "spokeswoman"),
    "official": None,
    "he": None,
    "she": None,
    "him": None,  # "according to him"
    "her": None,
}
# Words that may head the subject of a reporting verb when no named entity is found in it.
SOURCE_HEAD_WORDS = frozenset({
    "media", "reports", "officials", "authorities", "governor", "mayor", "police", "witnesses", "sources",
    "ministry", "military", "army", "spokesman", "spokeswoman", "spokesperson", "force", "forces", "command",
    "staff", "administration", "service", "prosecutor", "head", "chief", "he", "she", "minister", "official",
})
# A line that opens with one of these labels names the report's source ("Source: Interior Minister Ihor Klymenko on
# Telegram; Pavlo Kyrylenko, head of ...") - the Ukrainian online-press register.
SOURCE_LINE_LABELS = ("source", "sources")
# Certainty (sitrep.extract.events): a source whose canonical name or role matches one of these is a party's military
# (regular-expression alternatives, case-insensitive). Its battlefield reports and its accounts of strikes are
# claimed, never confirmed: the gold conventions keep "confirmed" for civilian officials of the side that was hit.
MILITARY_SOURCES = (
    r"defen[cs]e ministry", r"ministry of defen[cs]e", r"minister of defen[cs]e", r"defen[cs]e minister",
    r"general staff", r"armed forces", r"air force", r"defen[cs]e forces", r"\bnavy\b", r"\barmy\b",
    r"\bcommand\b", r"\bmilitary\b(?! administration)", r"\bbrigade\b", r"\bgroup of forces\b", r"\btroops\b",
)

# Event detectors (sitrep.extract.events): trigger, object and context words of the sentence rules.
# Primary triggers start an attack event; secondary ones only join one (or start it with a weapon).
PRIMARY_ATTACK = {"strike", "attack", "shell", "shelling", "bomb", "bombing", "bombard", "bombardment",
                  "pound", "raid", "assault", "airstrike", "barrage", "hit", "kill", "injure", "wound",
                  "explosion", "blast", "clash", "fighting", "storm", "offensive", "ambush", "struck"}
# the nouns a later sentence refers back to an attack with ("the strike", "this attack")
ATTACK_NOUNS = {"strike", "strikes", "attack", "attacks", "shelling", "bombing", "raid", "explosion", "blast",
                "airstrike", "bombardment", "barrage"}
SECONDARY_ATTACK = {"target", "demolish", "destroy", "damage", "explode", "smash", "penetrate"}
# "Elsewhere in the oblast: ¶ - in X, one person was killed; ¶ - in Y, 15 houses were damaged": each item of a list
# after an attack report is an attack at its place, its damage or casualties told without a weapon
LIST_BULLETS = ("-", "–", "—", "•", "*", "·")
DAMAGE_VERBS = {"damage", "destroy", "hit", "demolish", "ruin"}
IMPACT_VERBS = {"fall", "land"}  # "missiles fell on X": an attack when the weapons themselves are the subject
# "Two missiles were fired at the city. The other landed in X": a subject that stands for a weapon just told
WEAPON_ANAPHORS = {"other", "second", "third", "fourth", "another", "one", "rest", "remainder", "last", "latter"}
IMPACT_ANAPHOR_VERBS = IMPACT_VERBS | {"hit", "strike", "struck", "explode", "crash", "slam"}
# what falls from a downed weapon: "falling debris damaged several cars" is the strike's damage, weapon or not
DEBRIS_WORDS = {"debris", "fragment", "fragments", "wreckage", "shrapnel"}
GROUP_NOUNS = {"delegates", "delegation", "envoys", "envoy", "officials", "negotiators", "counterparts",
               "leaders", "representatives", "diplomats", "ministers", "team", "teams", "allies", "partners"}
GENERIC_TARGET = {"territory", "infrastructure", "targets", "regions", "areas", "cities", "country", "land",
                  "soil", "positions", "facilities", "lives", "sites"}
VIOLENCE_WORDS = {"attack", "strike", "shelling", "shell", "bomb", "bombing", "explosion", "blast", "drone",
                  "missile", "fire", "shoot", "gunfire", "airstrike", "war", "assault", "mine", "debris", "shrapnel",
                  "battle", "fighting", "combat", "clash", "eliminate", "destroy", "invader", "occupier", "enemy",
                  "artillery", "mortar", "rocket", "grenade", "sniper", "troops", "front", "civilian", "occupy",
                  "russians", "invaders", "occupiers", "aggressor", "hostilities", "frontline", "offensive"}
TITLE_HEADS = {"secretary", "minister", "president", "office", "head", "chief", "spokesman", "adviser",
               "advisor", "envoy", "ministry", "prime"}
# "according to preliminary data": what is known, not who says it
# "X gave the updated figures", "X raised the death toll to 32": X reports the figures
FIGURE_GIVING_VERBS = {"give", "release", "publish", "issue", "provide", "update", "raise", "revise", "lower"}
TOLL_NOUNS = {"toll", "number", "count", "tally"}  # what FIGURE_GIVING_VERBS set, besides DATA_NOUNS
DATA_NOUNS = {"data", "datum", "information", "figure", "figures", "estimate", "estimates", "count", "tally"}
ENEMY_WORDS = {"enemy", "occupiers", "occupier", "aggressor", "invaders", "invader", "russians", "rashists",
               "ruscists", "orcs"}
CASUALTY_LEMMAS = {"kill", "die", "injure", "wound", "hurt", "dead", "death", "injured", "wounded"}
INHERIT_TIME_WORDS = {"simultaneously", "meanwhile", "same night", "same day", "at the same time", "also"}
# Disrupted weapons use (ACLED): a weapon shot down one at a time, a cache seized, a device defused.
SHOOT_DOWN_VERBS = {"shoot", "down", "intercept", "destroy", "neutralize", "neutralise", "bring", "suppress"}
AERIAL_CLASSES = {"drone", "missile", "ballistic_missile", "cruise_missile", "glide_bomb", "aircraft"}
SEIZE_VERBS = {"seize", "confiscate", "find", "discover", "uncover", "recover", "locate", "expose"}
DEFUSE_VERBS = {"defuse", "neutralize", "neutralise", "disarm", "dismantle", "deactivate", "defuze"}
CACHE_NOUNS = {"cache", "caches", "weapon", "weapons", "arms", "ammunition", "explosive", "explosives", "rifle",
               "rifles", "grenade", "grenades", "launcher", "launchers", "stockpile", "arsenal", "manpads", "munitions"}
EXPLOSIVE_NOUNS = {"mine", "mines", "landmine", "landmines", "ordnance", "uxo", "device", "devices", "ied", "ieds",
                   "bomb", "shell", "shells", "grenade", "munition", "projectile", "tripwire", "explosive", "warhead"}
SINGLE_DETS = {"a", "an", "one", "another", "single"}
# an attack from the air with no named glide bomb: "airstrikes near X", "an aerial attack", helicopter fire
AIR_PLATFORMS = {"aircraft", "aviation", "helicopter", "helicopters", "warplane", "warplanes", "jet", "jets",
                 "airstrike", "airstrikes", "air-strike", "air-strikes", "airforce", "bomber", "bombers"}
# "a possible meeting between Putin and Trump": an event talked about, not one that happened or is scheduled
# a future event: "will meet", and in reported speech "said talks would start"
FUTURE_AUX = {"will", "shall", "'ll", "would"}
# a clause that dates something else by another event: "as leaders gathered", "hours before the talks"
FRAMING_MARKS = {"as", "before", "after", "while", "ahead"}
PERSONAL_PRONOUNS = {"i", "we", "he", "she", "they", "you"}
HYPOTHETICAL_MODIFIERS = {"possible", "potential", "hypothetical", "eventual", "prospective", "putative"}
REFERRING_NOUNS = {"targets", "objects"}  # "112 of the 215 aerial targets": a class of its own (a grand total)
REFERRING_HEADS = {"them", "these", "those", "they", "which", "it"} | REFERRING_NOUNS  # "four of them"
FIRE_VERBS = {"fire", "launch", "drop", "unleash"}
AIR_ATTACK_VERBS = {"strike", "hit", "attack", "bomb", "fire", "drop", "launch", "carry", "conduct", "shell",
                    "target", "pound", "raid", "struck", "bombard"}
ADDRESSEE_VERBS = {"blame", "accuse", "urge", "warn", "call", "condemn", "criticize", "criticise", "thank",
                   "supply", "arm", "pressure", "press", "sanction", "demand", "ask", "tell", "invite"}
TIME_CLAUSE_WORDS = {"after", "before", "since"}  # a clause of another time: its figures are another incident's
CARE_NOUNS = {"hospital", "clinic", "hospitals", "clinics"}  # "flown to hospitals in Moscow": where they are treated
ROUTE_HEADS = {"launch", "fire", "send", "fly", "run", "travel", "head", "sail", "go", "take", "bring", "evacuate",
               "east", "west", "north", "south",
               "kilometer", "kilometre"}  # "fired from X", "a train running from X to Y": not where it happened
# "US-made HIMARS", "British- and French-made missiles": where a weapon was made, not who fired it
MAKER_PARTICIPLES = {"made", "built", "supplied", "produced", "manufactured", "designed", "developed", "donated",
                     "provided"}
# "his forces", "its units": the speaker's own side
OWN_POSSESSIVES = {"his", "her", "its", "our", "their"}
FORCE_NOUNS = {"forces", "troops", "army", "military", "units", "unit", "soldiers", "servicemen", "fighters",
               "defenders", "drones", "missiles", "artillery"}
ORIGIN_NOUNS = {"direction"}  # "from the direction of X" is where the fire came from
SIDE_BODY_NOUNS = {"authorities", "government", "regime", "leadership", "officials"}
ALERT_NOUNS = {"alert", "alerts", "siren", "sirens", "alarm", "warning", "shelter", "shelters"}  # "an air raid alert"
SUSPENSION_WORDS = {"pause", "halt", "stop", "ceasefire", "moratorium", "end", "ban", "truce", "suspension",
                    "suspend", "refrain", "avoid", "prevent", "threat", "threaten", "risk", "fear", "possibility"}
WEAPON_CLASS_NOUNS = {"means", "mean", "weapon", "asset", "system"}  # "614 means of air attack", "strike weapons"
AREA_NOUNS = {"regions", "region", "territory", "territories", "areas", "area", "airspace", "oblasts", "skies",
              "country", "land"}
# "X, southeast of Moscow", "20 km north of Y": the place named after these only says where X lies
COMPASS_WORDS = {"east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest", "north-east",
                 "north-west", "south-east", "south-west"}
DISTANCE_WORDS = {"kilometers", "kilometres", "km", "miles"}
LOCATIVE_PREPS = {"in", "near", "outside", "around"}  # "In Azov, …": where, never who
# "the southern part of Dimitrov", "the outskirts of Avdiivka": what such a noun is a part of is a place
PLACE_PART_NOUNS = {"part", "parts", "outskirts", "centre", "center", "half", "edge", "suburbs", "outskirt"}
OVER_PREPS = {"over", "above", "in", "near", "around", "across", "within"}
GENERIC_CLAIMANTS = {  # unqualified names, read by the side they speak for
    "air force": {"UA": "Ukrainian Air Force", "RU": "Russian Aerospace Forces"},
    "defence ministry": {"UA": "Ukrainian Defense Ministry", "RU": "Russian Defense Ministry"},
    "defense ministry": {"UA": "Ukrainian Defense Ministry", "RU": "Russian Defense Ministry"},
    "ministry": {"UA": "Ukrainian Defense Ministry", "RU": "Russian Defense Ministry"},
    "general staff": {"UA": "Ukrainian General Staff", "RU": "Russian General Staff"},
}
# with no other clue, whose body English-language war reporting usually means
GENERIC_DEFAULT_SIDE = {"air force": "UA", "general staff": "UA", "defence ministry": "RU", "defense ministry": "RU"}
