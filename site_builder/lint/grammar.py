"""The grammar of opening words, from how resolutions are drafted.

A preambular paragraph opens with a participle (*Recalling*, *Having considered*,
*Deeply concerned*) or an adjective phrase (*Mindful*, *Conscious*, *Aware*); an
operative paragraph opens with a verb in the third person singular, present tense,
the body being its subject (*Requests*, *Also decides*, *Calls upon*). Both may be
preceded by adverbs (*Also*, *Further*, *Strongly*). The checks read the head word's
form, not a list of the verbs a sample uses.
"""

from __future__ import annotations

#: adverbs without the -ly ending that stand before the head word: drafting repeats an
#: opening verb with a sequencing adverb (*Also requests*, *Further decides*, *Once
#: again calls upon*, *Hereby adopts*) rather than with a new verb
_SEQUENCING_ADVERBS = frozenset({"also", "further", "again", "once", "hereby", "still", "equally", "moreover"})


def head_word(opening: str) -> str:
    """The first word that is not an adverb: "Also requests" -> "requests"."""
    words = [w.strip(",;:.") for w in opening.lower().split()]
    for word in words:
        if word in _SEQUENCING_ADVERBS or (word.endswith("ly") and len(word) > 4):
            continue
        return word
    return words[0] if words else ""


def is_third_person_verb(word: str) -> bool:
    """The third person singular present: "requests", "decides", "stresses", "calls".

    Words in -s that are not verbs are told apart by their endings: -ss (a base form:
    "stress"), -us (adjectives: "conscious", "desirous"), -is (no English verb of the
    third person ends so, bar the auxiliary "is")."""
    if len(word) < 3 or not word.isalpha() or not word.endswith("s"):
        return False
    if word.endswith("ss") and not word.endswith("sses"):
        return False
    return not word.endswith(("us", "is"))


def is_participle(word: str) -> bool:
    """A present participle ("recalling", "having") or a regular past participle
    ("convinced", "concerned", "alarmed")."""
    if not word.isalpha() or len(word) < 4:
        return False
    return word.endswith("ing") or word.endswith("ed")


#: adjective endings of preambular openings: -ful (*Mindful*), -ous (*Conscious*,
#: *Desirous*), -ant/-ent (*Cognizant*, *Confident*), -ive (*Appreciative*),
#: -ble (*Favourable*), -en (an irregular past participle: *Taken*, *Shaken*)
_ADJECTIVE_ENDINGS = ("ful", "ous", "ant", "ent", "ive", "ble", "en")
#: adjectives of the preamble with no derivational ending (*Aware*, *Keen*):
#: the predicative adjectives the drafting manuals give besides participles
_PLAIN_ADJECTIVES = frozenset({"aware", "keen", "sure", "certain", "firm"})


def is_preambular(opening: str) -> bool:
    """A participle or adjective phrase, as a preambular paragraph opens."""
    word = head_word(opening)
    return is_participle(word) or word.endswith(_ADJECTIVE_ENDINGS) or word in _PLAIN_ADJECTIVES


def is_operative(opening: str) -> bool:
    """A verb of the third person, as an operative paragraph opens."""
    return is_third_person_verb(head_word(opening))
