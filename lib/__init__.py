"""ATENSI Rakor Dashboard: the logic, testable without a browser.

The layers, lowest first. A module imports only from its own layer or the ones below it (tests/unit/test_layers.py
checks this and that the import graph has no cycle). Each name is a module or a package of lib/.
"""

LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "periode", "fmt", "names"),  # no lib imports: the words, numbers and names every layer uses
    # settings, configuration, its schema and check (with the datasets and the one column registry, which indicator
    # expressions name, the indicators' grammar and Mutu Data's rules written in it); web server
    (
        "config",
        "config_check",
        "config_reference",
        "config_schema",
        "web",
        "schema",
        "indicators",
        "indicators_bawaan",
        "quality_rules",
    ),
    ("principal",),  # who is acting and what they may write
    ("store",),  # the versioned store
    ("geo", "ingest", "sample", "accounts"),  # what goes into the store: boundaries, uploads, the sample, accounts
    ("figures",),  # numbers only
    ("present",),  # what a person reads: cards, tables, sentences, slide and brief content
    ("render",),  # specs and files: charts, maps, PDF, PPTX, Excel/CSV/PNG
    (
        "ui",
        "cli",
        "cli_text",
        "cli_accounts",
        "cli_store",
        "cli_quality",
        "cli_server",
        "__main__",
    ),  # the two front doors: Streamlit and the command line
)
