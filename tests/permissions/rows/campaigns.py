"""Permission matrix rows of the campaign pages: administrators only (``campaign`` is open).

An open campaign can no longer be edited: its edit page sends the administrator back to
the campaign's page (302). Opening and closing accept POST only: GET gets 405 from
everyone, before any login or persona check.
"""

LOGIN = "login"
OTHERS = ["no_persona_user", "head_a", "head_b", "delegate", "official"]
PERSONAS = ["anonymous", "administrator", *OTHERS]

ADMIN_ONLY = {"anonymous": LOGIN, "administrator": 200} | dict.fromkeys(OTHERS, 403)
POST_ONLY_ROW = dict.fromkeys(PERSONAS, 405)


def _campaign(objs):
    return {"slug": objs["campaign"].slug}


ROWS = {
    "surveys-campaign-list": (lambda objs: {}, ADMIN_ONLY),
    "surveys-campaign-create": (lambda objs: {}, ADMIN_ONLY),
    "surveys-campaign-detail": (_campaign, ADMIN_ONLY),
    "surveys-campaign-edit": (_campaign, ADMIN_ONLY | {"administrator": 302}),
    "surveys-campaign-open": (_campaign, POST_ONLY_ROW),
    "surveys-campaign-close": (_campaign, POST_ONLY_ROW),
    "surveys-campaign-export": (lambda objs: _campaign(objs) | {"fmt": "csv"}, ADMIN_ONLY),
}
POST_ONLY = {"surveys-campaign-open", "surveys-campaign-close"}
