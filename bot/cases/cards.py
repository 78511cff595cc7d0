"""What staff see of a case: the case card (masked), lists, and the buttons on them (Dutch or English)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.callbacks import Callback, data
from bot.cases.masking import mask
from bot.cases.states import Resolution
from bot.i18n import Catalogs
from bot.languages import english_name
from bot.roles import Role
from bot.store.case_tables import Case, StaffMember

ButtonRows = tuple[tuple[tuple[str, str], ...], ...]


class Cards:
    """Texts for key figures and coordinators, in their language (staff catalogue)."""

    def __init__(self, catalogs: Catalogs, districts: dict[str, str], needs: dict[str, str]) -> None:
        self.cat = catalogs
        self.districts = districts
        self.needs = needs

    def st(self, lang: str, message: str, **params: object) -> str:
        """A staff text."""
        return self.cat.st(lang, message, **params)

    def role_name(self, lang: str, role: str) -> str:
        """A role in words ('key figure', 'sleutelfiguur')."""
        names = {
            Role.KEY_FIGURE.value: self.st(lang, "key figure"),
            Role.CURATOR.value: self.st(lang, "curator"),
            Role.COORDINATOR.value: self.st(lang, "coordinator"),
        }
        return names.get(role, role)

    def summary(self, lang: str, case: Case, now: dt.datetime) -> str:
        """One line: number, language, district, needs, how long it has waited."""
        waited = max(0, int((now - case.created_at).total_seconds() // 60))
        area = self.districts.get(case.district or "", self.st(lang, "area unknown"))
        needs = ", ".join(self.needs.get(n, n) for n in case.needs) or self.st(lang, "topic unknown")
        line = self.st(
            lang,
            "#{number} · {language} · {area} · {needs} · waiting {minutes} min",
            number=case.id,
            language=english_name(case.language),
            area=area,
            needs=needs,
            minutes=waited,
        )
        return ("🚨 " if case.emergency else "") + line

    def card(self, lang: str, case: Case, question: str | None, now: dt.datetime) -> str:
        """The offer card: the summary and the resident's question with personal data masked."""
        text = self.summary(lang, case, now)
        if question:
            text += "\n\n“" + mask(question)[:1500] + "”"
        return text

    def claim_buttons(self, lang: str, case_id: int) -> ButtonRows:
        """The Claim button of an offer."""
        return (((self.st(lang, "✋ Claim #{number}", number=case_id), data(Callback.CLAIM, case_id)),),)

    def coordinator_buttons(self, lang: str, case_id: int, people: Sequence[StaffMember]) -> ButtonRows:
        """Assign buttons for the coordinators' group, plus claiming it yourself."""
        rows = [
            ((self.st(lang, "→ {name}", name=p.name), data(Callback.ASSIGN, case_id, p.user_id)),) for p in people[:4]
        ]
        rows.append(((self.st(lang, "✋ Claim #{number}", number=case_id), data(Callback.CLAIM, case_id)),))
        return tuple(rows)

    def case_buttons(self, lang: str, case_id: int) -> ButtonRows:
        """What a key figure can do with a claimed case."""
        return (
            (
                (self.st(lang, "✅ Close"), data(Callback.RESOLVE, case_id)),
                (self.st(lang, "↩️ Give back"), data(Callback.HAND_BACK, case_id)),
            ),
            ((self.st(lang, "👥 To a coordinator"), data(Callback.HAND_BACK, case_id, "c")),),
        )

    def resolution_buttons(self, lang: str, case_id: int) -> ButtonRows:
        """The outcomes to close a case with."""
        labels = {
            Resolution.HELPED: self.st(lang, "Helped here"),
            Resolution.REFERRED: self.st(lang, "Referred to a service"),
            Resolution.UNREACHABLE: self.st(lang, "Resident unreachable"),
            Resolution.NOT_IN_KB: self.st(lang, "Not in the knowledge base"),
            Resolution.REUSABLE: self.st(lang, "Helped, and the answer is reusable"),
            Resolution.OTHER: self.st(lang, "Other (with a note)"),
        }
        return tuple(((label, data(Callback.OUTCOME, case_id, r.value)),) for r, label in labels.items())
