"""What the HTTP helpdesk backends (Zendesk, Freshdesk, Gorgias) share, written once.

They were written from the same model and kept repeating each other: the request loop
with its rate budget and error translation (:mod:`.connection`), the https-only account
address (:mod:`.site`), the ``stage_<name>`` tags that carry the workflow stage
(:mod:`.stage_tags`), the backend's own client and connection (:mod:`.backend`) and the
small readings of vendor JSON (:mod:`.values`). What differs between helpdesks stays in
each backend's package; these modules take it as arguments or hooks. Like the rest of
:mod:`api_client`, they import only httpx, msgspec and the standard library.
"""
