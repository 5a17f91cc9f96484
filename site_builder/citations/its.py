"""Which body "its" stands for in "its resolution 47/135".

Drafting rule: a body cites its own acts as "its resolution(s)" / "its decision(s)";
"it" is the body that speaks the text (the formula "The General Assembly,"), unless
the clause names another body as the one that acted, just before: "adopted by the
General Assembly by its resolution 47/135", "the Council, in its resolution
2003/22", "the General Assembly, which, in paragraph 5 of its resolution 60/251".
So the name of a body is the antecedent only when what stands between it and "its"
is the link of an agent to its instrument: at most a relative pronoun, an
auxiliary, adverbs and a verb, then a preposition. A name used as a citation's
prefix ("General Assembly resolution 60/251 ..., and its resolutions 5/1") is not.

A later "its" joined to such a clause by "and" ("adopted by the General Assembly in
its resolution 47/135 and reaffirmed in its resolution 60/1") shares its agent:
coordinated verbs share their subject.
"""

from __future__ import annotations

import re

# Between the agent's name and "its" (checked backwards from "its"):
#   the preposition that introduces the instrument an act was taken by: "in its
#   resolution", "by its resolution", "under", "through", "with", "pursuant to";
PREPOSITIONS = ("in", "by", "under", "through", "with", "pursuant to")
_PREPOSITION = "(?:" + "|".join(p.replace(" ", r"\s+") for p in PREPOSITIONS) + ")"
#   before it, at most three words of the agent's own clause: a relative pronoun
#   ("which, in its"), an auxiliary ("has, by its"), an adverb ("subsequently") or a
#   verb in the past ("decided, in its"; every act recorded is a past one).
_CLAUSE_WORD = r"(?:which|that|has|had|[a-z]+ly|[a-z]+ed)"
_S = r"[\s\ufffc]"
#: what stands between the agent's name and "its", anchored at "its"
AGENT_LINK = re.compile(rf"(?:,{_S}*|{_S}+)(?:{_CLAUSE_WORD}{_S}*,?{_S}+){{0,3}}{_PREPOSITION}{_S}+$")
#: what joins a clause whose "its" had an agent to a later "its" of the same agent:
#: the cited number's end, then "and" and the verb of the same subject
SAME_AGENT = re.compile(rf"{_S}*,?{_S}+and{_S}+(?:{_CLAUSE_WORD}{_S}+){{0,3}}{_PREPOSITION}{_S}+$")
#: the last word before "its" in every agent's link: a quick test before the patterns
LAST_WORDS = tuple(p.rsplit(" ", 1)[-1] for p in PREPOSITIONS)
#: how far back the agent's name may end before "its"
WINDOW = 60
