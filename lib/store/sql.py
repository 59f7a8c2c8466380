"""The store's SQL, the same for DuckDB and PostgreSQL: migrations, the current-value views and the queries.

Parameters are written `?` (DuckDB's style); the PostgreSQL backend turns them into psycopg's `%s`.
"""

from __future__ import annotations

from lib.schema import BILANGAN, DATASETS, SQL_TYPES, Dataset

SCHEMA_VERSION = 7

# The datasets migration 1 created; a dataset added later has a migration of its own (6: hasil).
FIRST_DATASETS = ("pas", "layanan", "program", "ska", "sdm", "penduduk", "tindak_lanjut")


def table(ds: Dataset) -> str:
    return f"data_{ds.nama}"


def view(ds: Dataset) -> str:
    return f"kini_{ds.nama}"


def column_types(ds: Dataset) -> str:
    """`name TYPE, …` of the dataset's columns, for a table that holds incoming rows."""
    return ", ".join(f"{k.name} {SQL_TYPES[k.kind]}" for k in ds.kolom)


def _create_dataset_sql(ds: Dataset) -> list[str]:
    cols = []
    for k in ds.kolom:
        sql = f"{k.name} {SQL_TYPES[k.kind]}"
        if k.name in ds.kunci:
            sql += " NOT NULL"
        if k.kind == BILANGAN:
            sql += f" CHECK ({k.name} >= 0)"
        cols.append(sql)
    keys = ", ".join(ds.kunci)
    return [
        f"CREATE TABLE {table(ds)} (batch_id INTEGER NOT NULL REFERENCES batch(id), {', '.join(cols)}, "
        f"PRIMARY KEY (batch_id, {keys}))",
        # Latest active batch wins, key by key. DISTINCT ON works the same in DuckDB and PostgreSQL.
        f"CREATE VIEW {view(ds)} AS SELECT DISTINCT ON ({keys}) d.* FROM {table(ds)} d "
        f"JOIN batch b ON b.id = d.batch_id WHERE b.aktif ORDER BY {keys}, d.batch_id DESC",
    ]


def new_follow_up_meetings(where: str) -> str:
    """A meeting for each follow-up meeting name no meeting set up has (rows of data_tindak_lanjut `d` matching
    `where`): its name is its series too, its kind read from the name, its date the follow-ups' (the latest)."""
    return f"""INSERT INTO rapat (seri, nama, jenis, tanggal, tempat, wilayah, slide, dibuat_oleh, dibuat, diubah_oleh,
               diubah, disiapkan)
        SELECT d.rapat, d.rapat, CASE WHEN lower(d.rapat) LIKE 'rakernis%' THEN 'Rakernis'
                                      WHEN lower(d.rapat) LIKE 'rakornis%' THEN 'Rakornis' ELSE 'Rakor' END,
               coalesce(max(d.tanggal_rapat), CAST(min(b.waktu) AS DATE)), '', '', '', min(b.pengguna), min(b.waktu),
               min(b.pengguna), min(b.waktu), FALSE
        FROM data_tindak_lanjut d JOIN batch b ON b.id = d.batch_id
        WHERE {where} AND NOT EXISTS (SELECT 1 FROM rapat r WHERE r.nama = d.rapat)
        GROUP BY d.rapat ORDER BY min(d.batch_id), d.rapat"""


def register_follow_ups(where: str) -> str:
    """An id for each follow-up key of data_tindak_lanjut `d` matching `where` that has none yet, in the meeting of
    its name (of its date when several are), recorded as by the batch that first held it."""
    return f"""INSERT INTO tindak_lanjut (rapat_id, rapat, kode_wilayah, uraian, dicatat_oleh, dicatat)
        SELECT (SELECT coalesce(min(r.id) FILTER (WHERE r.tanggal = k.tanggal), max(r.id)) FROM rapat r
                WHERE r.nama = k.rapat), k.rapat, k.kode_wilayah, k.uraian, b.pengguna, b.waktu
        FROM (SELECT d.rapat, d.kode_wilayah, d.uraian, max(d.tanggal_rapat) AS tanggal, min(d.batch_id) AS pertama
              FROM data_tindak_lanjut d WHERE {where} GROUP BY d.rapat, d.kode_wilayah, d.uraian) k
        JOIN batch b ON b.id = k.pertama
        WHERE NOT EXISTS (SELECT 1 FROM tindak_lanjut t WHERE t.rapat = k.rapat AND t.kode_wilayah = k.kode_wilayah
                          AND t.uraian = k.uraian)
        ORDER BY k.pertama, k.rapat, k.kode_wilayah, k.uraian"""


# Migrations: MIGRATIONS[v] brings a database from version v-1 to v. Append, never edit a released one.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE meta (kunci VARCHAR PRIMARY KEY, nilai VARCHAR)",
        "CREATE SEQUENCE batch_id_seq START 1",
        """CREATE TABLE batch (
            id INTEGER PRIMARY KEY DEFAULT nextval('batch_id_seq'),
            dataset VARCHAR NOT NULL,
            pengguna VARCHAR NOT NULL,
            waktu TIMESTAMP NOT NULL,          -- UTC
            nama_berkas VARCHAR,
            sha256 VARCHAR,
            baris_baru INTEGER NOT NULL,
            baris_berubah INTEGER NOT NULL,
            baris_sama INTEGER NOT NULL,
            catatan VARCHAR,
            contoh BOOLEAN NOT NULL DEFAULT FALSE,   -- seeded sample data (DATA CONTOH)
            aktif BOOLEAN NOT NULL DEFAULT TRUE,
            dibatalkan_oleh VARCHAR,
            dibatalkan_pada TIMESTAMP
        )""",
        *[sql for name in FIRST_DATASETS for sql in _create_dataset_sql(DATASETS[name])],
    ],
    # A counter bumped in the transaction of every write: PostgreSQL's cheap stamp for the dashboard's cache.
    2: ["INSERT INTO meta VALUES ('perubahan', '0')"],
    # Accounts keyed by login name or e-mail (lib.accounts) and the audit trail (lib.store.audit).
    3: [
        """CREATE TABLE akun (
            login VARCHAR PRIMARY KEY,            -- login name or e-mail (OIDC accounts are matched by e-mail)
            nama VARCHAR NOT NULL DEFAULT '',
            peran VARCHAR NOT NULL,               -- pembaca, operator, admin
            wilayah VARCHAR NOT NULL DEFAULT '',  -- an operator's districts: Kemendagri codes, comma-separated
            hash_sandi VARCHAR,                   -- argon2id; NULL: no local password (OIDC only)
            aktif BOOLEAN NOT NULL DEFAULT TRUE,
            gagal INTEGER NOT NULL DEFAULT 0,     -- failed sign-ins in a row
            terkunci_sampai TIMESTAMP,            -- UTC: no sign-in before this, after repeated failures
            dibuat TIMESTAMP NOT NULL,
            diubah TIMESTAMP NOT NULL
        )""",
        "CREATE SEQUENCE audit_id_seq START 1",
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY DEFAULT nextval('audit_id_seq'),
            waktu TIMESTAMP NOT NULL,             -- UTC
            login VARCHAR NOT NULL,               -- the authenticated identity (or the name typed at a failed sign-in)
            peran VARCHAR NOT NULL,
            via VARCHAR NOT NULL,                 -- lokal, oidc, baris perintah (OS: user), sistem
            aksi VARCHAR NOT NULL,
            objek VARCHAR NOT NULL,
            hasil VARCHAR NOT NULL,               -- berhasil, ditolak, gagal
            rincian VARCHAR NOT NULL DEFAULT ''
        )""",
    ],
    # Sign-in attempts counted per account and client address and per address (lib.store.signin); the key that
    # turns a typed login into `akun` (HMAC, so no typed text is kept); the typed text of earlier failed sign-ins
    # with a login that matched no account (perhaps a password typed in the wrong field) removed from the trail.
    4: [
        """CREATE TABLE percobaan_masuk (
            akun VARCHAR NOT NULL,                -- HMAC of the typed login; '' for the address as a whole
            alamat VARCHAR NOT NULL,              -- the client's address
            gagal INTEGER NOT NULL,               -- failed attempts in a row (forgotten an hour after the last)
            terkunci_sampai TIMESTAMP,            -- UTC: refused before this
            terakhir TIMESTAMP NOT NULL,          -- UTC: the last failed attempt
            PRIMARY KEY (akun, alamat)
        )""",
        "INSERT INTO meta VALUES ('kunci_masuk', CAST(gen_random_uuid() AS VARCHAR))",
        "UPDATE audit SET login = '(tidak dikenal)' WHERE aksi = 'masuk' AND rincian = 'akun tidak dikenal'",
    ],
    # Meetings set up in the app (lib.store.meetings): what presentation mode, the deck and the brief are for, and
    # the anchor of the meeting's record (follow-ups and decisions will refer to rapat.id).
    5: [
        "CREATE SEQUENCE rapat_id_seq START 1",
        """CREATE TABLE rapat (
            id INTEGER PRIMARY KEY DEFAULT nextval('rapat_id_seq'),
            seri VARCHAR NOT NULL,                -- meetings of one series follow each other
            nama VARCHAR NOT NULL,
            jenis VARCHAR NOT NULL,               -- Rakernis, Rakornis, Rakor
            tanggal DATE NOT NULL,
            tempat VARCHAR NOT NULL DEFAULT '',   -- a place or a Zoom link's text
            wilayah VARCHAR NOT NULL DEFAULT '',  -- participating districts: Kemendagri codes, comma-separated; '' all
            slide VARCHAR NOT NULL DEFAULT '',    -- slides in order ('judul,ringkasan,klaster:anak'); '' configured
            dibuat_oleh VARCHAR NOT NULL,
            dibuat TIMESTAMP NOT NULL,            -- UTC
            diubah_oleh VARCHAR NOT NULL,
            diubah TIMESTAMP NOT NULL             -- UTC
        )""",
    ],
    # The outcome dataset (hasil): what happened to the people served after their services.
    6: _create_dataset_sql(DATASETS["hasil"]),
    # The meeting's record (lib.store.follow_ups): every follow-up its own id, belonging to a meeting (rapat.id);
    # the follow-ups already stored get theirs, and a meeting each (created from the name and date they carry when
    # none of that name is set up). The meeting's notulis, and the slide its presenter last showed.
    7: [
        "CREATE SEQUENCE tindak_lanjut_id_seq START 1",
        """CREATE TABLE tindak_lanjut (
            id INTEGER PRIMARY KEY DEFAULT nextval('tindak_lanjut_id_seq'),
            rapat_id INTEGER NOT NULL,            -- rapat.id: the meeting where it was agreed
            rapat VARCHAR NOT NULL,               -- its key in the dataset tindak_lanjut (data_tindak_lanjut):
            kode_wilayah VARCHAR NOT NULL,        --   rapat, kode_wilayah ('' all), uraian; status, due date and
            uraian VARCHAR NOT NULL,              --   notes stay there, one version per batch (the history)
            slide VARCHAR NOT NULL DEFAULT '',    -- the slide it was agreed on ('peta', 'klaster:anak'); '' uploaded
            nomor_slide INTEGER,                  -- that slide's number in the meeting
            kode_indikator VARCHAR NOT NULL DEFAULT '',  -- the measure on that slide ([[indikator]] kode)
            periode VARCHAR NOT NULL DEFAULT '',  -- the month the slide showed
            klaster VARCHAR NOT NULL DEFAULT '',  -- and its klaster ('' all)
            nilai_awal DOUBLE PRECISION,                 -- the figure then (the district's, or the coverage's for all)
            dicatat_oleh VARCHAR NOT NULL,
            dicatat TIMESTAMP NOT NULL,           -- UTC
            UNIQUE (rapat, kode_wilayah, uraian)
        )""",
        # a meeting made from a follow-up's meeting name, not set up on the Rapat screen: never the one in force
        "ALTER TABLE rapat ADD COLUMN disiapkan BOOLEAN NOT NULL DEFAULT TRUE",
        new_follow_up_meetings("TRUE"),
        register_follow_ups("TRUE"),
        """CREATE TABLE notulis (
            rapat_id INTEGER PRIMARY KEY,         -- one notulis per meeting, named by an admin
            login VARCHAR NOT NULL,
            ditunjuk_oleh VARCHAR NOT NULL,
            ditunjuk TIMESTAMP NOT NULL           -- UTC
        )""",
        """CREATE TABLE slide_tampil (
            rapat_id INTEGER PRIMARY KEY,         -- the slide the presenter last showed, per meeting
            nomor INTEGER NOT NULL,
            slide VARCHAR NOT NULL,               -- 'peta', 'klaster:anak'
            periode VARCHAR NOT NULL DEFAULT '',  -- the presenter's filters then
            klaster VARCHAR NOT NULL DEFAULT '',
            kode_wilayah VARCHAR NOT NULL DEFAULT '',
            waktu TIMESTAMP NOT NULL              -- UTC
        )""",
    ],
}

SCHEMA_EXISTS = (
    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta' AND table_schema = current_schema()"
)
SCHEMA_VERSION_SQL = "SELECT nilai FROM meta WHERE kunci = 'schema_version'"
SET_SCHEMA_VERSION = (
    "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (kunci) DO UPDATE SET nilai = excluded.nilai"
)
BUMP_CHANGES = "UPDATE meta SET nilai = CAST(CAST(nilai AS BIGINT) + 1 AS VARCHAR) WHERE kunci = 'perubahan'"
READ_CHANGES = "SELECT nilai FROM meta WHERE kunci = 'perubahan'"

INSERT_BATCH = """INSERT INTO batch (dataset, pengguna, waktu, nama_berkas, sha256, baris_baru, baris_berubah,
                  baris_sama, catatan, contoh) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"""
BATCH_COLUMNS = [
    "id",
    "dataset",
    "pengguna",
    "waktu",
    "nama_berkas",
    "sha256",
    "baris_baru",
    "baris_berubah",
    "baris_sama",
    "catatan",
    "contoh",
    "aktif",
    "dibatalkan_oleh",
    "dibatalkan_pada",
]
ROLLBACK = (
    "UPDATE batch SET aktif = FALSE, dibatalkan_oleh = ?, dibatalkan_pada = ? "
    "WHERE id = ? AND aktif"
)  # no RETURNING: DuckDB then trips over the data tables' foreign keys
AKUN_COLUMNS = [
    "login",
    "nama",
    "peran",
    "wilayah",
    "hash_sandi",
    "aktif",
    "gagal",
    "terkunci_sampai",
    "dibuat",
    "diubah",
]
RAPAT_COLUMNS = [
    "id",
    "seri",
    "nama",
    "jenis",
    "tanggal",
    "tempat",
    "wilayah",
    "slide",
    "dibuat_oleh",
    "dibuat",
    "diubah_oleh",
    "diubah",
    "disiapkan",
]
RECORD_TABLES = ("tindak_lanjut", "notulis", "slide_tampil")  # the meeting's record (migration 7)
AUDIT_COLUMNS = ["id", "waktu", "login", "peran", "via", "aksi", "objek", "hasil", "rincian"]
INSERT_AUDIT = (
    "INSERT INTO audit (waktu, login, peran, via, aksi, objek, hasil, rincian) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
STATE_TOKEN = "SELECT coalesce(max(id), 0), count(*) FILTER (WHERE NOT aktif) FROM batch"


CHANGED_KEPT = 5_000  # changed rows a comparison brings back with their old values (the preview shows this many)


def compare(ds: Dataset) -> str:
    """The rows of `incoming` against the current values: per status ('baru' / 'berubah' / 'sama') its number of
    rows `n`, one row of each status and up to CHANGED_KEPT changed rows with, per value column, the old value.
    Counted here rather than by fetching every row: 100,000 rows back into Python cost more than the join."""
    on = " AND ".join(f"i.{k} = k.{k}" for k in ds.kunci)
    differs = " OR ".join(f"i.{c} IS DISTINCT FROM k.{c}" for c in ds.nilai)
    old = ", ".join(f"k.{c} AS lama_{c}" for c in ds.nilai)
    return f"""SELECT * FROM (
                 SELECT c.*, count(*) OVER (PARTITION BY perubahan) AS n, row_number() OVER (PARTITION BY perubahan) AS r
                 FROM (SELECT i.*, CASE WHEN k.{ds.kunci[0]} IS NULL THEN 'baru'
                                        WHEN {differs} THEN 'berubah' ELSE 'sama' END AS perubahan, {old}
                       FROM incoming i LEFT JOIN {view(ds)} k ON {on}) c) x
               WHERE r <= CASE WHEN perubahan = 'berubah' THEN {CHANGED_KEPT} ELSE 1 END"""


def insert_incoming(ds: Dataset) -> str:
    """The rows of `incoming` into the dataset's table as batch ? (the rows compared are the rows stored)."""
    cols = ", ".join(ds.kolom_nama)
    return f"INSERT INTO {table(ds)} (batch_id, {cols}) SELECT ?, {cols} FROM incoming"


def current_rows(ds: Dataset) -> str:
    """The current rows (batch_id and every column), what the view `kini_<dataset>` holds, as an anti-join: an
    active row for which no newer active batch has the same key. The view's DISTINCT ON sorts every row of every
    batch first (about 270 MB of DuckDB memory for the national `layanan`); the anti-join streams (about 50 MB)."""
    newer = " AND ".join(f"n.{k} = d.{k}" for k in ds.kunci)
    return f"""SELECT d.* FROM {table(ds)} d JOIN batch b ON b.id = d.batch_id
               WHERE b.aktif AND NOT EXISTS (SELECT 1 FROM {table(ds)} n JOIN batch nb ON nb.id = n.batch_id
                                             WHERE nb.aktif AND n.batch_id > d.batch_id AND {newer})"""


def current(ds: Dataset) -> str:
    cols = ", ".join(f"c.{k}" for k in ds.kolom_nama)
    return f"SELECT {cols} FROM ({current_rows(ds)}) c ORDER BY {', '.join(f'c.{k}' for k in ds.kunci)}"


def batch_changes(ds: Dataset) -> str:
    """The rows of batch ? with what each did to the latest active values older than it (parameters: id, id)."""
    keys = ", ".join(ds.kunci)
    on = " AND ".join(f"d.{k} = p.{k}" for k in ds.kunci)
    differs = " OR ".join(f"d.{c} IS DISTINCT FROM p.{c}" for c in ds.nilai)
    old = ", ".join(f"p.{c} AS lama_{c}" for c in ds.nilai)
    cols = ", ".join(f"d.{c}" for c in ds.kolom_nama)
    # The outer SELECT lets ORDER BY use `perubahan`: PostgreSQL allows an output name only on its own there.
    return f"""SELECT * FROM (
                 WITH p AS (SELECT DISTINCT ON ({keys}) x.* FROM {table(ds)} x JOIN batch b ON b.id = x.batch_id
                            WHERE b.aktif AND x.batch_id < ? ORDER BY {keys}, x.batch_id DESC)
                 SELECT {cols}, CASE WHEN p.{ds.kunci[0]} IS NULL THEN 'baru' WHEN {differs} THEN 'berubah'
                                     ELSE 'sama' END AS perubahan, {old}
                 FROM {table(ds)} d LEFT JOIN p ON {on} WHERE d.batch_id = ?) c
               ORDER BY (perubahan = 'sama'), {keys}"""


def freshness() -> str:
    """Per dataset: its latest active batch (when, by whom, which file), its current rows, how many of them come from
    sample batches and, for a dataset by district, those rows' districts (comma-separated; '' when none). One scan of
    the current rows per dataset."""
    parts = []
    for ds in DATASETS.values():
        district = (
            "string_agg(DISTINCT CASE WHEN b.contoh AND v.kode_wilayah <> '' THEN v.kode_wilayah END, ',' "
            "ORDER BY CASE WHEN b.contoh AND v.kode_wilayah <> '' THEN v.kode_wilayah END)"
            if "kode_wilayah" in ds.kolom_nama
            else "CAST(NULL AS VARCHAR)"
        )
        parts.append(
            f"""SELECT CAST('{ds.nama}' AS VARCHAR) AS dataset,
            (SELECT max(b.id) FROM batch b WHERE b.aktif AND b.dataset = '{ds.nama}') AS batch_id,
            c.baris, c.baris_contoh, coalesce(c.wilayah_contoh, '') AS wilayah_contoh
            FROM (SELECT count(*) AS baris, count(*) FILTER (WHERE b.contoh) AS baris_contoh, {district} AS wilayah_contoh
                  FROM ({current_rows(ds)}) v JOIN batch b ON b.id = v.batch_id) c"""
        )
    return f"""SELECT f.dataset, f.batch_id, f.baris, f.baris_contoh, f.wilayah_contoh, b.waktu, b.pengguna,
               b.nama_berkas FROM ({" UNION ALL ".join(parts)}) f LEFT JOIN batch b ON b.id = f.batch_id"""


# The datasets each district reports every month (sdm and penduduk are yearly, ska is the Sentra's own): their
# completeness and timeliness (lib.figures.quality) follow the batches that brought each district's month.
MONTHLY = ("pas", "layanan", "program")


def first_reports() -> str:
    """Per monthly dataset, district and month: when the earliest active batch holding a row of it was saved (UTC)."""
    parts = [
        f"""SELECT CAST('{name}' AS VARCHAR) AS dataset, d.kode_wilayah, d.periode, min(b.waktu) AS waktu
            FROM {table(DATASETS[name])} d JOIN batch b ON b.id = d.batch_id WHERE b.aktif
            GROUP BY d.kode_wilayah, d.periode"""
        for name in MONTHLY
    ]
    return f"SELECT * FROM ({' UNION ALL '.join(parts)}) r ORDER BY dataset, kode_wilayah, periode"
