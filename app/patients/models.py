from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class Patient(Base):
    __tablename__ = "patient"

    id: Mapped[int] = mapped_column(primary_key=True)
    national_id: Mapped[str] = mapped_column(String(11), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # When the person accepted the portal's terms and became a portal user; None when
    # they never did or have stopped being one. How hospital letters reach them depends
    # on it (a later issue), so it is a plain fact here, not a setting of the inbox.
    portal_user_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(timezone=True))

    @property
    def is_portal_user(self) -> bool:
        return self.portal_user_since is not None
