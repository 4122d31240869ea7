"""The server-side sessions in the app's database (the default store; Redis when configured)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class WebSession(Base):
    __tablename__ = "web_session"

    # The store id: a prefix and the random id the cookie holds, nothing else.
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(timezone=True), index=True)
    # The provider's session id (the ID token's `sid`), so a sign-out the provider
    # starts (front-channel, where the browser sends no cookie of ours) finds it.
    provider_sid: Mapped[str | None] = mapped_column(String(200), index=True)
