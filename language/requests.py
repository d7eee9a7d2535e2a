"""What a message asks for, by its words: a follow-up topic, a clinic request, or a question at all.

The classifier's intent decides first (triage/message.py, PatientMessage.follow_up); these word
lists catch what it was unsure about ("will I need a scan at some point?") and the plain-text
button payloads.
"""
from __future__ import annotations

import re

# Topic words of follow-up questions, in priority order (used when the classifier is unsure).
FOLLOW_UP_WORDS = tuple((intent, re.compile(pattern, re.IGNORECASE)) for intent, pattern in (
    ("ask_warning_signs", r"\b(?:what (?:should|do|would) i do if|what if|when should i (?:worry|come back|get help|"
                          r"call)|warning signs|what (?:signs|symptoms) (?:should|to)|qu[eé] hago si|y si me|"
                          r"cu[aá]ndo (?:debo|tengo que) (?:preocuparme|volver|ir)|se[nñ]ales de (?:alarma|peligro))\b"),
    ("ask_why_no_scan", r"\bwhy\b.*\b(?:x-?rays?|scan\w*|mri|imaging)\b|\bpor ?qu[eé]\b.*\b(?:radiograf\w*|rayos|"
                        r"placas?|resonancia\w*|estudios?|scan\w*|mri|tomograf\w*)\b"),
    ("ask_imaging", r"\b(?:x-?rays?|xray|scan\w*|mri|ct|imaging|radiograf\w*|rayos x|placas?|resonancia\w*|"
                    r"tomograf\w*|estudios?)\b"),
    ("ask_activity", r"\b(?:sit\w*|desk|chair|stand\w*|driv\w*|lift\w*|carry\w*|bend\w*|"
                     r"make it worse|housework|garden\w*|sex)\b"),
    ("ask_bed_rest", r"\b(?:bed ?rest|stay in bed|rest in bed|lie down all day|keep still|rest it)\b"),
    ("ask_sleep", r"\b(?:sleep\w*|mattress|pillow)\b"),
    ("ask_work", r"\b(?:work\w*|job|office|shift|sick note|time off)\b"),
    ("ask_medicine", r"\b(?:painkill\w*|pain relief|ibuprofen|paracetamol|naproxen|codeine|co-codamol|medicin\w*|"
                     r"medication|tablets?|pills?|anti-?inflammator\w*|pastillas?|medicamentos?|ibuprofeno|"
                     r"naproxeno|analg[eé]sicos?|antiinflamatorios?|calmantes?)\b"),
    ("ask_exercise", r"\b(?:exercis\w*|stretch\w*|yoga|gym|pilates|swim\w*|running|walk\w*|sport)\b"),
    ("ask_heat", r"\b(?:heat|ice|hot water|warm bath|heat pad)\b"),
    ("ask_unhelpful_treatments", r"\b(?:brace|belt|corset|tens|traction|back support)\b"),
    ("ask_recovery_time", r"\b(?:how long|when will|recover\w*|heal\w*|go away|last)\b"),
    ("ask_see_doctor", r"\b(?:(?:see|talk to|speak to|talk with|speak with) (?:a |my |the )?(?:own )?(?:doctor|gp|physio\w*|"
                       r"clinician|nurse)|a ?& ?e|hospital|"
                       r"appointment|emergency room|wait)\b"),
    ("ask_serious", r"\b(?:serious|worr\w*|dangerous|bad sign|cancer|damage\w*|wrong with me|grave|peligroso|"
                    r"c[aá]ncer|preocup\w*)\b"),
    ("ask_self_care", r"\b(?:what can i do|at home|help (?:it|my back)|tips|make it better|ease)\b"),
))
# What a patient can ask of the clinic side, by message (buttons send the same plain text).
STOP_MESSAGE = re.compile(r"^\W*(?:stop|unsubscribe|opt out|stop (?:all|messages|messaging me|check-?ins?)|"
                          r"no more messages|basta|alto|ya no (?:me )?(?:escriba|mande|env[ií]e)\w*(?: mensajes)?|"
                          r"no (?:me )?(?:mande|env[ií]e|escriba)\w* m[aá]s(?: mensajes)?)\W*$", re.IGNORECASE)
PERSON_WORDS = re.compile(r"\b(?:talk|speak|chat)\w* (?:to|with) (?:a |an |the |some |real |actual )*(?:person|human|"
                          r"someone|somebody|people|nurse|doctor|staff|receptionist)\b|\b(?:real|actual) (?:person|"
                          r"human)\b|\bhuman,? please\b|\bhablar (?:con )?(?:una |un |alguna |alg[uú]n )?(?:persona|"
                          r"humano|enfermer[ao]|doctor[a]?|m[eé]dic[oa]|alguien)\b|\bpersona (?:real|de verdad)\b",
                          re.IGNORECASE)
ADVICE_QUESTION = re.compile(r"^\W*(?:should|do i (?:need|have)|when (?:should|do)|is it worth|would it help|"
                             r"¿?\s*(?:debo|deber[ií]a|tengo que|necesito|cu[aá]ndo (?:debo|tengo que)))\b",
                             re.IGNORECASE)  # "should I talk to a doctor?" asks for advice, not a hand-off
CLINIC_REQUESTS = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in (
    ("send_summary", r"\b(?:send|share|email)\b.*\b(?:summary|clinic|doctor|gp|team|notes)\b|"
                     r"\b(?:mand|envi|env[ií])\w*\b.*\b(?:resumen|cl[ií]nica|m[eé]dico|doctor)\b"),
    ("show_summary", r"\b(?:show|see|view|read|display)\b.*\bsummary\b|^\W*(?:my )?summary\W*$|"
                     r"\b(?:ver|mostrar|mu[eé]str\w*|ense[nñ]\w*)\b.*\bresumen\b|^\W*(?:mi )?resumen\W*$"),
    # "check in on me", "a check-in", "can you check in later" - not "my foot check in September" (comorbid batch)
    ("checkin", r"\bcheck(?:-?ins?| on me| up on me)\b|\b(?:you|to|please|pls|can|could|will|would) check in\b|"
                r"\bcheck in (?:with me|on me|later|again|tomorrow|in a)\b|\bremind me\b|\bmessage me (?:later|again|in)\b|"
                r"\b(?:escr[ií]b\w*|pregunt\w*)(?:me)? (?:m[aá]s tarde|otra vez|en unos d[ií]as)\b"),
    ("coping", r"\b(?:questions? (?:about|on) coping|coping questions|preguntas sobre c[oó]mo (?:lo )?llevo)\b"),
))
QUESTION_START = re.compile(r"^\W*(?:do|does|did|should|shall|can|could|will|would|is|are|am|was|what|what's|how|"
                            r"why|when|which|where|may|might|any|must|have|has|qu[eé]|c[oó]mo|por ?qu[eé]|"
                            r"cu[aá]ndo|cu[aá]nto|d[oó]nde|puedo|debo|es normal|hay que)\b|^\s*¿", re.IGNORECASE)


# Intents that act on the whole conversation (start again, erase it): taken only when the words ask for it,
# never from the classifier alone ("No, I feel fine apart from the back" was once read as "start again").
COMMAND_WORDS = {
    "restart": re.compile(r"\b(?:start(?:ing)? (?:again|over|afresh|from (?:the )?(?:beginning|scratch))|restart|reset|"
                          r"begin again|new (?:chat|check|conversation)|(?:empe[zc]\w*|comen[zc]\w*) (?:de nuevo|otra vez|"
                          r"desde cero)|(?:volver|vuelvo|volvamos) a empezar|reinici\w*)\b", re.IGNORECASE),
    "delete_data": re.compile(r"\b(?:delete|erase|remove|wipe|forget|clear)\b.*\b(?:data|chat|conversation|"
                              r"information|info|details|everything|what i (?:said|told you)|messages|record)\b|"
                              r"\b(?:don'?t|do not) (?:want you to )?keep my (?:data|details|information)\b|"
                              r"\b(?:borr|b[oó]rr|elimin)\w*\b.*\b(?:datos|conversaci[oó]n|chat|informaci[oó]n|mensajes|todo)\b|"
                              r"\bno quiero que (?:me )?(?:guard|almacen|conserv)\w* (?:mis|los|estos) "
                              r"(?:datos|mensajes|respuestas)\b|"
                              r"\bolvid\w* (?:lo que (?:te|le) (?:dije|cont[eé])|todo|mis datos)\b",
                              re.IGNORECASE),
}


def commands(intent: str, text: str) -> bool:
    """The words ask for what a conversation-wide intent would do (restart, delete_data); other intents: True."""
    words = COMMAND_WORDS.get(intent)
    return words is None or bool(words.search(text))


def is_question(text: str) -> bool:
    """Shaped like a question ('?' or a question word first)."""
    return "?" in text or bool(QUESTION_START.search(text))


def topic(text: str) -> str | None:
    """The follow-up intent whose topic words the text names first (FOLLOW_UP_WORDS order)."""
    return next((intent for intent, words in FOLLOW_UP_WORDS if words.search(text)), None)


# Declining the privacy notice (issue 14): "I don't want you to keep my answers" at any time; a bare
# "I don't agree" only as the answer to the notice (clinic_turns decides), never to the advice.
DECLINE_KEEPING = re.compile(
    r"\b(?:don'?t|do not|didn'?t|did not) (?:want|like|agree to) (?:you |the clinic |anyone |it |them )?(?:to )?"
    r"(?:keep|keeping|store|storing|save|saving|record|recording|hold|holding|have) (?:my|this|the|any|these)\b|"
    r"\b(?:don'?t|do not) (?:keep|store|save|record) (?:my|this|any)\b|\bi (?:decline|refuse|withdraw)(?: (?:my )?consent)?\b|"
    r"\b(?:don'?t|do not) (?:agree|consent) to (?:this|that|the (?:privacy|terms|notice)|you keeping|(?:my )?data)|"
    r"\bnot (?:ok|okay|happy|comfortable) with (?:you keeping|(?:that|this) being kept|my (?:data|answers|information))|"
    r"\bno (?:quiero|acepto|estoy de acuerdo (?:con|en)) que (?:se )?(?:guard|almacen|conserv)\w*",
    re.IGNORECASE)
DECLINE_NOTICE = re.compile(r"^\W*(?:no,? )?(?:i )?(?:don'?t|do not|won'?t|will not) (?:agree|consent|accept)\W*$|"
                            r"^\W*(?:no|nope),? (?:thanks|thank you)\W*$|^\W*i (?:disagree|object)\W*$", re.IGNORECASE)


# The patient asks for a language (issue 15): "español", "en español por favor", "do you speak Spanish?",
# "English please", "inglés". A whole short message, or a question about speaking it.
LANGUAGE_CHOICE = (
    ("es", re.compile(r"^\W*(?:(?:en |in )?(?:espa[nñ]ol|castellano|spanish)(?:,? (?:please|por ?favor|pls))?|"
                      r"(?:please|por ?favor),? (?:en )?espa[nñ]ol|prefiero (?:en |el )?espa[nñ]ol|"
                      r"(?:seguir|sigamos|contin[uú]\w*) en espa[nñ]ol)\W*$|"
                      r"\b(?:habla[sn]?|hablan|se habla|do you speak|can you speak|can we speak|speak) "
                      r"(?:usted |ustedes )?(?:espa[nñ]ol|spanish)\b|\bmi ingl[eé]s (?:es|no es)\b", re.IGNORECASE)),
    ("en", re.compile(r"^\W*(?:(?:in |en )?(?:english|ingl[eé]s)(?:,? (?:please|por ?favor|pls))?|(?:please|por ?favor),? "
                      r"(?:in |en )?(?:english|ingl[eé]s)|(?:continue|carry on|go on) in english|prefiero (?:en |el )?"
                      r"ingl[eé]s|(?:seguir|sigamos) en ingl[eé]s)\W*$|\b(?:do you|can you|can we) speak english\b",
                      re.IGNORECASE)),
)


def language_choice(text: str) -> str | None:
    """ "es" or "en" when the message asks for that language; else None."""
    return next((code for code, words in LANGUAGE_CHOICE if words.search(text)), None)


def request(text: str) -> str | None:
    """stop, decline (the privacy notice), send_summary, show_summary, checkin, coping or handoff, when the
    words ask for it ("decline_notice": a bare "I don't agree", a decline only as the answer to the notice)."""
    if STOP_MESSAGE.search(text):
        return "stop"
    if DECLINE_KEEPING.search(text):
        return "decline"
    if DECLINE_NOTICE.search(text):
        return "decline_notice"
    named = next((name for name, words in CLINIC_REQUESTS if words.search(text)), None)
    if named:
        return named
    if ADVICE_QUESTION.search(text):
        return None
    return "handoff" if PERSON_WORDS.search(text) else None


def asks_advice(text: str) -> bool:
    """ "should I talk to a doctor?" asks for advice, not for a person."""
    return bool(ADVICE_QUESTION.search(text))
