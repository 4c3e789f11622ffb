"""The demo's people: the platform admin, an organizer, six judges and six entrants.

They sign up and get their roles through the accounts and competitions services, so the audit
trail shows how the demo was set up. Their addresses are made up: no mail is ever sent to
them (see :func:`unmailed`).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from judging.accounts import services as accounts
from judging.accounts import verification
from judging.accounts.schemas import Registration
from judging.accounts.tables import Account
from judging.clock import utcnow
from judging.competitions import services as competitions
from judging.database import writing
from judging.outbox.tables import OutboxMessage

DEMO_PASSWORD = "chinagate-demo-2021"
DEMO_DOMAIN = "demo.chinagate.local"

ADMIN = ("admin", "Platform Admin", "China Gate Master")
ORGANIZER = ("organizer", "Li Wei 李伟", "Nanjing Tech Week Office")
JUDGES = [
    ("judge1", "Prof. Zhang Min 张敏", "Nanjing University"),
    ("judge2", "Dr. Anna Müller", "Munich Ventures"),
    ("judge3", "Chen Jie 陈杰", "Purple Mountain Capital"),
    ("judge4", "Sarah Cohen", "Tel Aviv Biotech Fund"),
    ("judge5", "Wang Fang 王芳", "Southeast University"),
    ("judge6", "Kenji Tanaka", "Osaka Robotics Lab"),
]
ENTRANTS = [
    ("entrant1", "Liu Yang 刘洋", "DeepVision Medical", "CN"),
    ("entrant2", "Lukas Schmidt", "Auto Robotics GmbH", "DE"),
    ("entrant3", "Priya Nair", "GreenGrid Analytics", "SG"),
    ("entrant4", "Zhao Lei 赵磊", "Jiangsu NanoMaterials", "CN"),
    ("entrant5", "Noa Levi", "CellCure Ltd", "IL"),
    ("entrant6", "Emily Carter", "Harborside Fintech", "US"),
]


def demo_email(handle: str) -> str:
    return f"{handle}@{DEMO_DOMAIN}"


async def demo_accounts() -> list[tuple[str, str]]:
    """(role, email) of each demo account that exists."""
    rows = await Account.select(Account.email).where(Account.email.like(f"%@{DEMO_DOMAIN}"))
    emails = {row["email"] for row in rows}
    ordered = [("admin", ADMIN[0]), ("organizer", ORGANIZER[0])]
    ordered += [("judge", handle) for handle, *_ in JUDGES]
    ordered += [("entrant", handle) for handle, *_ in ENTRANTS]
    return [(role, demo_email(handle)) for role, handle in ordered if demo_email(handle) in emails]


@contextlib.asynccontextmanager
async def unmailed() -> AsyncIterator[None]:
    """One transaction for a step of the demo's setup, without the mails its services queue.

    The services mail the people they concern (judges their new assignments, for one); the
    demo's people are made up, so those mails are dropped before the transaction commits and
    no deliverer ever sees them.
    """
    async with writing():
        last = (
            await OutboxMessage.select(OutboxMessage.id)
            .order_by(OutboxMessage.id, ascending=False)
            .first()
        )
        yield
        # The outbox has no service to withdraw a queued mail: the rows go directly.
        await OutboxMessage.delete().where(
            (OutboxMessage.id > (last["id"] if last else 0))
            & OutboxMessage.to_address.like(f"%@{DEMO_DOMAIN}")
        )


async def create_admin() -> Account:
    """The platform admin, who creates the competition."""
    handle, name, organization = ADMIN
    return await accounts.create_account(
        email=demo_email(handle),
        display_name=name,
        password=DEMO_PASSWORD,
        organization=organization,
        is_platform_admin=True,
    )


async def _member(
    competition_id: int, person: tuple[str, str, str], role: str, actor_id: int
) -> Account:
    handle, name, organization = person
    account = await accounts.create_account(
        email=demo_email(handle),
        display_name=name,
        password=DEMO_PASSWORD,
        organization=organization,
    )
    # The role given directly, not by invitation: an invitation is a mailed link to accept,
    # and would leave invitation rows and pending judge profiles the demo never had.
    await competitions.add_membership(competition_id, account.id, role, actor_id)
    return account


async def add_organizer(competition_id: int, admin_id: int) -> Account:
    """The organizer, made one by the admin."""
    return await _member(competition_id, ORGANIZER, competitions.ORGANIZER, admin_id)


async def add_judges(competition_id: int, organizer_id: int) -> list[Account]:
    """The six judges, made judges of the competition by its organizer."""
    return [
        await _member(competition_id, judge, competitions.JUDGE, organizer_id) for judge in JUDGES
    ]


async def sign_up_entrants() -> dict[str, Account]:
    """The six entrants, signed up as anyone may and their addresses confirmed, as if each
    had opened the link mailed to them; handle -> account."""
    entrants = {}
    for handle, name, organization, _country in ENTRANTS:
        entrants[handle] = await accounts.register_entrant(
            Registration(
                email=demo_email(handle),
                display_name=name,
                password=DEMO_PASSWORD,
                password_confirm=DEMO_PASSWORD,
                organization=organization,
            )
        )
        await verification.mark_verified(entrants[handle], utcnow())
    return entrants
