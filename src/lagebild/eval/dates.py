"""How far back the stored event dates reach: event mentions dated more than 300 days before their article,
and how many of those have no year in their date expression (a year, a year word such as "im vergangenen
Jahr", or "seit" says the text means the past).

usage: python -m lagebild.eval.dates --db STORE [--month 2020-11]
"""

from __future__ import annotations

import argparse
import re
from datetime import date

from ..events.dates import MAX_BACK_DAYS
from ..queries.lists import DATE_END
from ..store import Store

#: what in a date expression says the date lies far back
SAYS_SO = re.compile(r"\b(1[89]\d\d|20\d\d)\b|jahr|seit", re.IGNORECASE)


def far_back(st: Store, *, month: str | None = None) -> dict:
    where = "AND a.published LIKE ?" if month else ""
    rows = st.records(
        f"SELECT a.external_id, a.published, m.date, m.date_text, ({DATE_END.format(c='m.date')}) AS date_end "
        "FROM event_mentions m JOIN articles a ON a.id = m.article_id "
        f"WHERE a.published_precision = 'day' AND m.date IS NOT NULL {where}", [f"{month}%"] if month else [])
    far = [r for r in rows if r["date_end"] and
           (date.fromisoformat(r["published"][:10]) - date.fromisoformat(r["date_end"])).days > MAX_BACK_DAYS]
    unexplained = [r for r in far if not SAYS_SO.search(r["date_text"] or "")]
    return {"dated": len(rows), "far_back": len(far), "unexplained": unexplained}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--month", default=None, help="only articles published in this month (YYYY-MM)")
    args = ap.parse_args(argv)
    with Store(args.db, read_only=True) as st:
        res = far_back(st, month=args.month)
    print(f"{res['dated']} dated event mentions; {res['far_back']} more than {MAX_BACK_DAYS} days before their "
          f"article; {len(res['unexplained'])} of them without a year or year word in the date expression")
    for r in res["unexplained"][:30]:
        print(f"  record {r['external_id']} published {r['published']}: {r['date']} from {r['date_text']!r}")


if __name__ == "__main__":
    main()
