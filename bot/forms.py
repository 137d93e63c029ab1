"""Native forms for ``add`` and ``edit``, described once for every platform.

A ``Form`` says which fields a command's form has (name, label, whether required or
multi-line, how long, what it holds now); Discord and Slack each draw it as their own
modal. What the moderator submits becomes the command text the core already reads
(``Form.command_text``), so a form adds no second way of validating or saving: the
same handlers run, with the same messages, and a field's error names that field
(``FieldError``, ``Reply.field``). An edit form sends only the fields that changed,
with the version it showed, so a form left open while someone else changed the event
gets the usual "changed meanwhile" reply instead of silently undoing that change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.errors import FieldError, UserError
from bot.model import Event, Status
from bot.numbers import whole_number

#: The commands that open a form when given no fields.
FORM_COMMANDS = frozenset({"add", "edit"})
# Each field's length limit: together well under what the core reads of a command.
LIMITS = {"date": 60, "title": 200, "summary": 1000, "place": 100, "tags": 200, "source": 400}
LABELS = {
    "date": "Date (8 January 2020, 2020-01-08, …)",
    "title": "Title",
    "summary": "Summary",
    "place": "Place",
    "tags": "Tags, comma-separated",
    "source": "Source: PUBLISHER ; TITLE ; URL ; PUBLISHED",
}


@dataclass(frozen=True, slots=True)
class FormField:
    """One input of a form. ``value`` is what it shows when the form opens."""

    name: str
    label: str
    required: bool = False
    multiline: bool = False
    max_length: int = 1000
    value: str = ""


@dataclass(frozen=True, slots=True)
class Form:
    """The form of ``command`` ("add" or "edit"); an edit form names its event
    (``target_id``) and the version it was filled from."""

    command: str
    title: str
    fields: tuple[FormField, ...]
    target_id: int | None = None
    version: int | None = None

    def field(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.name == name), None)

    def prefilled(self, values: Mapping[str, str]) -> tuple[FormField, ...]:
        """The fields showing ``values`` (what was typed) instead of what they held;
        for reopening a form. What counts as changed is still judged against the form."""
        return tuple(
            replace(f, value=values[f.name]) if f.name in values else f for f in self.fields
        )

    def command_text(self, values: Mapping[str, str]) -> str:
        """The command the submitted ``values`` (field name -> text) stand for.
        Raises ``FieldError`` for a value the command syntax cannot carry."""
        given = {f.name: _clean(f.name, values.get(f.name, "")) for f in self.fields}
        if self.command == "edit":
            changed = [
                f"{f.name}={given[f.name]}" for f in self.fields
                if _same(given[f.name]) != _same(f.value)
            ]
            return " | ".join([f"edit {self.target_id}", *changed, f"version={self.version}"])
        parts = [given.get("date", "")]
        parts += [f"{name}={value}" for name, value in given.items() if name != "date" and value]
        return "add " + " | ".join(parts)


def _clean(name: str, value: str) -> str:
    # "|" separates a command's fields; inside one it would silently start another.
    if "|" in value:
        raise FieldError(name, f"The {name} cannot contain “|”; use “/” or “;” instead.")
    return value.strip()


def _same(value: str) -> str:
    """A value as compared for "changed": spacing makes no difference."""
    return " ".join(value.split())


def opens_form(name: str, args: str) -> bool:
    """Whether the command ``name`` with ``args`` asks for its form rather than running:
    "add" alone, or "edit ID" alone."""
    words = args.split()
    if name == "add":
        return not words
    return name == "edit" and len(words) == 1 and whole_number(words[0].lstrip("#")) is not None


def add_form() -> Form:
    """An empty form for a new event."""
    return Form("add", "Add an event", tuple(_field(name) for name in LIMITS))


def ensure_changeable(event: Event) -> None:
    """Refuse, saying why, an event that may not be changed: merged away or deleted.
    The edit form and every moderation command ask the same question here."""
    if event.merged_into is not None:
        raise UserError(f"Event #{event.id} was merged into #{event.merged_into}; change that "
                        "one instead.")
    if event.status is Status.RETRACTED:
        raise UserError(f"Event #{event.id} is deleted. To bring it back, undo its deletion "
                        f"(“history {event.id}” shows the entry to undo).")


def edit_form(event: Event) -> Form:
    """A form showing ``event`` as stored, to change its fields (sources are changed
    with ``cite`` and ``sources``)."""
    ensure_changeable(event)
    end = event.date.end_iso()
    shown = {
        "date": event.date.iso() + (f" to {end}" if end else ""),
        "title": event.title,
        "summary": event.summary,
        "place": event.place,
        "tags": ", ".join(event.tags),
    }
    fields = tuple(replace(_field(name), value=value) for name, value in shown.items())
    return Form("edit", f"Edit event #{event.id}", fields, event.id, event.version)


def _field(name: str) -> FormField:
    return FormField(name, LABELS[name], name in ("date", "title"), name == "summary",
                     LIMITS[name])
