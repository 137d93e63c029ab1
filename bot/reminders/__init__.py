"""Scheduled channel posts: the daily "on this day" digest and milestone alerts.

- ``model``     subscriptions, their policy, occasions and ledger records
- ``rules``     anniversary arithmetic, posting instants and occasion keys (pure)
- ``options``   reading a subscription's options from text ("at 08:00 tz Europe/London")
- ``store``     the ``ReminderStore`` port: subscriptions and the delivery ledger
- ``planning``  which occasions a subscription has on a day, from the event store
- ``posts``     how digests and alerts are worded
- ``scheduler`` the loop: plan, claim in the ledger, publish, retry, catch up
- ``lease``     the ``SchedulerLease`` port: only the process holding it runs the loop
- ``manage``    subscribe, change, pause, resume and remove, audited
- ``handlers``  the chat commands built on the above
"""
