"""A yearly series of three resolutions, written for these tests.

78/7 -> 79/7: a new operative paragraph 2 (so 2..5 become 3..6), a preambular paragraph
removed, the recall of earlier resolutions extended.
79/7 -> 80/7: operative paragraph 5 removed (so 6 becomes 5), paragraph 4 reworded,
subparagraph (b) of paragraph 3 extended, the recall extended again.
"""

from __future__ import annotations

FILES: dict[str, str] = {
    "content/ga/78-7.md": """\
---
symbol: 78/7
body: ga
title: Cooperation on widgets
date: 2023-11-02
meeting: 40
agenda_item: "38"
vote: Adopted without a vote
---

*The General Assembly*,

*Recalling* its resolution 77/7 of 3 November 2022,

*Noting* the report of the Secretary-General on widgets,

*Concerned* about the shortage of widgets in developing countries,

1. *Welcomes* the report of the Secretary-General;

2. *Requests* the Secretary-General:

   (a) To report on widgets;

   (b) To consult Member States;

3. *Calls upon* all States to cooperate on widgets;

4. *Encourages* donors to support the widget fund;

5. *Decides* to remain seized of the matter.

*40th plenary meeting  
2 November 2023*
""",
    "content/ga/79-7.md": """\
---
symbol: 79/7
body: ga
title: Cooperation on widgets
date: 2024-11-05
meeting: 38
agenda_item: "40"
vote:
  in_favour: 150
  against: 2
  abstentions: 10
---

*The General Assembly*,

*Recalling* its resolutions 77/7 of 3 November 2022 and 78/7 of 2 November 2023,

*Noting* the report of the Secretary-General on widgets,

1. *Welcomes* the report of the Secretary-General;

2. *Notes with concern* the rising price of widgets;

3. *Requests* the Secretary-General:

   (a) To report on widgets;

   (b) To consult Member States;

4. *Calls upon* all States to cooperate on widgets;

5. *Encourages* donors to support the widget fund;

6. *Decides* to remain seized of the matter.

*38th plenary meeting  
5 November 2024*
""",
    "content/ga/80-7.md": """\
---
symbol: 80/7
body: ga
title: "Cooperation on Widgets"
date: 2025-10-30
meeting: 35
agenda_item: "38"
---

*The General Assembly*,

*Recalling* its resolutions 77/7 of 3 November 2022, 78/7 of 2 November 2023 and 79/7 of 5 November 2024,

*Noting* the report of the Secretary-General on widgets,

1. *Welcomes* the report of the Secretary-General;

2. *Notes with concern* the rising price of widgets;

3. *Requests* the Secretary-General:

   (a) To report on widgets;

   (b) To consult Member States and regional organizations;

4. *Calls upon* all States and international organizations to cooperate closely on widgets;

5. *Decides* to remain seized of the matter.

*35th plenary meeting  
30 October 2025*
""",
    # cites 79/7 in its preamble, but under another title and agenda item: not in the series
    "content/ga/80-9.md": """\
---
symbol: 80/9
body: ga
title: Widget statistics
date: 2025-11-03
meeting: 36
agenda_item: "12"
---

*The General Assembly*,

*Recalling* its resolution 79/7 of 5 November 2024,

1. *Requests* the Statistical Commission to count widgets.

*36th plenary meeting  
3 November 2025*
""",
}
