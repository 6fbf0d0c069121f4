"""A record's public history in words a reader understands: a feed's entries.

Built only from `partnerships.history.History` read by the PUBLIC reader, so
what was never public (a draft's wording, a part added and removed while the
record was a draft), internal notes, editors' names and change reasons are
never there to be worded. Terms of an agreement are shown as the site shows
them (`Agreement.term_phrase`, `partnerships.certainty`), each with how sure it
was as readers then saw it: "Value changed from “about USD 5 billion” to “USD 7
billion” (reported)". Never surer than the source.
"""

import datetime
import decimal
from dataclasses import dataclass
from itertools import groupby

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from partnerships.certainty import NOT_RECORDED, Certainty
from partnerships.certainty import hedge as certainty_hedge
from partnerships.models import Agreement, Statement, Term
from partnerships.templatetags.browse import record_name, statement_summary

# An admin save writes the record, then its inline parts (the reports of its
# terms among them), each a moment later: the certainty a term change is shown
# with is the one recorded within this time of it.
SAME_SAVE = datetime.timedelta(seconds=5)

# The fields each of an agreement's terms is read from (`Agreement.term_phrase`).
TERM_FIELDS = {
    Term.VALUE: (
        "value_amount",
        "value_currency",
        "value_qualifier",
        "value_as_reported",
        "value_as_reported_en",
    ),
    Term.EXCLUSIVITY: ("exclusivity", "exclusivity_scope"),
    Term.RIGHT_OF_FIRST_REFUSAL: ("right_of_first_refusal",),
    Term.STATUS: ("status",),
    **{
        term: (f"{term}_on", f"{term}_precision")
        for term in (Term.ANNOUNCED, Term.EFFECTIVE, Term.EXPIRES, Term.ENDED)
    },
}
# What a new statement's entry quotes it by (`statement_summary`).
STATEMENT_WORDS = (
    "headline",
    "form",
    "text",
    "language",
    "spoken_language",
    "text_en",
    "text_en_is_translation",
)
LONG = 80  # longer values are quoted as they now read, not from and to


@dataclass(frozen=True)
class Change:
    """One feed entry: something readers saw change on `record`."""

    record: models.Model
    at: datetime.datetime
    title: str
    text: str
    guid: str


def record_changes(record, entries: list[dict]) -> list[Change]:
    """The entries of `record`'s public history (`History(record,
    PUBLIC).entries()`, newest first) in words, newest first."""
    return Wording(record).changes(entries)


class Wording:
    def __init__(self, record) -> None:
        self.record = record
        self.model = type(record)
        self.label = self.model._meta.model_name
        self.name = (
            f"Statement by {record.speaker.name}"
            if isinstance(record, Statement)
            else record_name(record)
        )

    def changes(self, entries: list[dict]) -> list[Change]:
        oldest_first = sorted(entries, key=lambda e: (e["at"], e["version"]))
        groups = [
            list(group)
            for _, group in groupby(oldest_first, key=lambda e: (e["at"], e["version"]))
        ]
        values: dict = {}
        parts: dict[tuple, dict] = {}
        states = []  # (values, parts) after each group
        for group in groups:
            before = (dict(values), {key: dict(v) for key, v in parts.items()})
            for entry in group:
                self._apply(entry, values, parts)
            states.append((before, (dict(values), dict(parts))))
        found = []
        for index, group in enumerate(groups):
            before, after = states[index]
            # The reports saved with this change: the state once its save is done.
            settled = after
            for later in range(index + 1, len(groups)):
                if groups[later][0]["at"] - group[0]["at"] > SAME_SAVE:
                    break
                settled = states[later][1]
            for entry in group:
                found.append(self._change(entry, before, after, settled))
        return sorted(found, key=lambda change: change.at, reverse=True)

    def _apply(self, entry: dict, values: dict, parts: dict) -> None:
        new = {change["field"]: change["new"] for change in entry["changes"]}
        if entry["part_id"] is None:
            if entry["type"] != "withdrawn":
                values.update(new)
        elif entry["type"] == "deleted":
            parts.pop((entry["part"], entry["part_id"]), None)
        else:
            parts.setdefault((entry["part"], entry["part_id"]), {}).update(new)

    # -- one entry -------------------------------------------------------------------

    def _change(self, entry: dict, before, after, settled) -> Change:
        kind = entry["type"]
        changed = [change["field"] for change in entry["changes"]]
        if entry["part_id"] is not None:
            title, text = self._part_words(entry, kind)
        elif kind == "withdrawn":
            title = f"{self.name}: withdrawn"
            text = "Withdrawn from the tracker: readers no longer see it."
        elif kind == "created" or (kind == "published" and not before[0]):
            # First seen by readers: what it is, not every field it has.
            title = self._new_record_title()
            text = self._new_record_text(entry, before, after, settled)
        else:
            sentences = self._sentences(changed, before, after, settled)
            if kind == "published":
                title = f"{self.name}: published again"
                text = "\n".join(["Published again after being withdrawn.", *sentences])
            else:
                title = f"{self.name}: " + (sentences[0] if sentences else "changed")
                if len(sentences) > 1:
                    title += f" (and {len(sentences) - 1} more)"
                text = "\n".join(sentences) or "Changed."
        guid = ":".join(
            str(part)
            for part in (
                self.label,
                self.record.pk,
                entry["version"],
                entry["part"],
                entry["part_id"] or "",
                kind,
            )
        )
        return Change(self.record, entry["at"], title, text, guid)

    def _new_record_title(self) -> str:
        if isinstance(self.record, Statement):
            return f"New statement by {self.record.speaker.name}"
        return f"New {self.model._meta.verbose_name}: {self.name}"

    def _new_record_text(self, entry: dict, before, after, settled) -> str:
        if isinstance(self.record, Statement):
            said = Statement(speaker=self.record.speaker)
            for field in STATEMENT_WORDS:
                value = after[0].get(field)
                if value is not None:
                    setattr(said, field, value)
            return "\n".join(
                line for line in (said.headline, statement_summary(said)) if line
            )
        sentences = []
        if self.model is Agreement:
            terms = [f for fields in TERM_FIELDS.values() for f in fields]
            sentences = self._sentences(terms, before, after, settled)
        lead = after[0].get("summary") or after[0].get("description") or ""
        return "\n".join(line for line in (entry["summary"], lead, *sentences) if line)

    def _part_words(self, entry: dict, kind: str) -> tuple[str, str]:
        label, summary = entry["part"], entry["summary"]
        if kind == "deleted":
            return f"{self.name}: {label} removed: {summary}", f"Removed: {summary}"
        if kind == "created":
            return f"{self.name}: new {label}: {summary}", summary
        details = [
            self._plain_sentence(None, change["field"], change["old"], change["new"])
            for change in entry["changes"]
        ]
        return (
            f"{self.name}: {label} changed: {summary}",
            "\n".join([summary, *details]),
        )

    # -- what changed, in sentences ---------------------------------------------------

    def _sentences(self, changed, before, after, settled) -> list[str]:
        sentences = []
        done = set()
        if self.model is Agreement:
            for term, fields in TERM_FIELDS.items():
                if not set(fields) & set(changed):
                    continue
                done |= set(fields)
                sentence = self._term_sentence(term, before, after, settled)
                if sentence:
                    sentences.append(sentence)
        for field in changed:
            if field not in done:
                old, new = before[0].get(field), after[0].get(field)
                sentences.append(self._plain_sentence(self.model, field, old, new))
        return sentences

    def _term_sentence(self, term: str, before, after, settled) -> str:
        old = _term_phrase(term, before[0])
        new = _term_phrase(term, after[0])
        if old == new:
            return ""
        label = Term(term).label
        was = _reading(term, before[1])
        now = _reading(term, settled[1])
        how = now.label if now else NOT_RECORDED
        if not old:
            return f"{label}: “{certainty_hedge(new, now)}” ({how})"
        if not new:
            return f"{label} no longer given (was “{certainty_hedge(old, was)}”)"
        return (
            f"{label} changed from “{certainty_hedge(old, was)}” "
            f"to “{certainty_hedge(new, now)}” ({how})"
        )

    @staticmethod
    def _plain_sentence(model, field: str, old, new) -> str:
        label = field.replace("_", " ")
        if model is not None:
            try:
                meta_field = model._meta.get_field(field)
            except FieldDoesNotExist:  # a field of an older version of the model
                meta_field = None
            if meta_field is not None:
                label = str(getattr(meta_field, "verbose_name", label))
                choices = dict(getattr(meta_field, "choices", None) or [])
                if choices and not isinstance(new, list):
                    old, new = choices.get(old, old), choices.get(new, new)
        label = label[:1].upper() + label[1:]
        if isinstance(new, list) or isinstance(old, list):
            added = sorted(set(new or []) - set(old or []))
            removed = sorted(set(old or []) - set(new or []))
            said = [f"added {', '.join(added)}"] if added else []
            said += [f"removed {', '.join(removed)}"] if removed else []
            return f"{label}: {'; '.join(said)}"
        old, new = _shown(old), _shown(new)
        if not old:
            return f"{label}: “{new}”"
        if not new:
            return f"{label} removed (was “{old}”)"
        if len(old) > LONG or len(new) > LONG:
            return f"{label} now reads: “{new}”"
        return f"{label} changed from “{old}” to “{new}”"


def _shown(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "yes" if value else "no"
    return str(value)


def _term_phrase(term: str, values: dict) -> str:
    """An agreement's term in words from a public state's values, by the one
    display function pages use (`Agreement.term_phrase`)."""
    agreement = Agreement()
    for field in TERM_FIELDS[term]:
        raw = values.get(field)
        model_field = Agreement._meta.get_field(field)
        if raw in (None, ""):
            raw = None if model_field.null else model_field.get_default()
        elif isinstance(model_field, models.DateField):
            raw = datetime.date.fromisoformat(raw)
        elif isinstance(model_field, models.DecimalField):
            raw = decimal.Decimal(raw)
        setattr(agreement, field, raw)
    return agreement.term_phrase(term)


def _reading(term: str, parts: dict[tuple, dict]) -> Certainty | None:
    """The certainty of an agreement's own term in a public state: its current
    report's, the latest when several were."""
    current = [
        values
        for (label, part_id), values in sorted(parts.items())
        if label == "report"
        and values.get("term") == term
        and values.get("is_current")
        and not values.get("commitment")
    ]
    if not current:
        return None
    return Certainty(current[-1].get("basis", ""), current[-1].get("modality", ""))
