"""ATENSI Rakor Dashboard: the logic (store, sample data, metrics, charts), testable without a browser."""
