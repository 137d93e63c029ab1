"""How commands' arguments are written, and their limits: shared by the command table
(help, slash-command options) and the handlers' own error messages, without the
table importing the handlers."""

from __future__ import annotations

ADD_USAGE = "add DATE | TITLE | SUMMARY | PLACE | TAGS"
CITE_USAGE = "cite ID | PUBLISHER | TITLE | URL | PUBLISHED"
HISTORY_USAGE = "history ID [share]"
AUDIT_USAGE = "audit [COUNT] [event ID | by USER | since DATE] [share]"
EDIT_USAGE = "edit ID | FIELD=VALUE | ..."
SHOW_USAGE = "show ID [share]"
DELETE_USAGE = "delete ID [confirm]"
MERGE_USAGE = "merge KEEP OTHER"
PUBLISH_USAGE = "publish ID"
UNPUBLISH_USAGE = "unpublish ID"
TAGS_USAGE = "tags [rename OLD NEW | merge FROM TO]"
SOURCES_USAGE = "sources ID [edit N | PUBLISHER | TITLE | URL | PUBLISHED | remove N]"
UNDO_USAGE = "undo ENTRY"
#: The fields ``edit`` changes, as help words them.
EDIT_FIELDS = "date, title, summary, place, tags (also tags+= and tags-=), source+=, version"

OPTIONS_USAGE = (
    "[digest|alerts|both] [at HH:MM] [tz AREA/CITY] [milestones 1,2,5,10] "
    "[lead 30,7,0] [tags iran,iraq|none] [weekends friday|keep] [empty on|off]"
)
MAX_SCHEDULE_DAYS = 60

# The longest message the core reads; anything after it is cut. Platforms with typed
# options keep each option short enough that a whole command fits.
MAX_INPUT = 4000
