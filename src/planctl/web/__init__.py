"""The web desk (`planctl serve`): a second front end beside `cli`, over the same core.

Units report, 研考 reviews and everyone sees the lights in a browser, through the same plan
loading, rules, queries and ledger writer as the command line. Importing this package imports
nothing of the web stack: `accounts` (used by `planctl user`) needs only werkzeug's hashing,
when it hashes; `app` is Flask.
"""
