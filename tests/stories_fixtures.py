"""Hand-made stories for the stories tests (written for the tests, not outlets' texts): three
events, each reported by three outlets of different lean in their own words, one wire copy,
and one unrelated single article."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EVENTS: dict[str, list[dict[str, Any]]] = {
    "flood": [
        {
            "outlet": "Lake Daily",
            "lean": "left",
            "date": "2021-09-07",
            "title": "Flood hits Lindau old town as river bursts banks",
            "text": "The river Leiblach burst its banks on Tuesday and flooded the old town of "
            "Lindau, officials said. About 400 residents were moved to a school gym overnight. "
            "Mayor Claudia Alfons asked people to stay away from the harbour.",
        },
        {
            "outlet": "Alpine Wire",
            "lean": "center",
            "date": "2021-09-07",
            "title": "Hundreds evacuated in Lindau after Leiblach floods streets",
            "text": "Hundreds of Lindau residents spent the night in a gym after the Leiblach "
            "flooded streets of the old town. Mayor Alfons said pumps ran until morning and the "
            "harbour stays closed.",
        },
        {
            "outlet": "Bavaria Post",
            "lean": "right",
            "date": "2021-09-08",
            "title": "Lindau counts flood damage, mayor Alfons criticised over warnings",
            "text": "Shop owners in Lindau's flooded old town said warnings came too late "
            "after the Leiblach burst its banks. Mayor Alfons defended the evacuation of "
            "400 residents.",
        },
    ],
    "strike": [
        {
            "outlet": "Lake Daily",
            "lean": "left",
            "date": "2021-09-07",
            "title": "Rail workers strike over pay, trains across Austria halted",
            "text": "Austrian rail workers walked out on Tuesday in a dispute over pay, halting "
            "trains between Vienna and Salzburg. The vida union demands a raise of 8 percent.",
        },
        {
            "outlet": "Alpine Wire",
            "lean": "center",
            "date": "2021-09-07",
            "title": "Vida union strike stops Vienna-Salzburg trains",
            "text": "Trains between Vienna and Salzburg stood still as the vida union called a "
            "strike over wages. Rail operator OBB said talks with the union would resume.",
        },
        {
            "outlet": "Tirol Courier",
            "lean": "right",
            "date": "2021-09-07",
            "title": "Commuters stranded as vida strike paralyses OBB rail network",
            "text": "Commuters were stranded in Vienna and Salzburg after the vida union "
            "strike. OBB called the walkout irresponsible and the union's 8 percent pay demand "
            "unrealistic.",
        },
    ],
    "satellite": [
        {
            "outlet": "Lake Daily",
            "lean": "left",
            "date": "2021-09-08",
            "title": "ESA launches Sentinel weather satellite from Kourou",
            "text": "The European Space Agency launched a Sentinel weather satellite from Kourou "
            "in French Guiana on Wednesday. The Ariane rocket lifted off at dawn.",
        },
        {
            "outlet": "Science Ticker",
            "lean": "left",
            "date": "2021-09-08",
            "title": "Ariane rocket carries new Sentinel satellite into orbit",
            "text": "An Ariane rocket carried the Sentinel satellite into orbit from Kourou, ESA "
            "said. The satellite will measure sea temperatures and storms for the agency.",
        },
    ],
}
WIRE_COPY = {
    "outlet": "Harbour Times",
    "lean": "center",
    "date": "2021-09-07",
    "title": "Vida union strike stops Vienna-Salzburg trains",
    "text": EVENTS["strike"][1]["text"],
}
SINGLE = {
    "outlet": "Garden Weekly",
    "date": "2021-09-07",
    "title": "Tomato harvest in Styria best in a decade",
    "text": "Growers in Styria said the tomato harvest was the best in ten years thanks "
    "to a warm August, and prices at farmers markets fell by a third.",
}


def records(
    events: list[str] | None = None, *, wire: bool = True, single: bool = True
) -> list[dict[str, Any]]:
    rows = [r for name, rs in EVENTS.items() if events is None or name in events for r in rs]
    return rows + ([WIRE_COPY] if wire else []) + ([SINGLE] if single else [])


def write_pool(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path
