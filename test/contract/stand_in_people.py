"""Schemathesis hooks: every submission is for a person the nDelius stand-in holds.

A CRN schemathesis draws is nobody in nDelius (422 NOT_IN_NDELIUS), so a run would never reach a
201 and follow a variation's links. A well-formed CRN is replaced with a new one of the test pattern
(T and six digits), for which the stand-in makes up the sample person (apps/ndelius-stand-in): each
submission is a new order, so none waits on another (R18). Nothing else is changed, and a CRN that is
not well formed is left for the service to refuse: R18 is not switched off, only given real people.
"""

import itertools
import random
import re

import schemathesis

CRN = re.compile(r"^[A-Z]\d{6}$")
_numbers = itertools.count(random.randrange(1_000_000))


def _stand_in_crn() -> str:
    return f"T{next(_numbers) % 1_000_000:06d}"


@schemathesis.hook
def map_body(ctx, body):
    if not isinstance(body, dict):
        return body
    for part in ("person", "order"):
        named = body.get(part)
        if isinstance(named, dict) and isinstance(named.get("crn"), str) and CRN.match(named["crn"]):
            named["crn"] = _stand_in_crn()
    return body
