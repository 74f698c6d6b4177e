"""Tense of the verb that governs a time expression (decides underspecified dates)."""

from __future__ import annotations

# --------------------------------------------------------------------------------------------------
# Tense of the governing verb

_FUTURE_AUX = {"will", "shall", "'ll", "wo", "ll"}
_PROSPECTIVE_AUX = {"can", "could", "may", "might", "should", "must", "ought"}
_PROSPECTIVE_VERBS = {
    "expect",
    "plan",
    "schedule",
    "set",
    "due",
    "intend",
    "hope",
    "aim",
    "want",
    "seek",
    "prepare",
    "declare",  # "Thursday has been declared a day of mourning": a day still to come
}


def _verb_tense(v) -> str | None:
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    if lowers & _FUTURE_AUX:
        return "future"
    if any(a.lower_ == "going" for a in auxes) and any(c.lower_ == "to" for c in v.children):
        return "future"
    if any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if v.lemma_ in _PROSPECTIVE_VERBS and v.tag_ != "VBD":
        return "future"  # "has been scheduled for June 3", "expects ... in October"
    if lowers & _PROSPECTIVE_AUX:
        return "future"
    if lowers & {"would"}:
        return None
    if any(a.lemma_ == "have" for a in auxes) and v.tag_ == "VBN":
        return "past"
    if v.tag_ == "VBD":
        return "past"
    if v.tag_ == "VBN" and not auxes and v.dep_ in ("amod", "acl", "advcl", "relcl"):
        return "past"
    if v.tag_ == "VBG" and not auxes and v.dep_ in ("advcl", "acl", "xcomp", "pcomp", "amod", "conj"):
        return "none"  # "resulting in closures during the fourth quarter": no tense of its own
    if v.tag_ in ("VBZ", "VBP") or (
        v.tag_ in ("VBG", "VBN") and any(a.tag_ in ("VBZ", "VBP") for a in auxes)
    ):
        if v.lemma_ in _PROSPECTIVE_VERBS:
            return "future"
        if v.tag_ == "VBG" and any(a.lemma_ == "be" for a in auxes):
            return "present"
        return "present"
    return None


def infer_tense(span) -> str | None:
    """Tense ("past", "present", "future") of the verb that governs a spaCy span, or None.

    Infinitives defer to the verb that governs them ("were scheduled to meet on Thursday" is past,
    "is expected to meet on Monday" future); an infinitive that modifies a noun or heads a headline
    ("an event to be held on Oct. 12", "Markets to remain closed until Friday") looks ahead.
    """
    tok = span.root
    infinitive = False
    for _ in range(12):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            if any(c.dep_ in ("aux", "mark") and c.lower_ == "to" for c in tok.children):
                if tok.dep_ in ("acl", "relcl", "ROOT", "advcl"):
                    return "future"
                infinitive = True
            else:
                t = _verb_tense(tok)
                if t == "none":
                    return None
                if t is not None:
                    return "future" if infinitive and t == "present" else t
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None
