"""Does a feedback text give a reason? Form letters, thanks and footers do not.

Most real rejection e-mails give no reason at all ("after careful consideration we have
decided to move forward with other candidates"). Filed by their words, they would land in
gaps on single words ("recruiters", "career development", a company named Visa), so they
are told apart first: each clause loses what is decision, thanks, encouragement, footer or
signature, and a clause counts as a reason only when what is left still says something
about the candidate or the role. A text with no such clause is *no reason given*: it counts
in no gap, and it is what the user should ask about. The candidate's own withdrawal ("I have
decided to accept another offer") is no feedback about them either.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .literals import PatternIndex
from .normalize import normalize, parts, praise_only
from .taxonomy import taxonomy

# What a form letter says instead of a reason; removed from a clause before judging it.
_NOT_A_REASON_SOURCES = (
    # the decision itself
    r"\b(?:we|i|the (?:team|panel|company|client|hiring (?:team|manager)))(?: have| has|'ve|"
    r" had)? (?:now |since |ultimately |unfortunately |sadly |regretfully )?(?:decided|chosen|"
    r"opted|elected|made the (?:difficult |tough |hard )?decision|determined)(?: not)? to "
    r"(?:move|go|proceed|progress|continue|pursue|move ahead|carry on|take|offer|extend)"
    r"(?: forward| ahead| on)?(?: with)?(?: (?:other|another|a different|different|"
    r"alternative|the other|more suitable|another more suitable) (?:candidates?|applicants?|"
    r"individuals?|person|people|profiles?|direction|route)(?! (?:who|whose|with|that)))?",
    r"\b(?:we|i)(?: will| shall|'ll| are| am|'re)? (?:not|no longer|unable to|not be able to)"
    r" (?:be )?(?:moving|move|going|proceeding|proceed|progressing|progress|taking|take|"
    r"continuing|pursuing|able to (?:offer|progress|move))(?: forward| ahead| further)?"
    r"(?: with)?(?: your (?:application|candidacy|profile))?",
    r"\b(?:your|this) (?:application|candidacy|profile)(?: has| was| is)? (?:not|un)"
    r"(?: been)? ?(?:successful|selected|shortlisted|progressed|taken forward|moving forward)",
    r"\b(?:you|your application) (?:have|has|were|was)(?: not|n't) been (?:selected|"
    r"shortlisted|successful)",
    r"\bnot (?:been )?(?:selected|shortlisted|chosen) (?:to|for) (?:move forward|progress|"
    r"proceed|the next (?:stage|step|round)|an interview|interview)",
    r"\b(?:we|i) (?:are|am|'re|'m) (?:unable|not able) to offer you (?:the|this|a) "
    r"(?:position|role|job)",
    r"\b(?:the|this) (?:position|role|vacancy|opening|job)(?: you applied for)? (?:has|have|is)"
    r" (?:now |already )?(?:been )?filled(?! (?:internally|by an? (?:internal|existing|"
    r"current)))",
    r"\b(?:we|i)(?: have|'ve)? (?:selected|chosen|hired|offered the (?:role|position) to|"
    r"extended an offer to|appointed) (?:another|a different|an other|the other) "
    r"(?:candidate|applicant|person|individual)(?! (?:who|whose|with|that))",
    r"\b(?:another|a different|the other) (?:candidate|applicant) (?:was|has been) "
    r"(?:selected|chosen|hired|offered)(?! (?:who|whose|with|that|because|as))",
    r"\b(?:went|gone|go|going) (?:in )?(?:a )?different direction\b",
    r"\b(?:went|gone|go|going|moved forward|proceeded) with (?:another|a different|an other|the"
    r" other|other) (?:candidates?|applicants?|person|individual)(?! (?:who|whose|with|that))|"
    r"\bsomeone else\b(?! (?:who|whose|with|that))",
    r"\bghost(?:ed|ing)?\b[^.;]*",
    r"\b(?:will not|won't|will no longer|are not|aren't|am not|is not|isn't|not) (?:be )?"
    r"(?:offering|extending|taking|progressing|moving|proceeding|advancing|pursuing|inviting)"
    r"(?: (?:you|your (?:application|candidacy|profile)))?(?: (?:an? )?(?:offer|forward|ahead|"
    r"further))?(?: (?:to|for|with|into) (?:the |this |your |an? )?(?:next (?:stage|step|round)|"
    r"role|position|offer|application|candidacy|interview|[\w&' -]{0,40}?(?:role|position)))?",
    r"\b(?:we(?:'ve| have)?|they(?:'ve| have)?|the (?:client|company|team) (?:has|have))"
    r" (?:now )?(?:hired|filled|appointed)(?: for| someone for)? (?:the|this|that) (?:[\w&' -]{0,40}"
    r"?)(?:role|position|vacancy|opening)",
    r"\b(?:closed|concluded|completed|wrapped up|finished|finalised|finalized)(?: out)? (?:the|"
    r"our|its|their) (?:search|process|recruitment|interviews|hiring)",
    r"\bclosed (?:for|to) (?:new |further )?applications\b",
    r"\b(?:it's|it is|it was|that's) a (?:no|pass)\b|\bnot (?:you|a yes) this time\b|"
    r"\bstatus:? (?:closed|rejected|declined|not selected)\b|\bnot selected\b",
    r"\b(?:made|reached|taken|make|making) (?:a|the|its|their|our) (?:final )?decision\b"
    r"(?: (?:on|about|regarding) [^.;,]*)?",
    r"\b(?:can't|cannot|couldn't|could not|won't|unable to|not able to|didn't|did not|don't)"
    r" (?:share|give|provide|offer|get|have|disclose)(?: you)? (?:any )?(?:more|further|"
    r"specific|detailed)? ?(?:details?|feedback|specifics|reasons?|information|more)\b|"
    r"\b(?:asked|chased) (?:for|about) (?:feedback|a reason|reasons)[^.;]*|\bno feedback\b",
    r"\bnot (?:the )?(?:news|outcome|answer|result) you (?:were |had been )?(?:hoping|looking)"
    r" for\b|\bsorry not to have better news\b|\bnot (?:going|gonna) to be (?:good|better)"
    r" news\b|\brooting for you\b|\bkeep (?:building|up the|in mind)[^.;]*|\bdown the road\b",
    r"\bplease (?:note|be aware) that (?:at this stage )?we (?:do not|don't) (?:require|need)"
    r"[^.;]*",
    r"\b(?:selection|examination|interview|recruitment|hiring|assessment|review) (?:process )?"
    r"(?:has |is )?(?:now )?(?:concluded|completed|closed|ended|finished)\b|\b(?:completed|"
    r"concluded) (?:the |our )?(?:selection |recruitment |review |interview )?(?:process|review)\b",
    r"\b(?:will not|won't) be placed on [^.;]*|\bno longer under consideration\b|"
    r"\bnot (?:be )?(?:moving|progressing|taking) you (?:forward|further)[^.;]*",
    r"\b(?:view|see|browse|explore) (?:our )?other (?:roles|openings|vacancies|jobs)[^.;]*|"
    r"\btalent (?:community|network|pool)\b[^.;]*|\bnever ask[^.;]*(?:payment|money|fee)[^.;]*",
    r"\b(?:held|kept|retained) on (?:file|record)[^.;]*|\bposition has (?:now )?been hired\b|"
    r"\bno longer accepting applications\b|\binformation about your (?:nationality|visa|"
    r"right to work|gender|ethnicity)[^.;]*",
    r"\b(?:didn't|did not|couldn't|could not) (?:catch|get|hear) (?:a|any) reason\b[^.;]*|"
    r"\bdon't think there was one\b",
    r"\b(?:reviewed|assessed|considered|evaluated) (?:all |your |each |every )?(?:applications?|"
    r"candidates?|profiles?|candidacy)(?: against [^.;,]*)?",
    r"\bbest wishes\b[^.;]*|\bplease accept our\b[^.;]*",
    # thanks, pleasantries and encouragement
    r"\bthank(?:s| you)(?: (?:so|very) much| a (?:ton|lot|bunch))?(?: (?:again|once again))?"
    r"(?: for(?: [^.;,!?]*?)? (?:time|patience|interest|application|applying|effort|help|call|"
    r"chat|conversations?|meeting|interviewing|coming in|taking the time|process|candidacy)\w*"
    r"(?: (?:in|with|at|for|to|about|during|throughout|over) [^.;!?]*)?)?",
    r"\b(?:we|i) (?:really |truly |sincerely |genuinely )?(?:appreciate|appreciated|enjoyed|"
    r"valued|loved|liked)(?: [^.;,!?]*?)? (?:you|your|time|meeting|getting to know|"
    r"conversations?|chatting|speaking|talking|working with you|interest|patience)\w*"
    r"(?: (?:in|with|at|and|for) [^.;!?]*)?",
    r"\b(?:it|this) (?:was|has been) (?:a )?(?:pleasure|great|lovely|nice)(?: [^.;,!?]*?)?"
    r" (?:you|meet\w*|talk\w*|speak\w*|chat\w*|know\w*)\b",
    r"\bloved chatting\b|\breally (?:enjoyed|liked) (?:you|it|meeting you)\b",
    r"\b(?:we |i )?(?:have |had )?(?:received|had|got) (?:a |an )?(?:very )?(?:large|high|"
    r"significant|huge|great|overwhelming|unprecedented|record) (?:number|volume|amount|"
    r"response)(?: of)?(?: (?:applications|applicants|candidates|interest))?",
    r"\b(?:many|so many|numerous|hundreds of) (?:highly )?(?:qualified |strong |talented )?"
    r"(?:applications|applicants|candidates)\b",
    r"\b(?:highly|very|extremely|incredibly) competitive\b|\bcompetitive (?:process|field|pool)",
    r"\b(?:a |this (?:was|is) a |it was a )?(?:very |really )?(?:difficult|tough|hard|not an"
    r" easy|close) (?:decision|call|choice)\b",
    r"\b(?:strong|high) (?:calibre|caliber|standard|field|pool)\b",
    r"\b(?:we )?(?:wish|wishing) you (?:[^.;]*)",
    r"\b(?:best of|good) luck(?: [^.;]*)?",
    r"\b(?:encourage|invite|welcome) you to (?:apply|reapply|keep|check|look|visit|consider)"
    r"[^.;]*",
    r"\b(?:future|other|upcoming|new) (?:opportunities|roles|openings|positions|vacancies|"
    r"endeavou?rs)\b[^.;]*",
    r"\b(?:keep|retain|hold) your (?:details|cv|resume|résumé|profile|information|application)"
    r"[^.;]*",
    r"\b(?:do not|don't|please (?:do not|don't)) hesitate[^.;]*|\bfeel free[^.;]*|"
    r"\bstay in touch\b|\bkeep in touch\b|\breach out\b[^.;]*",
    r"\bin your (?:job |career )?(?:search|future|career)(?: [^.;]*)?",
    r"\b(?:your|the) (?:interest|time|effort|patience) (?:in|with|you)[^.;]*",
    # footers, signatures, automated mail
    r"\bequal (?:employment )?opportunit[^.;]*|\baffirmative action\b[^.;]*|"
    r"\bregardless of [^.;]*|\bwithout regard to [^.;]*",
    r"\b(?:personal )?data (?:protection|privacy|retention)[^.;]*|\bgdpr\b[^.;]*|"
    r"\bprivacy (?:notice|policy|statement)[^.;]*|\bpersonal (?:data|information)[^.;]*",
    r"\b(?:this|the) (?:is an? )?(?:automated|automatic|auto-?generated|system-generated)"
    r"[^.;]*|\bdo not reply\b[^.;]*|\bno-?reply\b[^.;]*|\bunsubscribe\b[^.;]*",
    r"\b(?:the )?(?:[\w&'.-]+ ){0,3}(?:talent acquisition|recruiting|recruitment|hiring|hr|"
    r"people|careers?|talent) team\b",
    r"\b(?:talent acquisition|recruiting|recruitment) (?:partner|specialist|coordinator|"
    r"manager|lead)\b",
    r"\bregistered (?:in|office)\b[^.;]*|\bcompany (?:no|number|registration)\b[^.;]*|"
    r"\b(?:plc|ltd|llc|gmbh|inc)\b[^.;]*$",
    r"\S+@\S+|\bhttps?://\S+|\bwww\.\S+|\+?\d[\d ()-]{7,}\d",
    r"\b(?:learn|find out|read|know) more\b[^.;]*|\bmore (?:information|details) (?:about|on)"
    r"[^.;]*|\b(?:we )?(?:can|could|will) only (?:respond|reply|contact|get back)[^.;]*",
)

# Softeners around a decision or a reason: taken out, but they make no clause a form letter
# ("after careful consideration, headcount was pulled" still gives its reason).
_SOFTENER_SOURCES = (
    r"\b(?:regret|sorry|sad|unfortunate) to (?:inform|let|tell|say|share|advise)(?: you)?"
    r"(?: know)?(?: that)?",
    r"\b(?:i |we )?(?:just |personally |also )?(?:wanted|want|would like|wish|am writing|are "
    r"writing) to (?:personally )?(?:let you know|update you|follow up|share|thank you|reach out|"
    r"close the loop|get back to you|inform you|confirm)(?: that)?",
    r"\b(?:after|following|upon) (?:careful|much|thorough|long|lengthy|further|great) "
    r"(?:consideration|review|deliberation|thought)",
    r"\b(?:at|for) (?:this|the present|the current) (?:time|stage|point|moment|occasion)\b",
    r"\bon this occasion\b",
    r"\b(?:update|news) (?:on|about|regarding) your (?:application|candidacy)",
    r"\bunfortunately\b|\bregrettably\b|\bsadly\b",
)

# What a reason says: the candidate measured against the role, or the role's own fate.
_REASON_WORD = re.compile(
    r"\b(?:someone|somebody|candidates?|applicants?|people|person|individuals?|profiles?|"
    r"finalists?) (?:who|whose|with|that)\b|\balready\b|"
    r"\b(?:lack\w*|more|less|fewer|need\w*|not enough|too|concern\w*|wanted|want|wants|"
    r"looking for|looked for|look for|seeking|asked for|asking for|expect\w*|hop(?:ed|ing) for|"
    r"felt|feel|feels|weak\w*|limited|gaps?|missing|"
    r"stronger|better|closer|closely|match\w*|fit|require\w*|prefer\w*|instead|rather than|"
    r"experience\w*|background|depth|exposure|senior\w*|junior|ready|readiness|salary|"
    r"compensation|pay|package|budget|band|expectations?|location|relocat\w*|visa (?:sponsorship|status|support|requirements?)|sponsor\w*|right to work|work permit|"
    r"remote|(?:on-?site|in the office|in office) (?:requirement|only|role|presence|days?|\d)|time ?zones?|hours|internal\w*|promot\w*|on hold|freeze|frozen|"
    r"cancel\w*|closed|eliminated|(?:not|no longer) (?:to )?(?:hire|hiring|fill|filling|recruit\w*)|restructur\w*|reorg\w*|no longer hiring|not (?:yet|quite|"
    r"really|as)|struggled|couldn't|could not|didn't|did not|hard to|difficult to|unclear|vague|"
    r"hands-on|strateg\w*|stakeholder\w*|communicat\w*|culture|values|"
    r"track record|proven|demonstrat\w*|evidence|examples?|never|yet|short|badly|poorly|"
    r"insufficient\w*|redeploy\w*|existing (?:member of staff|staff|employee|colleague)|"
    r"light|thin|unconvincing|depth|breadth|scope|scale|altitude|seniority|years)\b"
)

# The candidate's own decision: not feedback about them.
_WITHDRAWAL = re.compile(
    r"\bi(?: have|'ve)? (?:decided|chosen|elected|opted) to (?:accept|take|go (?:forward )?with"
    r"|pursue|move forward with|proceed with) (?:another|an other|a different|an? (?:other|new))"
    r" (?:offer|opportunity|role|position|job|company)|\bi(?:'m| am| have| will)? "
    r"(?:withdraw\w*|pull\w* out|remov\w* myself)\b|\bwithdraw my (?:application|candidacy)|"
    r"\b(?:i|i've|i have) accepted (?:an|another) (?:offer|position|role)"
)

_WORDS = re.compile(r"[a-z0-9][a-z0-9'-]*")


# A signature line: a name, a title, a company ("Callum Reyes | Technical Recruiter | Pinecrest").
_SIGNATURE = re.compile(
    r"(?:(?:best|kind regards|regards|warm regards|cheers|thanks|many thanks|sincerely|all the "
    r"best|thank you),? )?(?:[\w&'.@()/-]+[ ,|]+){0,5}(?:talent acquisition|recruiting|"
    r"recruitment|talent|hr|human resources|people (?:team|partner|ops)|hr business partner|"
    r"executive search|careers?|(?:senior |lead |technical )?recruiter|founder|co-?founder|ceo|"
    r"cto|partner|resourcing|(?:human resources|hr|people) department)"
    r"(?:[ ,|@]+[\w&'.()/-]+){0,6}"
)
_SIGNED = re.compile(
    r"(?:best|kind regards|regards|warm regards|cheers|thanks|many thanks|"
    r"sincerely|all the best|thank you)\b"
)


@cache
def _form_letter() -> tuple[re.Pattern[str], list[re.Pattern[str]], PatternIndex]:
    """The softeners as one pattern, the form-letter patterns and their literal index
    (compiled on first use: importing rung stays fast)."""
    patterns = [re.compile(p) for p in _NOT_A_REASON_SOURCES]
    softener = re.compile("|".join(f"(?:{p})" for p in _SOFTENER_SOURCES))
    return softener, patterns, PatternIndex(patterns)


@cache
def _taxonomy_patterns() -> PatternIndex:
    """Every taxonomy pattern behind its literals (a few searches per clause, not hundreds)."""
    return PatternIndex([p for gap in taxonomy() for p in gap.patterns])


def _residue(clause: str) -> tuple[str, bool]:
    """What is left of a clause once the form-letter parts are taken out, and whether any
    part was taken out."""
    if (
        len(clause.split()) <= 12
        and _SIGNATURE.fullmatch(clause)
        and (_SIGNED.match(clause) or not _REASON_WORD.search(clause))
    ):
        return "", True
    softener, patterns, index = _form_letter()
    clause = " ".join(softener.sub(" ", clause).split())
    touched = False
    for k in index.candidates(clause):
        clause, n = patterns[k].subn(" ", clause)
        touched = touched or bool(n)
    return " ".join(clause.split()), touched


def is_withdrawal(text: str) -> bool:
    """True when the text is the candidate's own withdrawal (no feedback about them)."""
    return _WITHDRAWAL.search(normalize(text)) is not None


def clause_gives_reason(clause: str) -> bool:
    """True when a normalized clause still says something once the form letter is out: a
    word that measures the candidate or the role, or, in a clause with no form-letter part
    at all, one of the taxonomy's patterns ("no P&L ownership"). Inside a form letter a
    pattern alone is not enough: "we are a very small team and received a large number of
    applications" says nothing of the candidate's scale experience."""
    left, touched = _residue(clause)
    if len(_WORDS.findall(left)) < 2:
        return False
    if _REASON_WORD.search(left) is not None:
        return True
    return not touched and _taxonomy_patterns().search_any(left)


@lru_cache(maxsize=65536)
def reason_clauses(text: str) -> tuple[str, ...]:
    """The clauses of a text that give a reason, in order; empty for a form letter, a
    thank-you or the candidate's own withdrawal."""
    if is_withdrawal(text):
        return ()
    return tuple(c for c in parts(text) if not praise_only(c) and clause_gives_reason(c))


def gives_reason(text: str) -> bool:
    """True when any clause of the text gives a reason."""
    return bool(reason_clauses(text))
