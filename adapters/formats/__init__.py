"""Import and export formats: pure conversions between events and files.

Nothing here touches the store, the terminal or the file system: each format module
turns events into a file's text (``dump``) and a file's text into events and the rows
that could not be read (``load``), so the command line (``adapters.transfer_cli``) and,
later, chat commands with attachments share them.

- ``rows``          what a load returns: events with their line numbers, bad rows, notes
- ``fields``        checking one record's values (hostile text, dates, sources) into events
- ``csv_format``    Dateline's CSV, one event per row (RFC 4180)
- ``json_format``   Dateline's JSON, the full model (a superset of the sample timeline)
- ``timelinejs``    TimelineJS JSON (``events[]`` with ``start_date`` …)
- ``timelinejs_csv`` the TimelineJS Google Sheet columns
- ``ical``          iCalendar (RFC 5545): yearly recurring anniversaries, export only
- ``json_walk``     reading JSON with the line each event starts on
- ``json_out``      writing JSON an event at a time (exports of large stores)
- ``spreadsheet``   CSV rows as spreadsheets see them (formula cells defused)
- ``html_text``     plain text to and from TimelineJS's HTML
- ``detect``        reading an import file's bytes, telling its format, loading it
- ``report``        the words of an import's report
- ``duplicates``    which loaded events the store (or the file) already has
"""

from __future__ import annotations

#: Every format's name, as ``--format`` spells it.
EXPORT_FORMATS = ("csv", "json", "timelinejs", "timelinejs-csv", "ics")
#: The formats an import can read (an iCalendar file holds too little to rebuild events).
IMPORT_FORMATS = ("csv", "json", "timelinejs", "timelinejs-csv")
